import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, selectReports } from '../../../etl/src/catalog';
import { resolveLakeLocation } from '../../../etl/src/config';
import { DEFAULT_HTTP_OPTIONS, openSource } from '../../../etl/src/crawl';
import { runPipeline, type PipelineEvent } from '../../../etl/src/pipeline';
import { startNemwebServer, type NemwebServer } from '../../rigs/nemweb-server';
import { bronzeContents, listTables, tableRows, tableVersions } from './lake-contents';
import { FROM, SELECTION } from './selection';

const MIRROR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');

async function run(source: string, lakeRoot: string, events: PipelineEvent[] = []) {
  return runPipeline({
    reports: selectReports(loadCatalog(), SELECTION),
    source: openSource(source, { ...DEFAULT_HTTP_OPTIONS, baseDelayMs: 5, maxDelayMs: 20, retries: 1 }),
    location: resolveLakeLocation({ lake: lakeRoot }, {}),
    window: { from: FROM },
    concurrency: 3,
    emit: (e) => events.push(e),
  });
}

describe('etl run on the fixture mirror', () => {
  let server: NemwebServer;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'pipeline-run-'));
    server = await startNemwebServer([MIRROR]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  const overHttp = (): string => path.join(work, 'http');

  it('loads the fixture mirror served over HTTP into one bronze table per section version, with lineage', async () => {
    const events: PipelineEvent[] = [];
    const summary = await run(server.baseUrl, overHttp(), events);

    expect(summary.failures).toEqual([]);
    expect(summary.reports.map((r) => [r.reportId, r.listed, r.ingested])).toEqual([
      ['dispatch_scada', 2, 2],
      ['next_day_intermittent_gen_scada', 1, 1],
      ['daily_reports', 1, 1],
      ['dudetailsummary', 1, 1],
    ]);
    expect(listTables(overHttp()).filter((t) => t.startsWith('bronze/'))).toEqual([
      'bronze/_ingest_log',
      'bronze/demand_intermittent_gen_scada_v1',
      'bronze/dispatch_unit_scada_v1',
      'bronze/dregion_v2',
      'bronze/participant_registration_dudetailsummary_v4',
    ]);
    // The MMSDM archive name with `#` was requested as %2523 and landed under its stored name.
    expect(server.requests.some((r) => r.rawUrl.includes('PUBLIC_ARCHIVE%2523DISPATCH_UNIT_SCADA'))).toBe(
      true,
    );
    expect(server.requests.filter((r) => r.status >= 400 && r.status !== 404)).toEqual([]);
    const manifest = await tableRows(overHttp(), 'landing/_manifest', [
      'fetched_at',
      'run_id',
      'url',
      'listed_at',
    ]);
    expect(manifest).toHaveLength(5);
    expect(
      manifest.some((row) =>
        row.includes('PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip'),
      ),
    ).toBe(true);
    // Rows written per event add up to the summary's per-table counts, and to the rows in the tables.
    const written: Record<string, number> = {};
    for (const e of events)
      if (e.kind === 'rows-written' && !e.isNoop) written[e.table] = (written[e.table] ?? 0) + e.rows;
    expect(written).toEqual(summary.tables);
    const contents = await bronzeContents(overHttp());
    expect(
      Object.fromEntries(
        Object.entries(contents).map(([t, rows]) => [t.slice('bronze/'.length), rows.length]),
      ),
    ).toEqual(written);
    // Lineage: every DUDETAILSUMMARY row names its file, member and line, and the header's creation time in UTC.
    const [first] = await tableRows(overHttp(), 'bronze/participant_registration_dudetailsummary_v4');
    expect(first).toContain(
      'Data_Archive/Wholesale_Electricity/MMSDM/2021/MMSDM_2021_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DUDETAILSUMMARY_202104010000.zip',
    );
  });

  it('loads the same tables when reading the mirror folder directly', async () => {
    const fromDir = path.join(work, 'dir');
    await run(MIRROR, fromDir);
    expect(await bronzeContents(fromDir)).toEqual(await bronzeContents(overHttp()));
  });

  it('changes nothing when run again: no request for a file, no new commit', async () => {
    const lake = overHttp();
    const before = tableVersions(lake);
    const contents = await bronzeContents(lake);
    server.requests.length = 0;
    const events: PipelineEvent[] = [];
    const again = await run(server.baseUrl, lake, events);
    expect(tableVersions(lake)).toEqual(before);
    expect(await bronzeContents(lake)).toEqual(contents);
    expect(server.requests.filter((r) => !r.path.endsWith('/'))).toEqual([]);
    expect(again.tables).toEqual({});
    expect(events.filter((e) => e.kind === 'file-skipped')).toHaveLength(5);
  });
});
