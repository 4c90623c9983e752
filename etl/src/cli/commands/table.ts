// Placeholder until `etl table show|history|schema` is built (issue #4); returns the `table` command group.
import type { Command } from 'commander';

export function register(program: Command): Command {
  return program.command('table').description('inspect and maintain Delta tables');
}
