// `ops`: the operator CLI. Parses argv (commander), runs one command, and owns the single top-level error
// handler. Exit codes (also in docs/ops.md):
//   0 success · 2 usage · 3 stack outputs unusable · 4 protected stack · 5 pulumi failed · 6 AWS request failed
//   7 SSH connection failed · 8 host key mismatch · 9 forward refused by the bastion · 10 services not stable
//   11 stack configuration invalid (offline plan) · 70 a bug (stack trace printed)
//   `ops ssh … -- cmd` exits with the remote command's status.
import { Argument, Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../../infra/src/config/errors';
import { deploy } from './commands/deploy';
import { destroy } from './commands/destroy';
import { plan } from './commands/plan';
import { preview } from './commands/preview';
import { redeploy } from './commands/redeploy';
import { ssh, SSH_HOSTS, type SshHost } from './commands/ssh';
import { status } from './commands/status';
import { tunnel } from './commands/tunnel';
import { OpsError, type OpsErrorCode } from './errors';
import { createIo, type Io } from './io';

export const EXIT_CODES: Readonly<Record<OpsErrorCode, number>> = {
  USAGE: 2,
  STACK_OUTPUTS: 3,
  PROTECTED_STACK: 4,
  PULUMI_FAILED: 5,
  AWS_REQUEST: 6,
  SSH_CONNECT: 7,
  HOST_KEY_MISMATCH: 8,
  SSH_FORWARD_DENIED: 9,
  NOT_STABLE: 10,
};
export const EXIT_CONFIG_INVALID = 11;
export const EXIT_BUG = 70;

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new CommanderError(2, 'ops.invalidNumber', `${name} must be a positive number, got "${value}"`);
    return n;
  };
}

const outputsFileOption = () =>
  new Option(
    '--outputs-file <json>',
    'read the stack outputs from this file instead of `pulumi stack output --json`',
  );

/** Builds the program; each action stores its exit status in `result.exitCode`. */
export function buildProgram(io: Io, result: { exitCode: number }): Command {
  const program = new Command('ops')
    .description('Operate the energy-market platform: deploy, plan, redeploy Dagster, ssh, tunnels, status.')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) })
    .showHelpAfterError('(ops --help lists the commands)');

  program
    .command('deploy')
    .description('pulumi up for the stack')
    .argument('<stack>')
    .option('--yes', 'skip the Pulumi confirmation prompt')
    .option('--dry-run', 'print the command and stop')
    .action((stack: string, o: { yes?: boolean; dryRun?: boolean }) => deploy({ stack, ...o }, io));

  program
    .command('preview')
    .description('pulumi preview --diff for the stack')
    .argument('<stack>')
    .option('--dry-run', 'print the command and stop')
    .action((stack: string, o: { dryRun?: boolean }) => preview({ stack, ...o }, io));

  program
    .command('destroy')
    .description('pulumi destroy; protected stacks (prod, protectData) need --allow-protected-stack')
    .argument('<stack>')
    .option('--allow-protected-stack', 'allow destroying a stack whose data is protected')
    .option('--yes', 'skip the Pulumi confirmation prompt')
    .option('--dry-run', 'print the command and stop')
    .action((stack: string, o: { allowProtectedStack?: boolean; yes?: boolean; dryRun?: boolean }) =>
      destroy({ stack, ...o }, io),
    );

  program
    .command('plan')
    .description("infra's offline plan: the real program under mocks, no cloud")
    .argument('<stack>')
    .option('--offline', 'required: evaluate under mocks')
    .option('--json', 'everything, secrets shown as [secret]')
    .action((stack: string, o: { offline?: boolean; json?: boolean }) =>
      plan({ stack, offline: o.offline === true, json: o.json }, io),
    );

  program
    .command('redeploy')
    .description('force new deployments of the Dagster ECS services, optionally wait until stable')
    .addArgument(new Argument('<what>').choices(['dagster']))
    .argument('<stack>')
    .option('--service <key...>', 'only these services (keys of the ecs.services output)')
    .option('--wait', 'wait until every service is stable')
    .option(
      '--poll-delay <seconds>',
      'seconds between polls while waiting',
      positiveNumber('--poll-delay'),
      15,
    )
    .option('--timeout <minutes>', 'give up waiting after this long', positiveNumber('--timeout'), 30)
    .addOption(outputsFileOption())
    .action(
      (
        _what: string,
        stack: string,
        o: { service?: string[]; wait?: boolean; pollDelay: number; timeout: number; outputsFile?: string },
      ) =>
        redeploy(
          {
            stack,
            outputsFile: o.outputsFile,
            services: o.service,
            wait: o.wait,
            pollDelayMs: o.pollDelay * 1000,
            timeoutMs: o.timeout * 60_000,
          },
          io,
        ),
    );

  program
    .command('ssh')
    .description('a shell or one command on the bastion, or on caddy through the bastion')
    .addArgument(new Argument('<host>').choices([...SSH_HOSTS]))
    .argument('<stack>')
    .argument('[command...]', 'after --: run this instead of a shell')
    .option('--user <name>', 'login user', 'ec2-user')
    .addOption(outputsFileOption())
    .action(
      async (host: SshHost, stack: string, command: string[], o: { user: string; outputsFile?: string }) => {
        result.exitCode = await ssh({ host, stack, command, user: o.user, outputsFile: o.outputsFile }, io, {
          stdin: process.stdin,
          stdout: process.stdout,
          stderr: process.stderr,
        });
      },
    );

  program
    .command('tunnel')
    .description('forward 127.0.0.1:<local-port> through the bastion to <target> (host:port or "database")')
    .argument('<stack>')
    .argument('<local-port>')
    .argument('<target>')
    .option('--user <name>', 'login user', 'ec2-user')
    .addOption(outputsFileOption())
    .action(
      async (stack: string, localPort: string, target: string, o: { user: string; outputsFile?: string }) => {
        const open = await tunnel(
          {
            stack,
            localPort: /^\d+$/.test(localPort) ? Number(localPort) : NaN,
            target,
            user: o.user,
            outputsFile: o.outputsFile,
          },
          io,
        );
        const stop = () => void open.close();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await open.closed;
      },
    );

  program
    .command('status')
    .description('instances, Dagster services and URLs of the stack')
    .argument('<stack>')
    .option('--json', 'machine-readable')
    .addOption(outputsFileOption())
    .action(async (stack: string, o: { json?: boolean; outputsFile?: string }) => {
      await status({ stack, json: o.json, outputsFile: o.outputsFile }, io);
    });

  return program;
}

/** Runs ops with `argv` (without node and script) and returns the exit status; never throws. */
export async function main(argv: readonly string[], io: Io = createIo()): Promise<number> {
  const result = { exitCode: 0 };
  try {
    await buildProgram(io, result).parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'ops.invalidNumber') io.err(`${error.message}\n`);
      return EXIT_CODES.USAGE;
    }
    if (error instanceof OpsError) {
      io.err(`ops: ${error.message}\n`);
      return EXIT_CODES[error.code];
    }
    if (error instanceof ConfigError) {
      io.err(`ops: ${error.message}\n`);
      return EXIT_CONFIG_INVALID;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`ops failed unexpectedly; this is a bug, please report it:\n${detail}\n`);
    return EXIT_BUG;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
