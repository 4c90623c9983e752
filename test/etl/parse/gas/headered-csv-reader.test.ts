import {
  identifyGasFile,
  ParseError,
  readHeaderedCsv,
  readReport,
  type HeaderedCsvOptions,
} from '../../../../etl/src/parse';
import { chunksOf, collect, ofKind, rowsBySection } from '../fixtures/aemo-text';

const INT037B = 'int037b_v4_indicative_mkt_price_1~20250401070338.csv';
/** A DWGM report as published: snake_case header ending in current_date, text dates, CRLF. */
const INT037B_BYTES = Buffer.from(
  [
    'demand_type_name,price_value_gst_ex,transmission_group_id,schedule_type_id,gas_date,current_date',
    'Normal,11.2345,1,OS,01 Apr 2025,1 Apr 2025 07:03:38',
    '"High, forecast",12.5,1,OS,01 Apr 2025,1 Apr 2025 07:03:38',
    '',
  ].join('\r\n'),
);

async function parse(bytes: Buffer, file: string, options: HeaderedCsvOptions, chunkSize = 1 << 16) {
  return collect(readHeaderedCsv(chunksOf(bytes, chunkSize), file, options));
}

describe('readHeaderedCsv', () => {
  it('reads a DWGM report as one section named by the report, every column kept as text', async () => {
    const events = await parse(INT037B_BYTES, INT037B, { report: 'INT037B', version: 4 }, 7);
    const { section, rows } = rowsBySection(events).get(0)!;
    expect(section).toMatchObject({
      report: 'INT037B',
      subtype: '',
      version: 4,
      id: 'INT037B,,4',
      lineNumber: 1,
    });
    expect(section.columns.at(-1)).toBe('current_date');
    expect(rows).toEqual([
      { lineNumber: 2, values: ['Normal', '11.2345', '1', 'OS', '01 Apr 2025', '1 Apr 2025 07:03:38'] },
      { lineNumber: 3, values: ['High, forecast', '12.5', '1', 'OS', '01 Apr 2025', '1 Apr 2025 07:03:38'] },
    ]);
    expect(ofKind(events, 'end')[0]).toMatchObject({ sections: 1, dataRows: 2, lines: 3 });
    expect(
      ofKind(events, 'rows')
        .map((e) => e.source)
        .join(''),
    ).toBe(INT037B_BYTES.toString('utf8').slice(INT037B_BYTES.indexOf('\r\n') + 2));
    expect(ofKind(events, 'warning')).toEqual([]);
  });

  it('drops a UTF-8 byte-order mark and removes stray NUL bytes with a warning, keeping the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('GasDate,FacilityId\r\n2018/09/29,5\u0000\u0000\r\n'),
    ]);
    const events = await parse(
      bytes,
      'GasBBActualFlowStorage.csv',
      { report: 'GASBBACTUALFLOWSTORAGE', version: 1 },
      4,
    );
    const { section, rows } = rowsBySection(events).get(0)!;
    expect(section.columns).toEqual(['GasDate', 'FacilityId']);
    expect(rows.map((r) => r.values)).toEqual([['2018/09/29', '5']]);
    expect(ofKind(events, 'warning').map((w) => w.code)).toEqual(['NUL_BYTES_REMOVED']);
  });

  it('reads a headerless STTM file against the declared column list', async () => {
    const declaredColumns = ['gas_date', 'hub_identifier', 'ex_ante_market_price'];
    const events = await parse(
      Buffer.from('2025-04-01,SYD,12.1\r\n2025-04-01,ADL,11.9\r\n'),
      'int651_v1_ex_ante_market_price_rpt_1.csv',
      {
        report: 'INT651',
        version: 1,
        declaredColumns,
      },
    );
    const { section, rows } = rowsBySection(events).get(0)!;
    expect(section.columns).toEqual(declaredColumns);
    expect(rows.map((r) => [r.lineNumber, r.values[1]])).toEqual([
      [1, 'SYD'],
      [2, 'ADL'],
    ]);
  });

  it('takes the header of a file that has one, even with declared columns (case-insensitive)', async () => {
    const events = await parse(Buffer.from('GAS_DATE,Hub_Identifier\r\n2025-04-01,SYD\r\n'), 'x.csv', {
      report: 'INT651',
      version: 1,
      declaredColumns: ['gas_date', 'hub_identifier'],
    });
    expect(rowsBySection(events).get(0)!.section.columns).toEqual(['GAS_DATE', 'Hub_Identifier']);
    expect(rowsBySection(events).get(0)!.rows).toHaveLength(1);
  });

  it('refuses a row whose field count differs from the header, naming line and column', async () => {
    await expect(
      parse(Buffer.from('a,b,c\r\n1,2\r\n'), 'x.csv', { report: 'X', version: 1 }),
    ).rejects.toThrow(
      new ParseError('FIELD_COUNT_MISMATCH', 'x.csv', 'the row has 2 fields; the header on line 1 has 3', {
        line: 2,
        field: 'c missing',
      }),
    );
    await expect(
      parse(Buffer.from('a,b,c\r\n1,2\r\n'), 'x.csv', { report: 'X', version: 1 }),
    ).rejects.toThrow('x.csv:2 (c missing): the row has 2 fields; the header on line 1 has 3');
  });

  it('refuses a first row that is neither the declared header nor a data row of that width', async () => {
    await expect(
      parse(Buffer.from('a,b\r\n'), 'x.csv', { report: 'X', version: 1, declaredColumns: ['p', 'q', 'r'] }),
    ).rejects.toThrow(
      'x.csv:1: the first row has 2 fields; it is neither the header nor a data row of the 3 declared columns (p, q, r)',
    );
  });

  it('refuses an empty file and a header with an empty or repeated name', async () => {
    await expect(parse(Buffer.alloc(0), 'x.csv', { report: 'X', version: 1 })).rejects.toThrow(
      'x.csv:1: the file holds no header row and no data',
    );
    await expect(parse(Buffer.from('a,,b\r\n'), 'x.csv', { report: 'X', version: 1 })).rejects.toThrow(
      'x.csv:1 (field 2): a header name is empty',
    );
    await expect(parse(Buffer.from('a,b,a\r\n'), 'x.csv', { report: 'X', version: 1 })).rejects.toThrow(
      'x.csv:1 (field 3): header "a" appears twice',
    );
  });
});

