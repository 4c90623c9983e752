// `npm run plan -- <stack> [--json]`: evaluates the real program for a stack under mocks and prints the plan.
// Exit codes: 0 printed, 1 the stack configuration is invalid (message only), 2 usage error, 3 a bug (stack).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { evaluateStack } from './evaluate';
import { formatPlanJson, formatPlanText } from './plan';
import { REPOSITORY_ROOT } from './stack-files';

export interface PlanIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE =
  'usage: npm run plan -- <stack> [--json]   (stacks: the Pulumi.<stack>.yaml files in the repository root)\n';

export async function runPlanCommand(
  argv: readonly string[],
  io: PlanIo,
  root = REPOSITORY_ROOT,
): Promise<number> {
  const flags = argv.filter((a) => a.startsWith('-'));
  const positional = argv.filter((a) => !a.startsWith('-'));
  const unknown = flags.filter((f) => f !== '--json');
  const stack = positional[0];
  if (!stack || positional.length > 1 || unknown.length > 0) {
    io.stderr(unknown.length > 0 ? `unknown option ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return 2;
  }
  if (!existsSync(path.join(root, `Pulumi.${stack}.yaml`))) {
    io.stderr(`no stack file Pulumi.${stack}.yaml in ${root}\n${USAGE}`);
    return 2;
  }
  try {
    const evaluation = await evaluateStack(stack, { root });
    io.stdout(flags.includes('--json') ? formatPlanJson(evaluation) : formatPlanText(evaluation));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    io.stderr(
      `plan failed unexpectedly; this is a bug:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 3;
  }
}

if (require.main === module) {
  void runPlanCommand(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
