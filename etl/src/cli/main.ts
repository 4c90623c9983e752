// Entry point of the `etl` command: wires each command module into one commander program and owns the single
// top-level error handler. Each command lives in commands/<name>.ts and exports `register(program)`.
import { Command } from 'commander';
import { register as registerAssets } from './commands/assets';
import { register as registerParse } from './commands/parse';
import { register as registerQuarantine } from './commands/quarantine';
import { register as registerRun } from './commands/run';
import { register as registerTable } from './commands/table';
import { register as registerTableMaintenance } from './commands/table-maintenance';
import { exitCodeFor, formatError } from './errors';

export function buildProgram(): Command {
  const program = new Command('etl')
    .description('AEMO market data into a Delta Lake medallion')
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  registerAssets(program);
  registerParse(program);
  registerQuarantine(program);
  const table = registerTable(program);
  registerTableMaintenance(table);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    const code = exitCodeFor(error);
    if (code !== 0) process.stderr.write(formatError(error) + '\n');
    return code;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
