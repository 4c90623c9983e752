// `ops destroy <stack>`: `pulumi destroy`, refused for protected stacks unless --allow-protected-stack.
import { ProtectedStackError } from '../errors';
import type { Io } from '../io';
import { isProtectedStack } from '../protected-stacks';
import { formatCommand, runPulumi } from '../pulumi';

export interface DestroyOptions {
  readonly stack: string;
  readonly allowProtectedStack?: boolean;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
}

export async function destroy(options: DestroyOptions, io: Io): Promise<void> {
  if (isProtectedStack(options.stack) && !options.allowProtectedStack) {
    throw new ProtectedStackError(options.stack);
  }
  const args = ['destroy', '--stack', options.stack, ...(options.yes ? ['--yes'] : [])];
  io.err(`will run: ${formatCommand(args)}\n`);
  if (options.dryRun) return;
  await runPulumi(args);
}
