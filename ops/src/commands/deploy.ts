// `ops deploy <stack>`: `pulumi up` for the stack, after printing exactly what will run.
import type { Io } from '../io';
import { formatCommand, runPulumi } from '../pulumi';

export interface DeployOptions {
  readonly stack: string;
  /** Skip Pulumi's own confirmation prompt (CI). */
  readonly yes?: boolean;
  /** Print the command and stop. */
  readonly dryRun?: boolean;
}

export async function deploy(options: DeployOptions, io: Io): Promise<void> {
  const args = ['up', '--stack', options.stack, ...(options.yes ? ['--yes'] : [])];
  io.err(`will run: ${formatCommand(args)}\n`);
  if (options.dryRun) return;
  await runPulumi(args);
}
