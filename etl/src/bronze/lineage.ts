// Lineage columns every bronze row carries, after AEMO's own columns (kept as text, named as AEMO names them).
// Delta column names are case-insensitive, so an AEMO column spelled like one of these would clash: such a file
// is quarantined rather than silently renamed.
import pl from 'nodejs-polars';

export const LINEAGE_COLUMNS = {
  /** Landing path of the file the row came from (the NEMWeb site path). */
  sourceFile: 'source_file',
  /** Member inside a zip (`inner.zip!MEMBER.CSV`), '' for a bare CSV. */
  sourceMember: 'source_member',
  /** 1-based physical line of the row in its member. */
  rowNumber: 'row_number',
  /** Creation time from the file's `C` header row, UTC (null when the file has none, e.g. gas CSVs). */
  fileCreatedAt: 'file_created_at',
  landedSha256: 'landed_sha256',
} as const;

const LINEAGE_NAMES: ReadonlySet<string> = new Set(Object.values(LINEAGE_COLUMNS));

export function clashesWithLineage(column: string): boolean {
  return LINEAGE_NAMES.has(column.toLowerCase());
}

export interface RowLineage {
  readonly sourceFile: string;
  readonly landedSha256: string;
}

export function lineageSeries(
  lineage: RowLineage,
  members: readonly string[],
  rowNumbers: readonly number[],
  createdAt: readonly (Date | null)[],
): pl.Series[] {
  const n = rowNumbers.length;
  return [
    pl.Series(LINEAGE_COLUMNS.sourceFile, new Array<string>(n).fill(lineage.sourceFile), pl.Utf8),
    pl.Series(LINEAGE_COLUMNS.sourceMember, members as string[], pl.Utf8),
    pl.Series(LINEAGE_COLUMNS.rowNumber, rowNumbers as number[], pl.Int64),
    pl.Series(LINEAGE_COLUMNS.fileCreatedAt, createdAt as (Date | null)[], pl.Datetime('us', 'UTC')),
    pl.Series(LINEAGE_COLUMNS.landedSha256, new Array<string>(n).fill(lineage.landedSha256), pl.Utf8),
  ];
}
