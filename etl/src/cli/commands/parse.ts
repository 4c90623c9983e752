// `etl parse <file>`: reads an AEMO file (.csv/.CSV, or a zip with nested zips expanded) and prints its sections,
// versions, row counts and footer check, or with `--format jsonl` every row as a JSON object. A file that fails
// to parse is reported and the others still run; the command then exits non-zero.
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import {
  listReportFiles,
  ParseError,
  readReport,
  type FileHeader,
  type ParseEvent,
  type Section,
} from '../../parse';

export type ParseFormat = 'summary' | 'jsonl';

export interface ParseCommandOptions {
  readonly file: string;
  readonly format: ParseFormat;
  readonly output: Writable;
}

export interface FileSummary {
  readonly displayName: string;
  readonly header: FileHeader | null;
  readonly sections: Array<{ section: Section; rows: number }>;
  readonly footer: Extract<ParseEvent, { kind: 'footer' }> | null;
  readonly warnings: Array<Extract<ParseEvent, { kind: 'warning' }>>;
  readonly error: ParseError | null;
}

/** An input the command cannot start on (missing file, a directory). */
export class ParseCommandError extends Error {
  readonly expected = true;
  constructor(
    readonly code: 'FILE_NOT_FOUND' | 'NOT_A_FILE' | 'NO_REPORT_FILES' | 'FILES_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'ParseCommandError';
  }
}

export function register(program: Command): void {
  program
    .command('parse')
    .description(
      'parse an AEMO file (.csv or .zip, nested zips expanded): sections, versions, row counts, footer check',
    )
    .argument('<file>', 'a .csv/.CSV report or a .zip of reports')
    .addOption(
      new Option('--format <format>', 'summary table, or every row as a JSON object per line')
        .choices(['summary', 'jsonl'])
        .default('summary'),
    )
    .action(async (file: string, options: { format: ParseFormat }) => {
      await parseCommand({ file, format: options.format, output: process.stdout });
    });
}

export async function parseCommand({ file, format, output }: ParseCommandOptions): Promise<FileSummary[]> {
  await assertFile(file);
  const summaries: FileSummary[] = [];
  // Output errors surface through the pending write (see write()); this listener only keeps an error emitted
  // between writes from crashing the process. A reader that goes away (`… --format jsonl | head`) ends the
  // command quietly, not as a bug.
  const onOutputError = (): void => {};
  output.on('error', onOutputError);
  try {
    return await parseAll(file, format, output, summaries);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return summaries;
    throw error;
  } finally {
    output.off('error', onOutputError);
  }
}

async function parseAll(
  file: string,
  format: ParseFormat,
  output: Writable,
  summaries: FileSummary[],
): Promise<FileSummary[]> {
  try {
    for await (const report of listReportFiles(file)) {
      const summary = await parseOne(report.displayName, await report.open(), format, output);
      summaries.push(summary);
      if (format === 'summary') await write(output, formatSummary(summary));
    }
  } catch (error) {
    // A zip that cannot be opened or walked: nothing more to read in it.
    if (!(error instanceof ParseError)) throw error;
    const summary = emptySummary(error.file, error);
    summaries.push(summary);
    if (format === 'summary') await write(output, formatSummary(summary));
  }
  if (summaries.length === 0) {
    throw new ParseCommandError('NO_REPORT_FILES', `${file}: the zip holds no files`);
  }
  const failed = summaries.filter((s) => s.error !== null);
  if (failed.length > 0) {
    throw new ParseCommandError(
      'FILES_FAILED',
      `${failed.length} of ${summaries.length} report file(s) failed to parse:\n` +
        failed.map((s, i) => `  ${i + 1}. ${s.error!.message}`).join('\n'),
    );
  }
  return summaries;
}

