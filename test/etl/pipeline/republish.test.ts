import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, selectReports } from '../../../etl/src/catalog';
import { resolveLakeLocation } from '../../../etl/src/config';
import { openSource } from '../../../etl/src/crawl';
import { runPipeline } from '../../../etl/src/pipeline';
import { tableRows } from './lake-contents';

const NAME = 'Reports/Current/STTM/int651_v1_ex_ante_market_price_rpt_1.csv';

describe('a gas report republished under the same name', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pipeline-republish-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const publish = (rows: string[], at: Date): void => {
    const file = path.join(root, 'mirror', ...NAME.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      ['gas_date,hub_identifier,ex_ante_market_price', ...rows].map((l) => `${l}\r\n`).join(''),
    );
    utimesSync(file, at, at);
  };
  const run = () =>
    runPipeline({
      reports: selectReports(loadCatalog(), ['sttm_int651_ex_ante_market_price']),
      source: openSource(path.join(root, 'mirror')),
      location: resolveLakeLocation({ lake: path.join(root, 'lake') }, {}),
      window: {},
      concurrency: 1,
    });

  it('lands and loads each publication once, keyed by its listing time', async () => {
    publish(['15 May 2026,SYD,12.34'], new Date('2026-05-14T02:00:00Z'));
    await run();
    await run();
    publish(['16 May 2026,SYD,13.10'], new Date('2026-05-15T02:00:00Z'));
    const second = await run();
    expect(second.tables).toEqual({ sttm_int651_ex_ante_market_price_v1: 1 });
    const rows = (
      await tableRows(path.join(root, 'lake'), 'bronze/sttm_int651_ex_ante_market_price_v1', [
        'landed_sha256',
      ])
    ).map((r) => JSON.parse(r) as unknown[]);
    // Columns sorted: ex_ante_market_price, file_created_at, gas_date, hub_identifier, row_number, source_file, …
    expect(rows.map((r) => [r[0], r[2], r[5]])).toEqual([
      ['12.34', '15 May 2026', `${NAME}~202605141200`],
      ['13.10', '16 May 2026', `${NAME}~202605151200`],
    ]);
  });
});
