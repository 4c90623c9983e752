// Test helpers: what a local lake holds, as comparable values — table versions (commit counts) and table
// contents sorted, so two lakes built by different runs can be compared for equality.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { openTable } from '../../../etl/src/lake';

/** Every Delta table under a local lake root: `bronze/<table>`, `landing/_manifest`, … */
export function listTables(lakeRoot: string): string[] {
  const found: string[] = [];
  for (const layer of ['landing', 'bronze']) {
    const dir = path.join(lakeRoot, layer);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (existsSync(path.join(dir, name, '_delta_log'))) found.push(`${layer}/${name}`);
    }
  }
  return found.sort();
}

/** The newest commit version of each table (the count of commit files minus one). */
export function tableVersions(lakeRoot: string): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const table of listTables(lakeRoot)) {
    const commits = readdirSync(path.join(lakeRoot, table, '_delta_log')).filter((f) =>
      /^\d{20}\.json$/.test(f),
    );
    versions[table] = commits.length - 1;
  }
  return versions;
}

/** A table's rows as sorted JSON lines, leaving out columns that legitimately differ between runs. */
export async function tableRows(
  lakeRoot: string,
  table: string,
  drop: readonly string[] = [],
): Promise<string[]> {
  const frame = (await openTable(path.join(lakeRoot, table)).scan()).collectSync();
  const columns = frame.columns.filter((c) => !drop.includes(c)).sort();
  return (frame.select(...columns).toRecords() as Record<string, unknown>[])
    .map((row) =>
      JSON.stringify(columns.map((c) => (row[c] instanceof Date ? (row[c] as Date).toISOString() : row[c]))),
    )
    .sort();
}

/** Bronze data tables (not the bookkeeping ones starting with `_`) with their sorted rows. */
export async function bronzeContents(lakeRoot: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of listTables(lakeRoot)) {
    if (!table.startsWith('bronze/') || table.startsWith('bronze/_')) continue;
    out[table] = await tableRows(lakeRoot, table);
  }
  return out;
}
