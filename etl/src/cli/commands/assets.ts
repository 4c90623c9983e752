// `etl assets [--json]`: the report catalogue and the asset graph derived from it.
import type { Command } from 'commander';
import { buildAssetGraph, loadCatalog } from '../../catalog';

export function assetsText(): string {
  const catalog = loadCatalog();
  const lines: string[] = [];
  const reports = catalog.reports.map((r) => [
    r.id,
    r.gasMarket ? `gas/${r.gasMarket}` : r.market,
    r.cadence,
    [r.current ? 'current' : '', r.archive ? 'archive' : '', r.mmsdm ? 'mmsdm' : '']
      .filter((s) => s)
      .join('+'),
    r.evidence,
  ]);
  const header = ['report', 'market', 'cadence', 'sources', 'evidence'];
  const widths = header.map((h, i) => Math.max(h.length, ...reports.map((row) => row[i]!.length)));
  const render = (row: readonly string[]): string =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(render(header), render(widths.map((w) => '-'.repeat(w))), ...reports.map(render), '');
  for (const node of buildAssetGraph(catalog)) {
    const deps = node.dependsOn.length > 0 ? ` <- ${node.dependsOn.join(', ')}` : '';
    lines.push(`${node.key}${deps}`);
  }
  return lines.join('\n');
}

export function assetsJson(): string {
  const catalog = loadCatalog();
  const reports = catalog.reports.map(({ currentPattern: _c, archivePattern: _a, ...entry }) => entry);
  return JSON.stringify({ reports, assets: buildAssetGraph(catalog) }, null, 2);
}

export function register(program: Command): void {
  program
    .command('assets')
    .description('list the report catalogue and the asset graph derived from it')
    .option('--json', 'print as JSON (reports and assets)')
    .action((opts: { json?: boolean }) => {
      process.stdout.write(`${opts.json ? assetsJson() : assetsText()}\n`);
    });
}
