import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, selectReports } from '../../../etl/src/catalog';
import { resolveLakeLocation } from '../../../etl/src/config';
import { openSource } from '../../../etl/src/crawl';
import { runPipeline, type PipelineEvent } from '../../../etl/src/pipeline';
import { buildZip } from '../parse/fixtures/zip-builder';
import { tableRows } from './lake-contents';

const crlf = (lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');
const dispatchCsv = (interval: string, id: string, price: string): string =>
  crlf([
    `C,NEMP.WORLD,DISPATCHIS,AEMO,PUBLIC,${interval.slice(0, 10)},${interval.slice(11)},${id},DISPATCHIS,${id}`,
    'I,DISPATCH,PRICE,5,SETTLEMENTDATE,RUNNO,REGIONID,INTERVENTION,RRP',
    `D,DISPATCH,PRICE,5,"${interval}",1,NSW1,0,${price}`,
    'C,"END OF REPORT",4',
  ]);

describe('history from Reports/Archive', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pipeline-archive-'));
    const put = (sitePath: string, body: Buffer): void => {
      const file = path.join(root, 'mirror', ...sitePath.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, body);
    };
    const inner = (stamp: string, id: string, interval: string, price: string) => ({
      name: `PUBLIC_DISPATCHIS_${stamp}_${id}.zip`,
      data: buildZip([
        { name: `PUBLIC_DISPATCHIS_${stamp}_${id}.CSV`, data: dispatchCsv(interval, id, price) },
      ]),
    });
    put(
      'Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202605140010_0000000000000030.zip',
      buildZip([
        {
          name: 'PUBLIC_DISPATCHIS_202605140010_0000000000000030.CSV',
          data: dispatchCsv('2026/05/14 00:10:00', '0000000000000030', '90.5'),
        },
      ]),
    );
    // A daily archive: a zip of the day's five-minute zips.
    put(
      'Reports/Archive/DispatchIS_Reports/PUBLIC_DISPATCHIS_20260513.zip',
      buildZip([
        inner('202605130405', '0000000000000010', '2026/05/13 04:05:00', '70.25'),
        inner('202605130410', '0000000000000020', '2026/05/13 04:10:00', '71'),
      ]),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes the archive day before what Current holds and loads every nested member with its member path', async () => {
    const lake = path.join(root, 'lake');
    const events: PipelineEvent[] = [];
    const summary = await runPipeline({
      reports: selectReports(loadCatalog(), ['dispatch_is']),
      source: openSource(path.join(root, 'mirror')),
      location: resolveLakeLocation({ lake }, {}),
      window: { from: new Date('2026-05-12T14:00:00Z') }, // 2026-05-13 00:00 market time
      concurrency: 2,
      emit: (e) => events.push(e),
    });
    expect(summary.failures).toEqual([]);
    const listed = events.flatMap((e) => (e.kind === 'file-listed' ? [[e.tier, e.path]] : []));
    expect(listed.sort()).toEqual([
      ['archive', 'Reports/Archive/DispatchIS_Reports/PUBLIC_DISPATCHIS_20260513.zip'],
      ['current', 'Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202605140010_0000000000000030.zip'],
    ]);
    const rows = (
      await tableRows(lake, 'bronze/dispatch_price_v5', ['landed_sha256', 'file_created_at'])
    ).map((r) => JSON.parse(r) as unknown[]);
    // Columns sorted: INTERVENTION, REGIONID, RRP, RUNNO, SETTLEMENTDATE, row_number, source_file, source_member.
    expect(rows.map((r) => [r[2], r[4], r[7]])).toEqual([
      [
        '70.25',
        '2026/05/13 04:05:00',
        'PUBLIC_DISPATCHIS_202605130405_0000000000000010.zip!PUBLIC_DISPATCHIS_202605130405_0000000000000010.CSV',
      ],
      [
        '71',
        '2026/05/13 04:10:00',
        'PUBLIC_DISPATCHIS_202605130410_0000000000000020.zip!PUBLIC_DISPATCHIS_202605130410_0000000000000020.CSV',
      ],
      ['90.5', '2026/05/14 00:10:00', 'PUBLIC_DISPATCHIS_202605140010_0000000000000030.CSV'],
    ]);
  });
});
