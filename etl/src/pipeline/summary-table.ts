// The end-of-run summary as plain text: one row per report, then rows written per bronze table. Pure, so the CLI
// prints it and tests pin it.
import type { RunSummary } from './events';

export function formatSummary(summary: RunSummary): string {
  const header = ['report', 'listed', 'landed', 'skipped', 'ingested', 'quarantined', 'failed', 'rows'];
  const active = summary.reports.filter((r) => r.listed + r.failed > 0);
  const rows = active.map((r) =>
    [r.reportId, r.listed, r.landed, r.skipped, r.ingested, r.quarantined, r.failed, r.rows].map(String),
  );
  const total = [
    'total',
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => String(rows.reduce((sum, row) => sum + Number(row[i]), 0))),
  ];
  const lines = [table([header, ...rows, total])];
  const written = Object.entries(summary.tables).sort(([a], [b]) => a.localeCompare(b));
  if (written.length > 0) {
    lines.push('', table([['bronze table', 'rows written'], ...written.map(([t, n]) => [t, String(n)])]));
  } else {
    lines.push('', 'no new rows: every selected file was already in bronze (or nothing matched)');
  }
  if (summary.missingFolders.length > 0) {
    const shown = summary.missingFolders.slice(0, 5).join(', ');
    const more = summary.missingFolders.length > 5 ? ` and ${summary.missingFolders.length - 5} more` : '';
    lines.push('', `folders not on the source: ${shown}${more}`);
  }
  for (const failure of summary.failures)
    lines.push(`failed: ${failure.path}: ${failure.code}: ${failure.message}`);
  return lines.join('\n');
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const render = (row: readonly string[]): string =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [render(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(render)].join(
    '\n',
  );
}
