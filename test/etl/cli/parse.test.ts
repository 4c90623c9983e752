import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseCommand, type ParseFormat } from '../../../etl/src/cli/commands/parse';
import { main } from '../../../etl/src/cli/main';
import { buildZip } from '../parse/fixtures/zip-builder';

const NEMWEB = resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');
const DAILY = resolve(NEMWEB, 'Reports/Current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip');
const SCADA_2024_08 = resolve(
  NEMWEB,
  'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip',
);

const GOOD = [
  'C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2021/09/02,12:50:16,0000000348376188,DISPATCHSCADA,0000000348376182',
  'I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE',
  'D,DISPATCH,UNIT_SCADA,1,"2021/09/02 12:55:00",AGLHAL,',
  'C,"END OF REPORT",4',
  '',
].join('\r\n');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString('utf8');
    callback();
  }
}

async function run(file: string, format: ParseFormat = 'summary'): Promise<string> {
  const output = new Capture();
  await parseCommand({ file, format, output });
  return output.text;
}

describe('etl parse', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'etl-parse-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summarises sections, versions, row counts and the footer check of a zip', async () => {
    expect(await run(DAILY)).toMatchInlineSnapshot(`
     "PUBLIC_DAILY_202605140000_20260515040504.zip!PUBLIC_DAILY_202605140000_20260515040504.CSV
       report DAILY from NEMP.WORLD, created 2026/05/15 04:05:04 (AEST), id 0000000517720737
       section                         version  columns  rows
       DISPATCH,CASESOLUTION                 1       21     0
       DREGION                               2      116   576
       DREGION                               3      126     0
       DUNIT                                 2       41     0
       DUNIT                                 3       49     0
       DISPATCH,REGIONFCASREQUIREMENT        1       10     0
       footer declares 572552 lines, counted 584: MISMATCH
       warning PANDAS_SUBTYPE_PLACEHOLDER (line 3): subtype "Unnamed: 2" is a pandas placeholder for an empty subtype; read as empty
       warning FOOTER_COUNT_MISMATCH (line 584): the footer declares 572552 lines but the file has 584; rows are kept, check the source for truncation
     "
    `);
  });

  it('prints every row as a JSON object with section identity and line number', async () => {
    const lines = (await run(SCADA_2024_08, 'jsonl')).trimEnd().split('\n');
    expect(lines).toHaveLength(2880);
    expect(JSON.parse(lines[1]!)).toEqual({
      _file:
        'PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip!PUBLIC_ARCHIVE#DISPATCH_UNIT_SCADA#FILE01#202408010000.CSV',
      _report: 'DISPATCH',
      _subtype: 'UNIT_SCADA',
      _version: 1,
      _line: 4,
      SETTLEMENTDATE: '2024/08/01 00:05:00',
      DUID: 'HDWF2',
      SCADAVALUE: '99.7',
    });
  });

  it('reads a bare CSV, an empty field as null', async () => {
    const file = join(dir, 'PUBLIC_DISPATCHSCADA_202109021255_0000000348376188.CSV');
    writeFileSync(file, GOOD);
    expect(JSON.parse(await run(file, 'jsonl'))).toMatchObject({
      _line: 3,
      DUID: 'AGLHAL',
      SCADAVALUE: null,
    });
  });

  it('reports a bad member of a nested zip, still reads the others, and exits 1 through main', async () => {
    const file = join(dir, 'PUBLIC_DISPATCHSCADA_20210902.zip');
    const bad = GOOD.replace('AGLHAL,', 'AGLHAL');
    writeFileSync(
      file,
      buildZip([
        { name: 'A.zip', data: buildZip([{ name: 'A.CSV', data: GOOD }]) },
        { name: 'B.zip', data: buildZip([{ name: 'B.CSV', data: bad }]) },
      ]),
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((text) => stdout.push(String(text)) > 0);
    const err = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((text) => stderr.push(String(text)) > 0);
    try {
      expect(await main(['parse', file])).toBe(1);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(stdout.join('')).toMatchInlineSnapshot(`
     "PUBLIC_DISPATCHSCADA_20210902.zip!A.zip!A.CSV
       report DISPATCHSCADA from NEMP.WORLD, created 2021/09/02 12:50:16 (AEST), id 0000000348376188
       section              version  columns  rows
       DISPATCH,UNIT_SCADA        1        3     1
       footer declares 4 lines, counted 4: ok
     PUBLIC_DISPATCHSCADA_20210902.zip!B.zip!B.CSV
       error FIELD_COUNT_MISMATCH: PUBLIC_DISPATCHSCADA_20210902.zip!B.zip!B.CSV:3 (SCADAVALUE missing): the D row has 6 fields; the I row on line 2 (DISPATCH,UNIT_SCADA,1) declares 7
     "
    `);
    expect(stderr.join('')).toMatchInlineSnapshot(`
     "etl: 1 of 2 report file(s) failed to parse:
       1. PUBLIC_DISPATCHSCADA_20210902.zip!B.zip!B.CSV:3 (SCADAVALUE missing): the D row has 6 fields; the I row on line 2 (DISPATCH,UNIT_SCADA,1) declares 7
     "
    `);
  });

  it('refuses a zip with nothing inside', async () => {
    const file = join(dir, 'EMPTY.zip');
    writeFileSync(file, buildZip([]));
    await expect(run(file)).rejects.toThrow(`${file}: the zip holds no files`);
  });

  it('refuses a missing file and a zip that is not a zip, with exit code 1', async () => {
    const stderr: string[] = [];
    const err = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((text) => stderr.push(String(text)) > 0);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const html = join(dir, 'PUBLIC_DAILY.zip');
    writeFileSync(html, '<html>403</html>');
    try {
      expect(await main(['parse', join(dir, 'missing.zip')])).toBe(1);
      expect(await main(['parse', html])).toBe(1);
      expect(await main(['parse', html, '--format', 'xml'])).toBe(2);
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
    expect(stderr.join('').replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
     "etl: <dir>/missing.zip: no such file; pass a .csv or .zip AEMO report
     etl: 1 of 1 report file(s) failed to parse:
       1. <dir>/PUBLIC_DAILY.zip: not a zip file (no PK signature at the start)
     error: option '--format <format>' argument 'xml' is invalid. Allowed choices are summary, jsonl.

     Usage: etl parse [options] <file>

     parse an AEMO file (.csv or .zip, nested zips expanded): sections, versions, row
     counts, footer check

     Arguments:
       file               a .csv/.CSV report or a .zip of reports

     Options:
       --format <format>  summary table, or every row as a JSON object per line
                          (choices: "summary", "jsonl", default: "summary")
       -h, --help         display help for command

     "
    `);
  });
});
