// The Pulumi CLI, run through zx. The one place ops shells out, so the binary, its environment and
// the translation of failures live together.
import { $, ProcessOutput } from 'zx';
import { PulumiFailedError } from './errors';

export interface RunPulumiOptions {
  /** Collect stdout and return it (for `stack output`); otherwise the child shares the terminal. */
  readonly capture?: boolean;
  readonly cwd?: string;
}

/** The command line as an operator would type it, for "will run" lines and error messages. */
export function formatCommand(args: readonly string[]): string {
  return ['pulumi', ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export async function runPulumi(args: readonly string[], options: RunPulumiOptions = {}): Promise<string> {
  const shell = $({
    quiet: true,
    verbose: false,
    cwd: options.cwd,
    stdio: options.capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
  });
  try {
    const result = await shell`pulumi ${args}`;
    return result.stdout;
  } catch (error) {
    if (error instanceof ProcessOutput)
      throw new PulumiFailedError(formatCommand(args), error.exitCode, { cause: error });
    throw new PulumiFailedError(formatCommand(args), null, { cause: error });
  }
}
