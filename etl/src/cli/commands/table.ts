// `etl table show|history|schema`: read any Delta table (local path, file:// or s3://) from the command line.
// Returns the `table` command group; the maintenance verbs (optimize, vacuum, checkpoint) hang off it elsewhere.
// Row encoding for jsonl/csv is documented in docs/delta-engine.md "Row encoding".
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type EncodedValue,
  type HistoryEntry,
  type Predicate,
  RawNumber,
  type TableOptions,
  encodeRows,
  findField,
  formatDataType,
  openTable,
  parsePredicateText,
  stringifyEncoded,
} from '../../lake';

/** Where command output goes; stdout by default, a buffer in tests. */
export interface Output {
  write(text: string): void | Promise<void>;
}

export const stdout: Output = {
  write: (text) =>
    process.stdout.write(text)
      ? undefined
      : new Promise<void>((resolve) => process.stdout.once('drain', () => resolve())),
};

export interface ShowOptions {
  readonly version?: number;
  readonly timestamp?: Date;
  readonly format?: 'jsonl' | 'csv';
  readonly limit?: number;
  /** `--where` text (see lake/read/predicate-text.ts) or a parsed predicate. */
  readonly where?: string | Predicate;
  readonly columns?: readonly string[];
}

/**
 * Writes the table's rows, collecting one data file at a time so memory stays bounded by the largest file.
 * Returns the number of rows written.
 */
export async function showTable(
  uri: string,
  options: ShowOptions = {},
  out: Output = stdout,
  tableOptions: TableOptions = tableOptionsFromEnv(),
): Promise<number> {
  const filter = typeof options.where === 'string' ? parsePredicateText(options.where) : options.where;
  const { snapshot, frames } = await openTable(uri, tableOptions).scanByFile({
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    ...(options.columns === undefined ? {} : { columns: options.columns }),
    ...(filter === undefined ? {} : { filter }),
  });
  const fields =
    options.columns === undefined
      ? snapshot.schema.fields
      : options.columns.map((n) => findField(snapshot.schema, n)!);
  const names = fields.map((f) => f.name);
  const schema = { kind: 'struct' as const, fields };
  const csv = options.format === 'csv';
  if (csv) await out.write(names.map(csvCell).join(',') + '\n');
  let remaining = options.limit ?? Infinity;
  let written = 0;
  for (const frame of frames) {
    if (remaining <= 0) break;
    const df = await (Number.isFinite(remaining) ? frame.limit(remaining) : frame).collect();
    let chunk = '';
    for (const row of encodeRows(df, schema)) {
      chunk += csv ? names.map((n) => csvCell(row[n] ?? null)).join(',') : stringifyEncoded(row);
      chunk += '\n';
      written++;
    }
    remaining -= df.height;
    if (chunk !== '') await out.write(chunk);
  }
  return written;
}

/**
 * RFC 4180 cells: NULL is an empty field and the empty string is `""`, so they stay distinguishable; nested values
 * are their JSON text.
 */