describe('readReport', () => {
  it('reads a gas file as a headered CSV, named from its file name', async () => {
    const events = await collect(readReport(chunksOf(INT037B_BYTES, 5), INT037B));
    expect(rowsBySection(events).get(0)!.section.id).toBe('INT037B,,4');
  });

  it('reads the GBB GSH trades file, which is C/I/D, with the C/I/D reader', async () => {
    const text = [
      'C,NEMP.WORLD,GSH_GAS_TRADES_WEB,AEMO,PUBLIC,2025/04/01,09:00:00,0000000500000001,,0000000500000001',
      'I,GSH,GAS_TRADES,1,TRADE_DATE,PRODUCT,QUANTITY',
      'D,GSH,GAS_TRADES,1,"2025/04/01 00:00:00",WALLUMBILLA,100',
      'C,"END OF REPORT",4',
    ].join('\r\n');
    const events = await collect(readReport(chunksOf(Buffer.from(text), 9), 'gasbbgshgastrades.csv'));
    expect(ofKind(events, 'file-header')[0]!.header.reportName).toBe('GSH_GAS_TRADES_WEB');
    expect(rowsBySection(events).get(0)!.section.id).toBe('GSH,GAS_TRADES,1');
  });
});

describe('identifyGasFile', () => {
  it.each([
    [
      'int029a_v4_system_notices_1~20250401090033.csv',
      'INT029A',
      4,
      'system_notices',
      '2025-03-31T23:00:33.000Z',
    ],
    [
      'int037b_v4_indicative_mkt_price_1~20250401070338.csv',
      'INT037B',
      4,
      'indicative_mkt_price',
      '2025-03-31T21:03:38.000Z',
    ],
    ['INT891_V1_EDDACT_1.CSV', 'INT891', 1, 'eddact', null],
    ['int651_v1_ex_ante_market_price_rpt_1.csv', 'INT651', 1, 'ex_ante_market_price_rpt', null],
    ['VicGas/int112b_v5_x_1~20259999999999.csv', 'INT112B', 5, 'x', null],
    ['GasBBActualFlowStorage.csv', 'GASBBACTUALFLOWSTORAGE', 1, '', null],
  ])('%s → %s v%d', (name, report, version, title, publishedAt) => {
    const identity = identifyGasFile(name);
    expect(identity).toMatchObject({ report, version, title });
    expect(identity.publishedAt?.toISOString() ?? null).toBe(publishedAt);
  });
});

describe('readReport format choice', () => {
  it('reads a gas header that merely starts with a C as a headered CSV', async () => {
    const events = await collect(
      readReport(
        chunksOf(Buffer.from('CapacityType,FacilityId\r\nSTORAGE,5\r\n'), 64),
        'GasBBNameplateRating.csv',
      ),
    );
    expect(rowsBySection(events).get(0)!.section).toMatchObject({
      id: 'GASBBNAMEPLATERATING,,1',
      columns: ['CapacityType', 'FacilityId'],
    });
  });
});
