// `etl table optimize|vacuum|checkpoint`: maintenance of a Delta table from the command line. Each verb is a
// typed function (tests call it directly) and a commander registration on the `table` group.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_TARGET_SIZE_BYTES, type TableOptions, openTable, parsePredicateText } from '../../lake';
import { type Output, stdout, tableOptionsFromEnv } from './table';

export interface OptimizeCommandOptions {
  readonly targetSize?: number;
  readonly dryRun?: boolean;
  /** `--where` text on partition columns (the syntax of `etl table show --where`). */
  readonly where?: string;
}

export async function optimizeCommand(
  uri: string,
  options: OptimizeCommandOptions = {},
  out: Output = stdout,
  tableOptions: TableOptions = tableOptionsFromEnv(),
): Promise<void> {
  const table = openTable(uri, tableOptions);
  const result = await table.optimize({
    ...(options.targetSize === undefined ? {} : { targetSizeBytes: options.targetSize }),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.where === undefined ? {} : { where: parsePredicateText(options.where) }),
  });
  if (result === undefined) {
    await out.write(`${table.uri}: nothing to compact\n`);
    return;
  }
  const m = result.metrics ?? {};
  if (result.noop) {
    await out.write(
      `${table.uri}: would compact ${m.numRemovedFiles} files (${formatBytes(m.numRemovedBytes)}) into ${m.bins}\n`,
    );
    return;
  }
  await out.write(
    `${table.uri}: version ${result.version}: compacted ${m.numRemovedFiles} files (${formatBytes(m.numRemovedBytes)}) ` +
      `into ${m.numAddedFiles} (${formatBytes(m.numAddedBytes)})\n`,
  );
}

export interface VacuumCommandOptions {
  readonly retentionHours?: number;
  readonly allowShortRetention?: boolean;
  readonly dryRun?: boolean;
}

export async function vacuumCommand(
  uri: string,
  options: VacuumCommandOptions = {},
  out: Output = stdout,
  tableOptions: TableOptions = tableOptionsFromEnv(),
): Promise<string[]> {
  const table = openTable(uri, tableOptions);
  const paths = await table.vacuum({
    ...(options.retentionHours === undefined ? {} : { retentionHours: options.retentionHours }),
    ...(options.allowShortRetention ? { force: true } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  const verb = options.dryRun ? 'would delete' : 'deleted';
  await out.write(
    paths.map((p) => `${verb} ${p}\n`).join('') + `${table.uri}: ${verb} ${paths.length} files\n`,
  );
  return paths;
}

export async function checkpointCommand(
  uri: string,
  out: Output = stdout,
  tableOptions: TableOptions = tableOptionsFromEnv(),
): Promise<number> {
  const table = openTable(uri, tableOptions);
  const version = await table.checkpoint();
  await out.write(`${table.uri}: checkpoint written at version ${version}\n`);
  return version;
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '? B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** `134217728`, `128MiB`, `1GiB`, `500KB` (decimal units are powers of 1000). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/i.exec(text.trim());
  const factors: Record<string, number> = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
  };
  const bytes = match ? Number(match[1]) * (factors[(match[2] ?? 'b').toLowerCase()] ?? 1) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new InvalidArgumentError('expected a size such as 134217728, 128MiB or 1GiB');
  }
  return Math.floor(bytes);
}

function parseHours(text: string): number {
  const hours = Number(text);
  if (text.trim() === '' || !Number.isFinite(hours) || hours < 0) {
    throw new InvalidArgumentError('expected a number of hours ≥ 0, e.g. 168');
  }
  return hours;
}

export function register(table: Command): void {
  table
    .command('optimize')
    .description('compact small data files into files of about --target-size (rows unchanged)')
    .argument('<uri>', 'table location: a path, file:///… or s3://bucket/prefix')
    .addOption(
      new Option(
        '--target-size <size>',
        `target file size (default ${DEFAULT_TARGET_SIZE_BYTES / 1024 ** 2}MiB)`,
      ).argParser(parseSize),
    )
    .option('--dry-run', 'plan only; commit nothing')
    .option('--where <condition>', 'only partitions matching this, e.g. "SETTLEMENTDATE >= \'2024-06-01\'"')
    .action(async (uri: string, opts: OptimizeCommandOptions) => {
      await optimizeCommand(uri, opts);
    });

  table
    .command('vacuum')
    .description('delete data files no version within the retention references')
    .argument('<uri>', 'table location')
    .addOption(
      new Option(
        '--retention-hours <hours>',
        "keep what versions of the last N hours need (default: the table's delta.deletedFileRetentionDuration, 168)",
      ).argParser(parseHours),
    )
    .option(
      '--allow-short-retention',
      'accept a retention below the table threshold (breaks time travel and running readers)',
    )
    .option('--dry-run', 'list the files without deleting them')
    .action(async (uri: string, opts: VacuumCommandOptions) => {
      await vacuumCommand(uri, opts);
    });

  table
    .command('checkpoint')
    .description('write a checkpoint of the latest version (and _last_checkpoint)')
    .argument('<uri>', 'table location')
    .action(async (uri: string) => {
      await checkpointCommand(uri);
    });
}
