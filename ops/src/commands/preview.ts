// `ops preview <stack>`: `pulumi preview --diff`, after printing exactly what will run.
import type { Io } from '../io';
import { formatCommand, runPulumi } from '../pulumi';

export interface PreviewOptions {
  readonly stack: string;
  readonly dryRun?: boolean;
}

export async function preview(options: PreviewOptions, io: Io): Promise<void> {
  const args = ['preview', '--diff', '--stack', options.stack];
  io.err(`will run: ${formatCommand(args)}\n`);
  if (options.dryRun) return;
  await runPulumi(args);
}
