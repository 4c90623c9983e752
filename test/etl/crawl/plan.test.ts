import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../../etl/src/catalog';
import { DirSource, HttpSource, planReport, type Listing } from '../../../etl/src/crawl';

const MIRROR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');
const aest = (text: string): Date => new Date(`${text}+10:00`);

describe('planReport on the fixture mirror', () => {
  const catalog = loadCatalog();
  const source = new DirSource(MIRROR);
  const list = (folder: string): Promise<Listing | undefined> => source.list(folder);
  const names = (plan: Awaited<ReturnType<typeof planReport>>): string[] =>
    plan.candidates.map((c) => `${c.tier}:${c.name}`).sort();

  it('takes what Current holds when no window is given, and nothing from the archives', async () => {
    const plan = await planReport(catalog.get('next_day_dispatch')!, list, {});
    expect(names(plan)).toEqual(['current:PUBLIC_NEXT_DAY_DISPATCH_20260514_0000000517721207.zip']);
  });

  it('falls back to the MMSDM archive, both namings, for a window older than Current', async () => {
    const plan = await planReport(catalog.get('dispatch_scada')!, list, {
      from: aest('2024-07-01T00:00'),
      to: aest('2024-09-01T00:00'),
    });
    expect(names(plan)).toEqual([
      'mmsdm:PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip',
      'mmsdm:PUBLIC_DVD_DISPATCH_UNIT_SCADA_202407010000.zip',
    ]);
    expect(plan.missingFolders).toEqual(['Reports/Current/Dispatch_SCADA', 'Reports/Archive/Dispatch_SCADA']);
  });

  it('selects MMSDM months by their market-time coverage (from, to]', async () => {
    const report = catalog.get('dispatch_scada')!;
    // 2024-08-01 00:00 is the last interval of July's file; August starts 00:05.
    const julyOnly = await planReport(report, list, {
      from: aest('2024-07-15T00:00'),
      to: aest('2024-08-01T00:00'),
    });
    expect(names(julyOnly)).toEqual(['mmsdm:PUBLIC_DVD_DISPATCH_UNIT_SCADA_202407010000.zip']);
  });

  it('takes only the tables of the report from a month folder', async () => {
    const plan = await planReport(catalog.get('trading_is')!, list, {
      from: aest('2021-10-01T00:00'),
      to: aest('2021-11-01T00:00'),
    });
    expect(names(plan)).toEqual([
      'mmsdm:PUBLIC_DVD_TRADINGINTERCONNECT_202110010000.zip',
      'mmsdm:PUBLIC_DVD_TRADINGPRICE_202110010000.zip',
    ]);
  });

  it('finds the latest month of a registration snapshot when no window is given', async () => {
    const plan = await planReport(catalog.get('dudetailsummary')!, list, {});
    expect(names(plan)).toEqual(['mmsdm:PUBLIC_DVD_DUDETAILSUMMARY_202104010000.zip']);
  });

  it('keeps Current files inside the window and drops the others', async () => {
    const report = catalog.get('daily_reports')!;
    expect(
      names(await planReport(report, list, { from: aest('2026-05-14T00:00'), to: aest('2026-05-15T00:00') })),
    ).toEqual(['current:PUBLIC_DAILY_202605140000_20260515040504.zip']);
    expect(names(await planReport(report, list, { from: aest('2026-05-15T00:00') }))).toEqual([]);
  });
});

describe('planReport on the real DispatchIS listing', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    const html = readFileSync(
      path.resolve(
        __dirname,
        '..',
        '..',
        '..',
        '..',
        'shared',
        'fixtures',
        'aemo',
        'listings',
        'DispatchIS_Reports.html',
      ),
    );
    server = createServer((req, res) => {
      const isListing = req.url === '/Reports/Current/DispatchIS_Reports/';
      res.writeHead(isListing ? 200 : 404, { 'content-type': 'text/html' });
      res.end(isListing ? html : 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('chooses the hour (from, to] by the interval-ending stamp and keeps requests on the configured host', async () => {
    const source = new HttpSource(baseUrl);
    const plan = await planReport(loadCatalog().get('dispatch_is')!, (f) => source.list(f), {
      from: aest('2021-11-09T12:00'),
      to: aest('2021-11-09T13:00'),
    });
    expect(plan.candidates.map((c) => c.name.slice(18, 30))).toEqual([
      '202111091205',
      '202111091210',
      '202111091215',
      '202111091220',
      '202111091225',
      '202111091230',
      '202111091235',
      '202111091240',
      '202111091245',
      '202111091250',
      '202111091255',
      '202111091300',
    ]);
    // The saved page links to http://nemweb.com.au/…; requests still go to the configured base URL.
    expect(plan.candidates.every((c) => c.url.startsWith(baseUrl))).toBe(true);
    expect(plan.candidates[0]).toMatchObject({
      tier: 'current',
      sizeBytes: expect.any(Number),
      listedAt: expect.any(Date),
    });
  });
});

describe('planReport with subfolders', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'plan-subfolders-'));
    for (const file of [
      'Reports/Current/VicGas/int029a_v4_system_notices_1~20250401090033.csv',
      'Reports/Current/VicGas/Notices/int029a_v4_system_notices_1~20250402090033.csv',
      'Reports/Current/VicGas/DUPLICATE/int029a_v4_system_notices_1~20250401090033.csv',
    ]) {
      mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      writeFileSync(
        path.join(root, file),
        'system_wide_notice_id,current_date\r\n1,01 Apr 2025 09:00:33\r\n',
      );
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds VicGas reports one level down and skips DUPLICATE', async () => {
    const source = new DirSource(root);
    const plan = await planReport(
      loadCatalog().get('dwgm_int029a_system_notices')!,
      (f) => source.list(f),
      {},
    );
    // Their names carry the publish time, so they land under their own names.
    expect(plan.candidates.every((c) => c.landingPath === c.path)).toBe(true);
    expect(plan.candidates.map((c) => c.path).sort()).toEqual([
      'Reports/Current/VicGas/Notices/int029a_v4_system_notices_1~20250402090033.csv',
      'Reports/Current/VicGas/int029a_v4_system_notices_1~20250401090033.csv',
    ]);
  });
});
