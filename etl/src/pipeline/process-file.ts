// One landed file through bronze: ingest it, or quarantine it when its bytes are malformed. Data errors
// (ParseError, corrupt zip, BronzeError) become quarantine records; anything else (storage, commit) propagates,
// because a run must not record a file as handled when the lake failed underneath it.
import { BronzeError, ingestFile } from '../bronze';
import type { Report } from '../catalog';
import type { LandedFile } from '../landing';
import { ParseError } from '../parse';
import type { EventSink } from './events';
import type { LakeHandles } from './lake-handles';

export type FileOutcome =
  | { readonly status: 'loaded'; readonly rows: number; readonly tables: Readonly<Record<string, number>> }
  | { readonly status: 'quarantined'; readonly code: string; readonly message: string };

export async function processLandedFile(
  report: Report,
  file: LandedFile,
  bytes: Uint8Array,
  handles: LakeHandles,
  emit: EventSink,
  now: () => Date,
): Promise<FileOutcome> {
  const previous = (await handles.ingestLog.latestByFile()).get(file.path);
  const attempt = (previous?.attempt ?? 0) + 1;
  try {
    const result = await ingestFile(report, file, bytes, {
      tableUri: (table) => handles.bronzeTableUri(table),
      storage: handles.storage,
      onRowsWritten: (info) =>
        emit({
          kind: 'rows-written',
          path: file.path,
          table: info.table,
          rows: info.rows,
          version: info.version,
          batch: info.batch,
          isNoop: info.isNoop,
        }),
      onWarning: (w) =>
        emit({
          kind: 'parse-warning',
          path: file.path,
          member: w.member,
          code: w.code,
          message: w.message,
          ...(w.line === undefined ? {} : { line: w.line }),
        }),
    });
    await handles.ingestLog.record({
      sourceFile: file.path,
      landedSha256: file.sha256,
      reportId: report.id,
      attempt,
      status: 'loaded',
      tables: result.tables,
      rows: result.rows,
      warnings: result.warnings,
      message: '',
      completedAt: now(),
    });
    emit({
      kind: 'file-ingested',
      reportId: report.id,
      path: file.path,
      rows: result.rows,
      tables: result.tables,
    });
    return { status: 'loaded', rows: result.rows, tables: result.tables };
  } catch (error) {
    if (!(error instanceof ParseError) && !(error instanceof BronzeError)) throw error;
    const where = error instanceof ParseError ? error.file : error.file;
    const member = where.includes('!') ? where.slice(where.indexOf('!') + 1) : undefined;
    const line = error.line;
    const field = error instanceof ParseError ? error.field : undefined;
    await handles.quarantine.add({
      sourceFile: file.path,
      reportId: report.id,
      stage: 'bronze',
      sha256: file.sha256,
      bytesPath: file.path,
      url: file.url,
      code: error.code,
      message: error.message,
      ...(member === undefined ? {} : { member }),
      ...(line === undefined ? {} : { line }),
      ...(field === undefined ? {} : { field }),
      quarantinedAt: now(),
    });
    await handles.ingestLog.record({
      sourceFile: file.path,
      landedSha256: file.sha256,
      reportId: report.id,
      attempt,
      status: 'quarantined',
      tables: {},
      rows: 0,
      warnings: 0,
      message: `${error.code}: ${error.message}`,
      completedAt: now(),
    });
    emit({
      kind: 'quarantined',
      reportId: report.id,
      path: file.path,
      stage: 'bronze',
      code: error.code,
      message: error.message,
      ...(member === undefined ? {} : { member }),
      ...(line === undefined ? {} : { line }),
    });
    return { status: 'quarantined', code: error.code, message: error.message };
  }
}