async function parseOne(
  displayName: string,
  source: AsyncIterable<Uint8Array>,
  format: ParseFormat,
  output: Writable,
): Promise<FileSummary> {
  const summary: FileSummary & {
    header: FileHeader | null;
    footer: FileSummary['footer'];
    error: ParseError | null;
  } = emptySummary(displayName, null);
  const counts = new Map<Section, { section: Section; rows: number }>();
  try {
    for await (const event of readReport(source, displayName)) {
      switch (event.kind) {
        case 'file-header':
          summary.header = event.header;
          break;
        case 'section': {
          const entry = { section: event.section, rows: 0 };
          counts.set(event.section, entry);
          summary.sections.push(entry);
          break;
        }
        case 'rows':
          counts.get(event.section)!.rows += event.rows.length;
          if (format === 'jsonl') await write(output, toJsonLines(displayName, event.section, event.rows));
          break;
        case 'footer':
          summary.footer = event;
          break;
        case 'warning':
          summary.warnings.push(event);
          break;
        default:
          break;
      }
    }
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    summary.error = error;
  }
  return summary;
}

function emptySummary(
  displayName: string,
  error: ParseError | null,
): FileSummary & { header: FileHeader | null; footer: FileSummary['footer']; error: ParseError | null } {
  return { displayName, header: null, sections: [], footer: null, warnings: [], error };
}

function toJsonLines(
  file: string,
  section: Section,
  rows: ReadonlyArray<{ lineNumber: number; values: string[] }>,
): string {
  const { columns } = section;
  let text = '';
  for (const row of rows) {
    const record: Record<string, string | number | null> = {
      _file: file,
      _report: section.report,
      _subtype: section.subtype,
      _version: section.version,
      _line: row.lineNumber,
    };
    for (let i = 0; i < columns.length; i++) {
      const value = row.values[i]!;
      record[columns[i]!] = value === '' ? null : value;
    }
    text += JSON.stringify(record) + '\n';
  }
  return text;
}

/** The human summary of one report file; a stable, plain-text layout (tests pin it). */
export function formatSummary(summary: FileSummary): string {
  const lines = [summary.displayName];
  const { header } = summary;
  if (header !== null) {
    lines.push(
      `  report ${header.reportName} from ${header.system}, created ${header.createdAtText} (AEST), id ${header.reportId}`,
    );
  }
  if (summary.sections.length > 0) {
    const rows = summary.sections.map(({ section, rows: count }) => [
      section.subtype === '' ? section.report : `${section.report},${section.subtype}`,
      String(section.version),
      String(section.columns.length),
      String(count),
    ]);
    lines.push(...table([['section', 'version', 'columns', 'rows'], ...rows]).map((line) => `  ${line}`));
  }
  const { footer } = summary;
  if (footer !== null) {
    const declared = footer.declaredRows === null ? 'no count' : `${footer.declaredRows} lines`;
    lines.push(
      `  footer declares ${declared}, counted ${footer.countedRows}: ${footer.isMismatch ? 'MISMATCH' : 'ok'}`,
    );
  }
  for (const warning of summary.warnings) {
    lines.push(
      `  warning ${warning.code}${warning.lineNumber === undefined ? '' : ` (line ${warning.lineNumber})`}: ${warning.message}`,
    );
  }
  if (summary.error !== null) lines.push(`  error ${summary.error.code}: ${summary.error.message}`);
  return lines.join('\n') + '\n';
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

async function assertFile(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ParseCommandError('FILE_NOT_FOUND', `${file}: no such file; pass a .csv or .zip AEMO report`);
  }
  if (!info.isFile())
    throw new ParseCommandError('NOT_A_FILE', `${file}: not a file; pass a .csv or .zip AEMO report`);
}

function write(output: Writable, text: string): Promise<void> {
  if (output.destroyed) return Promise.reject(Object.assign(new Error('output closed'), { code: 'EPIPE' }));
  if (text.length === 0 || output.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      output.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      output.off('drain', onDrain);
      reject(error);
    };
    output.once('drain', onDrain);
    output.once('error', onError);
  });
}
