import fc from 'fast-check';
import { ParseError, RecordSplitter } from '../../../../etl/src/parse';
import { toCsvLine } from '../fixtures/aemo-text';

function split(text: string, chunkSize = text.length || 1): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  const splitter = new RecordSplitter('T.CSV', (fields, line) => records.push({ line, fields }));
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize));
  splitter.end();
  return records;
}

function splitError(text: string): ParseError {
  try {
    split(text);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('RecordSplitter', () => {
  it('splits CRLF lines and keeps empty fields as empty strings', () => {
    expect(split('D,A,,1\r\nD,B,x,\r\n')).toEqual([
      { line: 1, fields: ['D', 'A', '', '1'] },
      { line: 2, fields: ['D', 'B', 'x', ''] },
    ]);
  });

  it('accepts LF and a last line without a newline', () => {
    expect(split('a,b\nc,d')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  it('unquotes datetimes and keeps commas and doubled quotes inside quoted fields', () => {
    expect(split('D,"2021/09/02 12:55:00","SNOWY1, TO ""NSW1""",""\r\n')[0]!.fields).toEqual([
      'D',
      '2021/09/02 12:55:00',
      'SNOWY1, TO "NSW1"',
      '',
    ]);
  });

  it('reads a quoted field spanning lines and counts physical lines', () => {
    expect(split('a,"x\r\ny",b\r\nc\r\n')).toEqual([
      { line: 1, fields: ['a', 'x\r\ny', 'b'] },
      { line: 3, fields: ['c'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries, one character at a time included', () => {
    const text = 'C,"END ""OF"" REPORT",3\r\nD,"a,b","c\r\nd",\r\n"",x\r\n';
    const whole = split(text);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(split(text, size)).toEqual(whole);
  });

  it('refuses an unterminated quote, naming the line and field', () => {
    const error = splitError('a,b\r\nc,"never closed\r\nd\r\n');
    expect(error.code).toBe('UNTERMINATED_QUOTE');
    expect(error.message).toBe('T.CSV:2 (field 2): a quoted field is never closed');
  });

  it('refuses text after a closing quote', () => {
    const error = splitError('a,"b"c,d\r\n');
    expect(error.code).toBe('STRAY_QUOTE');
    expect(error.message).toBe(
      'T.CSV:1 (field 2): unexpected "c" after a closing quote; expected "," or the end of the line (a quote inside a quoted field must be doubled)',
    );
  });

  it('refuses a record that never ends instead of buffering without bound', () => {
    const records: string[][] = [];
    const splitter = new RecordSplitter('T.CSV', (fields) => records.push(fields), 100);
    splitter.push('a,b\r\n"open');
    expect(() => splitter.push('x'.repeat(200))).toThrow(
      'T.CSV:2: a record runs past 100 characters without ending; an opening quote is probably never closed',
    );
  });

  it('round-trips any records serialised with AEMO quoting and CRLF, in any chunking', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\r', '\n', '/', ':', '.', '-'),
    });
    const record = fc.array(field, { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (records, quoteAll, chunkSize, hasFinalNewline) => {
          const text =
            records.map((r) => toCsvLine(r, quoteAll)).join('\r\n') + (hasFinalNewline ? '\r\n' : '');
          expect(split(text, chunkSize).map((r) => r.fields)).toEqual(records);
        },
      ),
      { numRuns: 300 },
    );
  });
});