function csvCell(value: EncodedValue | string): string {
  if (value === null) return '';
  if (value instanceof RawNumber) return value.digits;
  const text =
    typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : stringifyEncoded(value);
  return text === '' || /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface HistoryOptions {
  readonly limit?: number;
  readonly format?: 'text' | 'jsonl';
}

export async function showHistory(
  uri: string,
  options: HistoryOptions = {},
  out: Output = stdout,
  tableOptions: TableOptions = tableOptionsFromEnv(),
): Promise<HistoryEntry[]> {
  const entries = await openTable(uri, tableOptions).history(options.limit);
  if (options.format === 'jsonl') {
    await out.write(
      entries
        .map(
          (e) =>
            JSON.stringify({
              version: e.version,
              timestamp: new Date(e.timestampMs).toISOString(),
              ...e.commitInfo,
            }) + '\n',
        )
        .join(''),
    );
    return entries;
  }
  const lines = entries.map((e) =>
    [
      String(e.version).padStart(6),
      new Date(e.timestampMs).toISOString(),
      (e.operation ?? '-').padEnd(18),
      e.operationParameters === undefined ? '' : JSON.stringify(e.operationParameters),
    ].join('  '),
  );
  await out.write(
    `${'version'.padStart(6)}  ${'timestamp'.padEnd(24)}  ${'operation'.padEnd(18)}  parameters\n`,
  );
  await out.write(lines.map((l) => l.trimEnd() + '\n').join(''));
  return entries;
}

export interface SchemaOptions {
  readonly version?: number;
  readonly format?: 'text' | 'json';
}

/** Prints the schema, partition columns and protocol. Works on tables this reader refuses to scan. */
export async function showSchema(
  uri: string,
  options: SchemaOptions = {},
  out: Output = stdout,
  tableOptions: TableOptions = tableOptionsFromEnv(),
): Promise<void> {
  const snapshot = await openTable(uri, tableOptions).snapshot({
    ...(options.version === undefined ? {} : { version: options.version }),
    checkSupport: false,
  });
  if (options.format === 'json') {
    await out.write(
      JSON.stringify(
        {
          version: snapshot.version,
          protocol: snapshot.protocol,
          partitionColumns: snapshot.partitionColumns,
          schema: JSON.parse(snapshot.metadata.schemaString) as unknown,
          configuration: snapshot.metadata.configuration,
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  const partitions = new Set(snapshot.partitionColumns);
  const width = Math.max(...snapshot.schema.fields.map((f) => f.name.length), 6);
  const p = snapshot.protocol;
  const features = [...(p.readerFeatures ?? []), ...(p.writerFeatures ?? [])];
  let text = `${snapshot.table} version ${snapshot.version} (protocol reader ${p.minReaderVersion}, writer ${p.minWriterVersion}${features.length > 0 ? `; features ${[...new Set(features)].join(', ')}` : ''})\n`;
  for (const f of snapshot.schema.fields) {
    const notes = [f.nullable ? '' : 'not null', partitions.has(f.name) ? 'partition' : ''].filter(
      (n) => n !== '',
    );
    text += `  ${f.name.padEnd(width)}  ${formatDataType(f.type)}${notes.length > 0 ? `  (${notes.join(', ')})` : ''}\n`;
  }
  await out.write(text);
}

/** S3-compatible endpoints for tables on s3:// come from the standard AWS variables. */
export function tableOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TableOptions {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (endpoint === undefined && region === undefined) return {};
  return {
    s3: {
      ...(region === undefined ? {} : { region }),
      ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    },
  };
}

function parseCount(name: string) {
  return (text: string): number => {
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      throw new InvalidArgumentError(`${name} must be an integer ≥ 0`);
    }
    return Number(text);
  };
}

function parseInstant(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('expected an ISO-8601 instant, e.g. 2024-05-01T00:00:00Z');
  }
  return date;
}

export function register(program: Command): Command {
  const table = program.command('table').description('inspect and maintain Delta tables');

  table
    .command('show')
    .description('print rows of a Delta table as JSON lines or CSV')
    .argument('<uri>', 'table location: a path, file:///… or s3://bucket/prefix')
    .addOption(
      new Option('--version <n>', 'read this version (time travel)')
        .argParser(parseCount('--version'))
        .conflicts('timestamp'),
    )
    .addOption(
      new Option('--timestamp <instant>', 'read the version current at this instant').argParser(parseInstant),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .addOption(new Option('--limit <n>', 'print at most n rows').argParser(parseCount('--limit')))
    .option('--where <condition>', 'filter, e.g. "region = \'NSW1\' and price >= 100"')
    .option('--columns <names>', 'comma-separated columns to print', (text: string) =>
      text.split(',').map((c) => c.trim()),
    )
    .action(async (uri: string, opts: ShowOptions) => {
      await showTable(uri, opts);
    });

  table
    .command('history')
    .description('list the commits of a Delta table, newest first')
    .argument('<uri>', 'table location')
    .addOption(new Option('--limit <n>', 'at most n commits').argParser(parseCount('--limit')))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'jsonl']).default('text'))
    .action(async (uri: string, opts: HistoryOptions) => {
      await showHistory(uri, opts);
    });

  table
    .command('schema')
    .description('print the schema, partition columns and protocol of a Delta table')
    .argument('<uri>', 'table location')
    .addOption(new Option('--version <n>', 'at this version').argParser(parseCount('--version')))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (uri: string, opts: SchemaOptions) => {
      await showSchema(uri, opts);
    });

  return table;
}
