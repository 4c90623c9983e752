// `etl quarantine list|retry`: the files that failed validation or parsing, and another attempt at them.
import type { Command } from 'commander';
import { loadCatalog } from '../../catalog';
import { addLakeOptions, lakeInputsFrom, resolveLakeLocation } from '../../config';
import { openSource } from '../../crawl';
import { listOpenQuarantine, openLakeHandles, retryQuarantined } from '../../pipeline';

export async function quarantineList(
  lake: Record<string, unknown>,
  json: boolean,
  env = process.env,
): Promise<string> {
  const handles = openLakeHandles(resolveLakeLocation(lakeInputsFrom(lake), env));
  const open = await listOpenQuarantine(handles);
  if (json) return open.map((e) => JSON.stringify(e)).join('\n');
  if (open.length === 0) return 'quarantine is empty';
  return open
    .map((e) => {
      const where = [e.member, e.line === undefined ? undefined : `line ${e.line}`]
        .filter((p) => p !== undefined)
        .join(', ');
      return `${e.sourceFile} [${e.stage}] ${e.code}${where ? ` (${where})` : ''}: ${e.message}\n  bytes: landing/${e.bytesPath}`;
    })
    .join('\n');
}

export async function quarantineRetry(
  paths: readonly string[],
  lake: Record<string, unknown>,
  source: string | undefined,
  json: boolean,
  env = process.env,
): Promise<{ text: string; stillOpen: number }> {
  const handles = openLakeHandles(resolveLakeLocation(lakeInputsFrom(lake), env));
  const results = await retryQuarantined({
    handles,
    catalog: loadCatalog(),
    ...(source === undefined ? {} : { source: openSource(source) }),
    paths,
    runId: `retry-${new Date().toISOString().replace(/[-:.]/g, '')}`,
  });
  const stillOpen = results.filter((r) => r.outcome.status !== 'loaded').length;
  const text = json
    ? results.map((r) => JSON.stringify(r)).join('\n')
    : results.length === 0
      ? 'nothing to retry'
      : results
          .map((r) => {
            const o = r.outcome;
            return o.status === 'loaded'
              ? `loaded ${r.path}: ${o.rows} rows`
              : `${o.status} ${r.path}: ${o.code}: ${o.message}`;
          })
          .join('\n');
  return { text, stillOpen };
}

export function register(program: Command): void {
  const group = program.command('quarantine').description('files that failed validation or parsing');
  addLakeOptions(
    group
      .command('list')
      .description('list quarantined files not loaded since, with reason, member and line')
      .option('--json', 'one JSON object per line'),
  ).action(async (opts: Record<string, unknown>) => {
    const text = await quarantineList(opts, opts.json === true);
    if (text) process.stdout.write(`${text}\n`);
  });
  addLakeOptions(
    group
      .command('retry')
      .description('try quarantined files again: re-parse landed bytes, re-fetch rejected downloads')
      .argument('[paths...]', 'site paths to retry (default: every open entry)')
      .option('--source <url|dir>', 'where to fetch rejected downloads again (NEMWeb URL or mirror folder)')
      .option('--json', 'one JSON object per line'),
  ).action(async (paths: string[], opts: Record<string, unknown>) => {
    const { text, stillOpen } = await quarantineRetry(
      paths,
      opts,
      typeof opts.source === 'string' ? opts.source : undefined,
      opts.json === true,
    );
    process.stdout.write(`${text}\n`);
    if (stillOpen > 0) process.exitCode = 1;
  });
}
