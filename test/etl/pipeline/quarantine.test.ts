import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, selectReports } from '../../../etl/src/catalog';
import { resolveLakeLocation } from '../../../etl/src/config';
import { DEFAULT_HTTP_OPTIONS, openSource } from '../../../etl/src/crawl';
import {
  listOpenQuarantine,
  openLakeHandles,
  retryQuarantined,
  runPipeline,
  type PipelineEvent,
} from '../../../etl/src/pipeline';
import { startNemwebServer, type NemwebServer } from '../../rigs/nemweb-server';
import { tableRows, tableVersions } from './lake-contents';
import { BAD_GEN_PATH, GAS_LANDING_PATH, GAS_PATH, SCADA_PATH, writeOverlay } from './overlay';

const MIRROR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');
const SELECTION = [
  'dispatch_scada',
  'next_day_actual_gen',
  'sttm_int651_ex_ante_market_price',
  'daily_reports',
];

describe('bad input goes to quarantine and the run goes on', () => {
  let server: NemwebServer;
  let work: string;
  let overlay: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'pipeline-quarantine-'));
    overlay = path.join(work, 'overlay');
    writeOverlay(overlay);
    server = await startNemwebServer([overlay, MIRROR]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  const run = (lake: string, events: PipelineEvent[]) =>
    runPipeline({
      reports: selectReports(loadCatalog(), SELECTION),
      source: openSource(server.baseUrl, {
        ...DEFAULT_HTTP_OPTIONS,
        baseDelayMs: 2,
        maxDelayMs: 5,
        retries: 1,
      }),
      location: resolveLakeLocation({ lake }, {}),
      window: {},
      concurrency: 2,
      emit: (e) => events.push(e),
    });

  it('quarantines a truncated download and a malformed file with reason and line, loads the rest, and retries', async () => {
    const lake = path.join(work, 'lake');
    server.setFault(SCADA_PATH, { kind: 'truncate', keepBytes: 60 });
    const events: PipelineEvent[] = [];
    const summary = await run(lake, events);

    expect(summary.failures).toEqual([]);
    const quarantined = events.filter((e) => e.kind === 'quarantined');
    expect(quarantined.map((e) => [e.path, e.stage, e.code])).toEqual(
      expect.arrayContaining([
        [SCADA_PATH, 'fetch', 'TRUNCATED_ZIP'],
        [BAD_GEN_PATH, 'bronze', 'FIELD_COUNT_MISMATCH'],
      ]),
    );
    expect(quarantined).toHaveLength(2);
    // The good files of the same run still landed in bronze: the gas CSV and the daily report.
    expect(summary.tables['sttm_int651_ex_ante_market_price_v1']).toBe(2);
    expect(Object.keys(summary.tables).some((t) => t.startsWith('dregion'))).toBe(true);
    expect(tableVersions(lake)['bronze/meter_data_gen_duid_v1']).toBeUndefined();

    const handles = openLakeHandles(resolveLakeLocation({ lake }, {}));
    const open = await listOpenQuarantine(handles);
    expect(
      open.map((e) => ({ file: e.sourceFile, stage: e.stage, code: e.code, line: e.line, member: e.member })),
    ).toEqual([
      { file: SCADA_PATH, stage: 'fetch', code: 'TRUNCATED_ZIP', line: undefined, member: undefined },
      {
        file: BAD_GEN_PATH,
        stage: 'bronze',
        code: 'FIELD_COUNT_MISMATCH',
        line: 4,
        member: 'PUBLIC_NEXT_DAY_ACTUAL_GEN_20260514_0000000517721300.CSV',
      },
    ]);
    // Raw bytes are kept: the rejected download under landing/_rejected, the malformed file where it landed.
    const rejected = open.find((e) => e.stage === 'fetch')!;
    expect(existsSync(path.join(lake, 'landing', ...rejected.bytesPath.split('/')))).toBe(true);
    expect(existsSync(path.join(lake, 'landing', ...BAD_GEN_PATH.split('/')))).toBe(true);

    // A rerun with the same fault adds no second quarantine row for the same bytes.
    const versions = tableVersions(lake);
    await run(lake, []);
    expect(tableVersions(lake)['bronze/_quarantine']).toBe(versions['bronze/_quarantine']);

    // Once the server serves the whole file, retry lands and loads it; the malformed file stays quarantined.
    server.setFault(SCADA_PATH, undefined);
    const results = await retryQuarantined({
      handles: openLakeHandles(resolveLakeLocation({ lake }, {})),
      catalog: loadCatalog(),
      source: openSource(server.baseUrl),
      runId: 'retry-test',
    });
    expect(results.map((r) => [r.path, r.outcome.status])).toEqual([
      [SCADA_PATH, 'loaded'],
      [BAD_GEN_PATH, 'quarantined'],
    ]);
    const after = await listOpenQuarantine(openLakeHandles(resolveLakeLocation({ lake }, {})));
    expect(after.map((e) => [e.sourceFile, e.attempts])).toEqual([[BAD_GEN_PATH, 2]]);
    const member = 'PUBLIC_DISPATCHSCADA_202605140005_0000000517721400.CSV';
    expect(await tableRows(lake, 'bronze/dispatch_unit_scada_v1', ['landed_sha256'])).toEqual([
      JSON.stringify([
        'BAYSW1',
        '2026/05/14 00:00:16',
        '650.5',
        '2026/05/14 00:05:00',
        '2026-05-13T14:00:16.000Z',
        3,
        SCADA_PATH,
        member,
      ]),
      JSON.stringify([
        'ER01',
        '2026/05/14 00:00:16',
        '0',
        '2026/05/14 00:05:00',
        '2026-05-13T14:00:16.000Z',
        4,
        SCADA_PATH,
        member,
      ]),
    ]);
    // The gas CSV landed byte for byte, under its listing time (its name has none).
    expect(readFileSync(path.join(lake, 'landing', ...GAS_LANDING_PATH.split('/')))).toEqual(
      readFileSync(path.join(overlay, ...GAS_PATH.split('/'))),
    );
  });
});
