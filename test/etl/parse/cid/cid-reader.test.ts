import fc from 'fast-check';
import { ParseError, readCid, rowToRecord, type ParseEvent } from '../../../../etl/src/parse';
import { chunksOf, collect, ofKind, rowsBySection, toCsvLine } from '../fixtures/aemo-text';

const HEADER =
  'C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2021/09/02,12:50:16,0000000348376188,DISPATCHSCADA,0000000348376182';

/** A byte-exact current DISPATCHSCADA file: CRLF, quoted datetimes, bare IDs and numbers, correct footer. */
const DISPATCHSCADA = Buffer.from(
  [
    HEADER,
    'I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE',
    'D,DISPATCH,UNIT_SCADA,1,"2021/09/02 12:55:00",AGLHAL,0',
    'D,DISPATCH,UNIT_SCADA,1,"2021/09/02 12:55:00",BW01,9.599998',
    'C,"END OF REPORT",5',
    '',
  ].join('\r\n'),
  'ascii',
);

async function parse(bytes: Buffer | string, chunkSize = 1 << 16): Promise<ParseEvent[]> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return collect(readCid(chunksOf(buffer, chunkSize), 'T.CSV'));
}

async function parseError(text: string): Promise<ParseError> {
  try {
    await parse(text);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('readCid', () => {
  it('reads the header, the section, every row and a matching footer of a byte-exact AEMO file', async () => {
    const events = await parse(DISPATCHSCADA);
    expect(events.map((e) => e.kind)).toEqual(['file-header', 'section', 'rows', 'footer', 'end']);
    const [header] = ofKind(events, 'file-header');
    expect(header!.header).toMatchObject({
      system: 'NEMP.WORLD',
      reportName: 'DISPATCHSCADA',
      participant: 'PUBLIC',
      createdAtText: '2021/09/02 12:50:16',
      reportId: '0000000348376188',
      extra: ['DISPATCHSCADA', '0000000348376182'],
    });
    expect(header!.header.createdAt!.toISOString()).toBe('2021-09-02T02:50:16.000Z');
    const { section, rows } = rowsBySection(events).get(0)!;
    expect(section).toMatchObject({ report: 'DISPATCH', subtype: 'UNIT_SCADA', version: 1, lineNumber: 2 });
    expect(section.columns).toEqual(['SETTLEMENTDATE', 'DUID', 'SCADAVALUE']);
    expect(rows).toEqual([
      { lineNumber: 3, values: ['2021/09/02 12:55:00', 'AGLHAL', '0'] },
      { lineNumber: 4, values: ['2021/09/02 12:55:00', 'BW01', '9.599998'] },
    ]);
    expect(rowToRecord(section, rows[1]!)).toEqual({
      SETTLEMENTDATE: '2021/09/02 12:55:00',
      DUID: 'BW01',
      SCADAVALUE: '9.599998',
    });
    expect(ofKind(events, 'footer')[0]).toMatchObject({ declaredRows: 5, countedRows: 5, isMismatch: false });
    expect(ofKind(events, 'warning')).toEqual([]);
    expect(ofKind(events, 'end')[0]).toMatchObject({ lines: 5, sections: 1, dataRows: 2 });
  });

  it('gives the same sections, rows and other events when the bytes arrive one at a time', async () => {
    const [bytewise, whole] = [await parse(DISPATCHSCADA, 1), await parse(DISPATCHSCADA)];
    expect(rowsBySection(bytewise)).toEqual(rowsBySection(whole));
    const notRows = (events: ParseEvent[]): ParseEvent[] => events.filter((e) => e.kind !== 'rows');
    expect(notRows(bytewise)).toEqual(notRows(whole));
  });

  it('pulls the source only as events are consumed (backpressure), whatever the file size', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${HEADER}\r\nI,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE\r\n`);
      for (;;) {
        pulled++;
        yield Buffer.from('D,DISPATCH,UNIT_SCADA,1,"2021/09/02 12:55:00",AGLHAL,0\r\n'.repeat(100));
      }
    }
    const events = readCid(endless(), 'T.CSV');
    let rows = 0;
    for await (const event of events) {
      if (event.kind === 'rows') rows += event.rows.length;
      if (rows >= 1000) break;
    }
    expect(rows).toBe(1000);
    expect(pulled).toBe(10);
  });

  it('reads LF files and files whose footer has no final newline (MMSDM 2024-08 onward)', async () => {
    const text = DISPATCHSCADA.toString('ascii').replaceAll('\r\n', '\n').trimEnd();
    const events = await parse(text);
    expect(ofKind(events, 'footer')[0]).toMatchObject({ declaredRows: 5, countedRows: 5, isMismatch: false });
    expect(rowsBySection(events).get(0)!.rows).toHaveLength(2);
  });

  it('warns, without failing, when the footer count is wrong', async () => {
    const events = await parse(
      DISPATCHSCADA.toString('ascii').replace('END OF REPORT",5', 'END OF REPORT",393'),
    );
    expect(ofKind(events, 'footer')[0]).toMatchObject({
      declaredRows: 393,
      countedRows: 5,
      isMismatch: true,
    });
    expect(ofKind(events, 'warning')).toEqual([
      {
        kind: 'warning',
        file: 'T.CSV',
        code: 'FOOTER_COUNT_MISMATCH',
        lineNumber: 5,
        message:
          'the footer declares 393 lines but the file has 5; rows are kept, check the source for truncation',
      },
    ]);
    expect(rowsBySection(events).get(0)!.rows).toHaveLength(2);
  });

  it('warns when the footer is missing (a file cut short) and keeps the rows read', async () => {
    const events = await parse(DISPATCHSCADA.toString('ascii').split('C,"END')[0]!);
    expect(ofKind(events, 'warning').map((w) => w.code)).toEqual(['MISSING_FOOTER']);
    expect(ofKind(events, 'end')[0]!.dataRows).toBe(2);
  });

  it('reads several sections, two versions of one table, empty subtypes and sections without rows', async () => {
    const text = [
      'C,NEMP.WORLD,DAILY,AEMO,PUBLIC,2026/05/16,04:05:05,0000000517880538,,0000000517880538',
      'I,DREGION,,2,SETTLEMENTDATE,REGIONID,RRP',
      'D,DREGION,,2,"2026/05/15 04:05:00",NSW1,75.47365',
      'I,DREGION,,3,SETTLEMENTDATE,REGIONID,RRP,"WDR, ""NOTE"""',
      'D,DREGION,,3,"2026/05/15 04:05:00",NSW1,75.47365,"a, ""b"""',
      'D,DREGION,,3,"2026/05/15 04:05:00",QLD1,,',
      'I,DISPATCH,REGIONFCASREQUIREMENT,1,SETTLEMENTDATE,GENCONID',
      'I,DUNIT,,2,DUID',
      'D,DUNIT,,2,BW01',
      'C,"END OF REPORT",10',
    ].join('\r\n');
    const events = await parse(text, 17);
    const sections = [...rowsBySection(events).values()];
    expect(sections.map(({ section, rows }) => [section.id, section.columns.length, rows.length])).toEqual([
      ['DREGION,,2', 3, 1],
      ['DREGION,,3', 4, 2],
      ['DISPATCH,REGIONFCASREQUIREMENT,1', 2, 0],
      ['DUNIT,,2', 1, 1],
    ]);
    expect(sections[1]!.section.columns[3]).toBe('WDR, "NOTE"');
    expect(sections[1]!.rows.map((r) => r.values)).toEqual([
      ['2026/05/15 04:05:00', 'NSW1', '75.47365', 'a, "b"'],
      ['2026/05/15 04:05:00', 'QLD1', '', ''],
    ]);
    expect(sections[0]!.section.columnsHash).not.toBe(sections[1]!.section.columnsHash);
    expect(ofKind(events, 'warning')).toEqual([]);
    expect(ofKind(events, 'footer')[0]!.isMismatch).toBe(false);
  });

  it('reads the pandas placeholder subtype "Unnamed: 2" as empty, with a warning', async () => {
    const text = [HEADER, 'I,DREGION,Unnamed: 2,2,REGIONID', 'D,DREGION,,2,NSW1', 'C,"END OF REPORT",4'].join(
      '\n',
    );
    const events = await parse(text);
    expect(ofKind(events, 'section')[0]!.section.subtype).toBe('');
    expect(ofKind(events, 'warning').map((w) => w.code)).toEqual(['PANDAS_SUBTYPE_PLACEHOLDER']);
  });

  it('reports other C rows as comments rather than dropping them', async () => {
    const text = [HEADER, 'C,A NOTE', 'C,"END OF REPORT",3'].join('\r\n');
    expect(ofKind(await parse(text), 'comment')).toEqual([
      { kind: 'comment', file: 'T.CSV', lineNumber: 2, fields: ['C', 'A NOTE'] },
    ]);
  });

  describe('refuses malformed files, naming the file, line and field', () => {
    it.each([
      [
        'a file without the C header',
        'I,DISPATCH,PRICE,1,A\r\nD,DISPATCH,PRICE,1,x\r\n',
        'MISSING_HEADER',
        'T.CSV:1 (field 1): the first record is "I", expected the C header row of an AEMO C/I/D report',
      ],
      [
        'a D row before the header',
        'D,DISPATCH,PRICE,1,x\r\n',
        'MISSING_HEADER',
        'T.CSV:1: a D row comes before the C header row',
      ],
      [
        'a D row before any I row',
        `${HEADER}\r\nD,DISPATCH,PRICE,1,x\r\n`,
        'DATA_BEFORE_SECTION',
        'T.CSV:2: a D row comes before any I row names its columns',
      ],
      [
        'a D row with fewer fields than its I row',
        `${HEADER}\r\nI,DISPATCH,PRICE,1,A,B,C\r\nD,DISPATCH,PRICE,1,x\r\n`,
        'FIELD_COUNT_MISMATCH',
        'T.CSV:3 (B missing): the D row has 5 fields; the I row on line 2 (DISPATCH,PRICE,1) declares 7',
      ],
      [
        'a D row with more fields than its I row',
        `${HEADER}\r\nI,DISPATCH,PRICE,1,A\r\nD,DISPATCH,PRICE,1,x,y\r\n`,
        'FIELD_COUNT_MISMATCH',
        'T.CSV:3 (field 6, past A): the D row has 6 fields; the I row on line 2 (DISPATCH,PRICE,1) declares 5',
      ],
      [
        'a D row of another section',
        `${HEADER}\r\nI,DISPATCH,PRICE,1,A\r\nD,DISPATCH,PRICE,2,x\r\n`,
        'SECTION_PREFIX_MISMATCH',
        'T.CSV:3 (version): the D row is for DISPATCH,PRICE,2 but the open section (I row on line 2) is DISPATCH,PRICE,1',
      ],
      [
        'an unterminated quote',
        `${HEADER}\r\nI,DISPATCH,PRICE,1,A\r\nD,DISPATCH,PRICE,1,"x\r\n`,
        'UNTERMINATED_QUOTE',
        'T.CSV:3 (field 5): a quoted field is never closed',
      ],
      [
        'an unknown record type',
        `${HEADER}\r\nX,1\r\n`,
        'UNKNOWN_RECORD_TYPE',
        'T.CSV:2 (field 1): record type "X" is not C, I or D',
      ],
      [
        'an I row without columns',
        `${HEADER}\r\nI,DISPATCH,PRICE,1\r\n`,
        'BAD_SECTION_ROW',
        'T.CSV:2: the I row has 4 fields; expected I,<report>,<subtype>,<version> and at least one column',
      ],
      [
        'a version that is not a number',
        `${HEADER}\r\nI,DISPATCH,PRICE,v1,A\r\n`,
        'BAD_SECTION_ROW',
        'T.CSV:2 (version): version "v1" is not a whole number',
      ],
      [
        'a column named twice',
        `${HEADER}\r\nI,DISPATCH,PRICE,1,A,B,A\r\n`,
        'DUPLICATE_COLUMN',
        'T.CSV:2 (field 7): column "A" appears twice in the I row',
      ],
      [
        'data after the footer',
        `${HEADER}\r\nC,"END OF REPORT",2\r\nD,X,Y,1,a\r\n`,
        'DATA_AFTER_FOOTER',
        'T.CSV:3: a "D" record follows the END OF REPORT footer on line 2',
      ],
      ['an empty file', '', 'EMPTY_FILE', 'T.CSV:1: the file holds no records; expected a C/I/D report'],
      [
        'garbage bytes',
        '\u0089PNG\r\n\u001a\n\u0000\u0000',
        'MISSING_HEADER',
        'T.CSV:1 (field 1): the first record is "\u0089PNG", expected the C header row of an AEMO C/I/D report',
      ],
    ])('%s', async (_name, text, code, message) => {
      const error = await parseError(text);
      expect(error.code).toBe(code);
      expect(error.message).toBe(message);
      expect(error.file).toBe('T.CSV');
    });
  });

  it('round-trips generated sections and rows serialised with AEMO quoting and CRLF', async () => {
    const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/);
    const value = fc.string({ unit: fc.constantFrom('a', '9', '.', ' ', ',', '"', '/', ':', '-', '\n') });
    const section = fc
      .record({
        report: name,
        subtype: fc.oneof(fc.constant(''), name),
        version: fc.integer({ min: 1, max: 12 }),
        columns: fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
      })
      .chain((s) =>
        fc.record({
          section: fc.constant(s),
          rows: fc.array(fc.array(value, { minLength: s.columns.length, maxLength: s.columns.length }), {
            maxLength: 8,
          }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(section, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 64 }),
        async (sections, chunkSize) => {
          const lines = [HEADER];
          for (const { section: s, rows } of sections) {
            const prefix = [s.report, s.subtype, String(s.version)];
            lines.push(toCsvLine(['I', ...prefix, ...s.columns]));
            for (const row of rows) lines.push(toCsvLine(['D', ...prefix, ...row]));
          }
          const physicalLines = lines.join('\r\n').split('\n').length + 1;
          lines.push(`C,"END OF REPORT",${lines.length + 1}`);
          const events = await parse(lines.join('\r\n') + '\r\n', chunkSize);
          const parsed = [...rowsBySection(events).values()];
          expect(
            parsed.map((p) => [p.section.report, p.section.subtype, p.section.version, p.section.columns]),
          ).toEqual(sections.map(({ section: s }) => [s.report, s.subtype, s.version, s.columns]));
          expect(parsed.map((p) => p.rows.map((r) => r.values))).toEqual(sections.map((s) => s.rows));
          expect(ofKind(events, 'footer')[0]!.isMismatch).toBe(false);
          expect(ofKind(events, 'end')[0]!.lines).toBe(physicalLines);
          // Each batch's source text is exactly its D lines, so the batches of a section add up to them.
          const sources = sections.map(() => '');
          for (const e of ofKind(events, 'rows')) sources[e.section.index] += e.source;
          expect(sources).toEqual(
            sections.map(({ section: s, rows }) =>
              rows
                .map((row) => toCsvLine(['D', s.report, s.subtype, String(s.version), ...row]) + '\r\n')
                .join(''),
            ),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
