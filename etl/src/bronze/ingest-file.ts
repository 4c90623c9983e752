// Loads one landed file into bronze, exactly once. Two passes over the bytes: the first parses everything and
// counts rows per table (a malformed file is rejected before any row reaches a table, so a quarantined file has no
// rows in bronze); the second writes batches. Each batch is an append carrying the Delta transaction id
// (appId = the file's identity, version = the batch's ordinal in that table), so a batch replayed after a crash or a
// retry is a no-op (Delta PROTOCOL.md, "Transaction Identifiers"); the completion record is written by the caller.
import type { Report } from '../catalog';
import { bronzeTableName } from '../catalog';
import type { LandedFile } from '../landing';
import { openTable, type StorageOptions } from '../lake';
import type { ParseEvent, Section } from '../parse';
import { BronzeError } from './errors';
import { clashesWithLineage } from './lineage';
import { readLandedFile } from './report-files';
import { TableBatch } from './table-batch';

export interface IngestContext {
  /** `(table) => uri` of a bronze table. */
  readonly tableUri: (table: string) => string;
  readonly storage: StorageOptions;
  readonly onRowsWritten?: (info: {
    table: string;
    rows: number;
    version: number;
    isNoop: boolean;
    batch: number;
  }) => void;
  readonly onWarning?: (info: { member: string; code: string; message: string; line?: number }) => void;
}

export interface IngestResult {
  /** Rows per bronze table. */
  readonly tables: Readonly<Record<string, number>>;
  readonly rows: number;
  readonly warnings: number;
}

/** The transaction appId of a landed file: its path and content hash. */
export function fileTransactionId(file: Pick<LandedFile, 'path' | 'sha256'>): string {
  return `bronze:${file.path}#${file.sha256.slice(0, 16)}`;
}

export async function ingestFile(
  report: Report,
  file: LandedFile,
  bytes: Uint8Array,
  context: IngestContext,
): Promise<IngestResult> {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const tableOf = (section: Section): string =>
    report.format === 'csv' && report.csv
      ? `${report.csv.table}_v${section.version}`
      : bronzeTableName(section.report, section.subtype, section.version);
  const gas = report.csv?.headerlessColumns ? { headerlessColumns: report.csv.headerlessColumns } : {};

  // Pass 1: validate the whole file.
  const counts: Record<string, number> = {};
  let warnings = 0;
  for await (const piece of readLandedFile(name, bytes, gas)) {
    const { member } = piece;
    if ('skipped' in piece) {
      warnings += 1;
      context.onWarning?.({
        member,
        code: 'NOT_A_CSV_MEMBER',
        message: `zip member ${member} is not a CSV; not loaded`,
      });
      continue;
    }
    let hasHeader = false;
    for await (const event of piece.events) {
      if (event.kind === 'file-header') hasHeader = true;
      if (event.kind === 'section') {
        if (report.format === 'cid' && !hasHeader) {
          throw new BronzeError(
            'NOT_CID',
            event.file,
            `expected an AEMO C/I/D report (a C header row first) for ${report.id}, got a headered CSV`,
            event.section.lineNumber,
          );
        }
        const clash = event.section.columns.find(clashesWithLineage);
        if (clash !== undefined) {
          throw new BronzeError(
            'LINEAGE_COLUMN_CLASH',
            event.file,
            `column "${clash}" of ${event.section.id} clashes with a bronze lineage column`,
            event.section.lineNumber,
          );
        }
        const table = tableOf(event.section);
        counts[table] ??= 0;
      } else if (event.kind === 'rows') {
        const table = tableOf(event.section);
        counts[table] = (counts[table] ?? 0) + event.rows.length;
      } else if (event.kind === 'warning') {
        warnings += 1;
        context.onWarning?.({
          member,
          code: event.code,
          message: event.message,
          ...(event.lineNumber === undefined ? {} : { line: event.lineNumber }),
        });
      }
    }
  }
  if (Object.keys(counts).length === 0) {
    throw new BronzeError('NO_SECTIONS', file.path, 'no report section found (no I row or header row)');
  }

  // Pass 2: write, batch by batch, each batch idempotent.
  const appId = fileTransactionId(file);
  const lineage = { sourceFile: file.path, landedSha256: file.sha256 };
  const batches = new Map<string, TableBatch>();
  const batchNumbers = new Map<string, number>();
  const flush = async (batch: TableBatch): Promise<void> => {
    if (batch.rowCount === 0) return;
    const ordinal = (batchNumbers.get(batch.table) ?? 0) + 1;
    batchNumbers.set(batch.table, ordinal);
    const table = openTable(context.tableUri(batch.table), context.storage);
    const result = await table.write(batch.toFrame(lineage), {
      mode: 'append',
      schemaMode: 'merge',
      txn: { appId, version: ordinal },
      commitInfo: { operation: 'bronze-append', sourceFile: file.path, batch: ordinal },
    });
    context.onRowsWritten?.({
      table: batch.table,
      rows: batch.rowCount,
      version: result.version,
      isNoop: result.noop === true,
      batch: ordinal,
    });
    batches.set(batch.table, new TableBatch(batch.table));
  };
  for await (const piece of readLandedFile(name, bytes, gas)) {
    if ('skipped' in piece) continue;
    const { member } = piece;
    let createdAt: Date | null = null;
    for await (const event of piece.events as AsyncGenerator<ParseEvent>) {
      if (event.kind === 'file-header') createdAt = event.header.createdAt;
      if (event.kind !== 'rows') continue;
      const table = tableOf(event.section);
      let batch = batches.get(table);
      if (!batch) {
        batch = new TableBatch(table);
        batches.set(table, batch);
      }
      batch.add(
        event.section,
        event.rows,
        member,
        createdAt,
        report.format === 'cid' ? event.source : undefined,
      );
      if (batch.isFull) await flush(batch);
    }
  }
  for (const table of [...batches.keys()].sort()) await flush(batches.get(table)!);
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { tables: counts, rows, warnings };
}
