import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  MMSDM_PATTERNS,
  buildAssetGraph,
  compileFilePattern,
  loadCatalog,
  mmsdmFolder,
  selectReports,
} from '../../../etl/src/catalog';
import { NEM_REPORTS } from '../../../etl/src/catalog/nem-reports';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');

describe('the report catalogue', () => {
  const catalog = loadCatalog();

  it('declares every NEM report the pipeline issue lists', () => {
    const folders = catalog.reports.map((r) => r.current?.folder);
    for (const dir of [
      'DispatchIS_Reports',
      'Dispatch_SCADA',
      'TradingIS_Reports',
      'P5_Reports',
      'PredispatchIS_Reports',
      'ROOFTOP_PV/ACTUAL',
      'ROOFTOP_PV/FORECAST',
      'Next_Day_Dispatch',
      'Next_Day_Actual_Gen',
      'Daily_Reports',
    ]) {
      expect(folders).toContain(`Reports/Current/${dir}`);
    }
    expect(catalog.get('dudetailsummary')?.mmsdm?.tables).toEqual(['DUDETAILSUMMARY']);
  });

  it('declares at least 12 gas reports across the bulletin board, STTM and DWGM', () => {
    const gas = catalog.reports.filter((r) => r.market === 'gas');
    expect(gas.length).toBeGreaterThanOrEqual(12);
    expect(new Set(gas.map((r) => r.gasMarket))).toEqual(new Set(['gbb', 'sttm', 'dwgm']));
  });

  it('matches the real names in the DispatchIS listing fixture, with their market-time stamp', () => {
    const pattern = catalog.get('dispatch_is')!.currentPattern!;
    expect(pattern.match('PUBLIC_DISPATCHIS_202111081435_0000000352251582.zip')).toEqual({
      timestamp: new Date('2021-11-08T04:35:00Z'),
    });
    expect(pattern.match('PUBLIC_DISPATCHSCADA_202111081435_0000000352251582.zip')).toBeUndefined();
  });

  it('recognises every MMSDM fixture file under both namings, the stored %23 included', () => {
    const seen: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        if (name.isDirectory()) walk(path.join(dir, name.name));
        else if (dir.endsWith('DATA')) seen.push(name.name);
      }
    };
    walk(path.join(FIXTURES, 'Data_Archive'));
    expect(seen.length).toBeGreaterThan(30);
    for (const name of seen) {
      const match = MMSDM_PATTERNS.map((p) => p.match(name)).find((m) => m !== undefined);
      expect({ name, table: match?.table }).toEqual({ name, table: expect.stringMatching(/^[A-Z0-9_]+$/) });
    }
    expect(
      MMSDM_PATTERNS[1]!.match('PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip'),
    ).toEqual({
      table: 'DISPATCH_UNIT_SCADA',
      chunk: 1,
      timestamp: new Date('2024-07-31T14:00:00Z'),
    });
    expect(
      MMSDM_PATTERNS[1]!.match('PUBLIC_ARCHIVE#PREDISPATCHPRICE#ALL#FILE02#202409010000.zip')?.table,
    ).toBe('PREDISPATCHPRICE');
  });

  it('matches the current-report fixtures to their reports', () => {
    const current = path.join(FIXTURES, 'Reports', 'Current');
    for (const dir of readdirSync(current)) {
      const report = catalog.reports.find((r) => r.current?.folder === `Reports/Current/${dir}`);
      for (const file of readdirSync(path.join(current, dir))) {
        expect({ file, match: report?.currentPattern?.match(file) !== undefined }).toEqual({
          file,
          match: true,
        });
      }
    }
  });

  it('matches gas names in lower and upper case, with and without a publish-time suffix', () => {
    expect(
      catalog
        .get('dwgm_int029a_system_notices')!
        .currentPattern!.match('int029a_v4_system_notices_1~20250401090033.csv'),
    ).toEqual({
      version: 4,
      chunk: 1,
      // 2025-04-01 09:00:33 market time
      timestamp: new Date('2025-03-31T23:00:33Z'),
    });
    expect(catalog.get('dwgm_int891_eddact')!.currentPattern!.match('INT891_V1_EDDACT_1.CSV')).toEqual({
      version: 1,
      chunk: 1,
    });
  });

  it('puts predispatch in PREDISP_ALL_DATA from 2024-08 and in DATA before', () => {
    const report = catalog.get('predispatch_is')!;
    expect(mmsdmFolder(report, 2024, 7)).toBe(
      'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA',
    );
    expect(mmsdmFolder(report, 2024, 8)).toMatch(
      /MMSDM_2024_08\/MMSDM_Historical_Data_SQLLoader\/PREDISP_ALL_DATA$/,
    );
  });

  it('reports every problem of an invalid catalogue at once', () => {
    const good = NEM_REPORTS[0]!;
    expect(() =>
      loadCatalog([
        good,
        { ...good },
        { ...good, id: 'Bad Id', cadence: 'hourly' },
        { ...good, id: 'x', current: { folder: '/abs/', file: 'a_{ts:YYYY}.zip' } },
      ]),
    ).toThrow(
      [
        'the report catalogue is invalid:',
        '  1. entry 1 (dispatch_is): duplicate id "dispatch_is"',
        '  2. entry 2 (Bad Id): id: lower snake case',
        '  3. entry 2 (Bad Id): cadence: Invalid option: expected one of "5min"|"30min"|"daily"|"weekly"|"monthly"|"irregular"',
        '  4. entry 3 (x): current.folder: a folder relative to the site root, no leading or trailing /',
      ].join('\n'),
    );
  });

  it('selects by id, market, gas market and prefix, and names unknown words', () => {
    expect(selectReports(catalog, ['dispatch_is']).map((r) => r.id)).toEqual(['dispatch_is']);
    expect(selectReports(catalog, ['sttm']).every((r) => r.gasMarket === 'sttm')).toBe(true);
    expect(selectReports(catalog, ['rooftop*']).map((r) => r.id)).toEqual([
      'rooftop_pv_actual',
      'rooftop_pv_forecast',
    ]);
    expect(selectReports(catalog, []).length).toBe(catalog.reports.length);
    expect(() => selectReports(catalog, ['dispatch', 'nope'])).toThrow(
      'unknown report selection "dispatch", "nope"; use a report id (see `etl assets`), nem, gas, gbb, sttm, dwgm or a prefix ending in *',
    );
  });

  it('derives an asset graph in which every bronze family depends on its landing asset', () => {
    const graph = buildAssetGraph(catalog);
    const keys = new Set(graph.map((n) => n.key));
    expect(keys.has('bronze/dispatch_price_v{n}')).toBe(true);
    expect(keys.has('bronze/dregion_v{n}')).toBe(true);
    expect(keys.has('bronze/_quarantine')).toBe(true);
    for (const node of graph) for (const dep of node.dependsOn) expect(keys.has(dep)).toBe(true);
  });

  it('refuses an unknown pattern token', () => {
    expect(() => compileFilePattern('A_{when}.zip')).toThrow('pattern "A_{when}.zip": unknown token {when}');
  });
});
