import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BronzeError, ingestFile } from '../../../etl/src/bronze';
import { loadCatalog } from '../../../etl/src/catalog';
import type { LandedFile } from '../../../etl/src/landing';
import { openTable } from '../../../etl/src/lake';
import { buildZip } from '../parse/fixtures/zip-builder';

const CSV = [
  'C,NEMP.WORLD,DAILY,AEMO,PUBLIC,2026/05/15,04:05:04,0000000517720737,,0000000517720737',
  'I,DREGION,,2,SETTLEMENTDATE,RUNNO,REGIONID,RRP',
  'D,DREGION,,2,"2026/05/14 04:05:00",1,NSW1,88.1',
  'D,DREGION,,2,"2026/05/14 04:05:00",1,QLD1,80',
  'C,"END OF REPORT",5',
]
  .map((l) => `${l}\r\n`)
  .join('');

describe('ingestFile', () => {
  let lake: string;
  const report = loadCatalog().get('daily_reports')!;
  const landed = (name: string): LandedFile => ({
    path: `Reports/Current/Daily_Reports/${name}`,
    url: 'file:///x',
    reportId: 'daily_reports',
    tier: 'current',
    sha256: 'ef'.repeat(32),
    sizeBytes: 1,
    fetchedAt: new Date(),
  });
  const context = (warnings: string[] = []) => ({
    tableUri: (table: string) => path.join(lake, table),
    storage: {},
    onWarning: (w: { code: string; member: string }) => warnings.push(`${w.code} ${w.member}`),
  });
  beforeAll(() => {
    lake = mkdtempSync(path.join(os.tmpdir(), 'ingest-file-'));
  });
  afterAll(() => rmSync(lake, { recursive: true, force: true }));

  it('loads the CSV of a zip, says which members are not CSVs, and is a no-op when replayed', async () => {
    const zip = buildZip([
      { name: 'README.txt', data: 'not a report' },
      { name: 'PUBLIC_DAILY_202605140000_20260515040504.CSV', data: CSV },
    ]);
    const warnings: string[] = [];
    const file = landed('PUBLIC_DAILY_202605140000_20260515040504.zip');
    const result = await ingestFile(report, file, new Uint8Array(zip), context(warnings));
    expect(result).toEqual({ tables: { dregion_v2: 2 }, rows: 2, warnings: 1 });
    expect(warnings).toEqual(['NOT_A_CSV_MEMBER README.txt']);
    const table = openTable(path.join(lake, 'dregion_v2'));
    const version = (await table.snapshot()).version;
    await ingestFile(report, file, new Uint8Array(zip), context());
    expect((await table.snapshot()).version).toBe(version);
    expect((await table.scan()).collectSync().height).toBe(2);
  });

  it('refuses a headered CSV where the catalogue expects C/I/D, before writing anything', async () => {
    const zip = buildZip([
      { name: 'PUBLIC_DAILY_X.CSV', data: 'SETTLEMENTDATE,RRP\r\n2026/05/14 04:05:00,1\r\n' },
    ]);
    const error = await ingestFile(
      report,
      landed('PUBLIC_DAILY_X.zip'),
      new Uint8Array(zip),
      context(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BronzeError);
    expect((error as BronzeError).message).toBe(
      'PUBLIC_DAILY_X.zip!PUBLIC_DAILY_X.CSV:1: expected an AEMO C/I/D report (a C header row first) for daily_reports, got a headered CSV',
    );
  });
});
