// `etl table show|history|schema`, called in-process through main() and through the command functions.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../../etl/src/cli/main';
import {
  type Output,
  showHistory,
  showSchema,
  showTable,
  tableOptionsFromEnv,
} from '../../../etl/src/cli/commands/table';

const FIXTURES = path.resolve(__dirname, '../../..', '..', 'shared', 'fixtures', 'delta');
const DAT = (name: string) => path.join(FIXTURES, 'dat', name, 'delta');
const DELTA_RS = (name: string) => path.join(FIXTURES, 'delta-rs', name);

function buffer(): Output & { text: () => string } {
  let text = '';
  return { write: (chunk) => void (text += chunk), text: () => text };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    // fixture locations differ between machines; messages are compared with them masked
    return { code, stdout, stderr: stderr.split(pathToFileURL(FIXTURES).href).join('<fixtures>') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('etl table show', () => {
  it('prints every primitive type by the documented encoding (jsonl)', async () => {
    const out = buffer();
    expect(await showTable(DAT('all_primitive_types'), { limit: 2 }, out, {})).toBe(2);
    expect(out.text()).toMatchInlineSnapshot(`
     "{"utf8":"0","int64":0,"int32":0,"int16":0,"int8":0,"float32":0.0,"float64":0.0,"bool":true,"binary":"","decimal":"10.000","date32":"1970-01-01","timestamp":"1970-01-01T00:00:00.000000Z"}
     {"utf8":"1","int64":1,"int32":1,"int16":1,"int8":1,"float32":1.0,"float64":1.0,"bool":false,"binary":"AA==","decimal":"11.000","date32":"1970-01-02","timestamp":"1970-01-01T01:00:00.000000Z"}
     "
    `);
  });

  it('prints nested types: structs as objects, arrays as arrays, maps as objects', async () => {
    const out = buffer();
    await showTable(DAT('nested_types'), { limit: 3, where: 'pk <= 2' }, out, {});
    const rows = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.sort((a, b) => Number(a.pk) - Number(b.pk))).toEqual([
      { pk: 0, struct: { float64: 0, bool: true }, array: [0], map: {} },
      { pk: 1, struct: { float64: 1, bool: false }, array: [0, 1], map: { '0': 0 } },
      { pk: 2, struct: { float64: 2, bool: true }, array: [0, 1, 2], map: { '0': 0, '1': 1 } },
    ]);
  });

  it('prints every type of a delta-rs table with nested structs, maps in structs and binary', async () => {
    const out = buffer();
    await showTable(
      DELTA_RS('delta-1.2.1-only-struct-stats'),
      { where: "string = 'string'", limit: 1 },
      out,
      {},
    );
    expect(JSON.parse(out.text())).toEqual({
      integer: expect.any(Number) as unknown,
      null: null,
      boolean: true,
      double: 1.234,
      decimal: '-5.67800',
      string: 'string',
      binary: Buffer.from('bytes').toString('base64'),
      date: '2022-10-24',
      timestamp: '2022-10-24T22:59:36.177007Z',
      struct: { struct_element: 'struct_value' },
      map: { map_key: 'map_value' },
      array: ['array_value'],
      nested_struct: { struct_element: { nested_struct_element: 'nested_struct_value' } },
      struct_of_array_of_map: { struct_element: [{ map_key: 'map_value' }] },
      new_column: null,
    });
  });

  it('keeps microseconds and the INT64 nanosecond edge in timestamps', async () => {
    const out = buffer();
    await showTable(DELTA_RS('table_with_edge_timestamps'), { columns: ['BIG_DATE', 'SOME_VALUE'] }, out, {});
    expect(out.text()).toBe(
      '{"BIG_DATE":"2262-04-11T23:47:16.854775Z","SOME_VALUE":1}\n{"BIG_DATE":"2262-04-11T23:47:16.854775Z","SOME_VALUE":2}\n',
    );
  });

  it('writes csv with a header, quoting empty strings so they differ from null', async () => {
    const out = buffer();
    await showTable(
      DAT('all_primitive_types'),
      { format: 'csv', limit: 2, columns: ['utf8', 'binary', 'decimal'] },
      out,
      {},
    );
    expect(out.text()).toBe('utf8,binary,decimal\n0,"",10.000\n1,AA==,11.000\n');
    const nulls = buffer();
    await showTable(DELTA_RS('delta-0.8.0-null-partition'), { format: 'csv', where: 'k is null' }, nulls, {});
    expect(nulls.text()).toBe('k,v\n,2\n');
  });

  it('filters with --where and travels in time with --version', async () => {
    const latest = await run(['table', 'show', DAT('basic_append'), '--where', "letter in ('a', 'd')"]);
    expect(latest.code).toBe(0);
    const letters = latest.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { letter: string }).letter)
      .sort();
    expect(letters).toEqual(['a', 'd']);
    const v0 = await run(['table', 'show', DAT('basic_append'), '--version', '0', '--format', 'csv']);
    expect(v0.stdout.trim().split('\n')).toHaveLength(1 + 3);
  });

  it('stops at --limit across data files', async () => {
    const result = await run([
      'table',
      'show',
      DELTA_RS('COVID-19_NYT'),
      '--limit',
      '3',
      '--columns',
      'county,cases',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exits 1 with the message alone for a table it must refuse', async () => {
    const result = await run(['table', 'show', DELTA_RS('table_with_column_mapping')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
     "etl: <fixtures>/delta-rs/table_with_column_mapping: table uses "columnMapping", which this engine does not support: mode "name" (reader version 2)
     "
    `);
  });

  it('exits 1 naming the problem for a bad --where', async () => {
    const unknown = await run(['table', 'show', DELTA_RS('simple_table'), '--where', 'nope = 1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatchInlineSnapshot(`
     "etl: <fixtures>/delta-rs/simple_table: invalid filter: no column "nope"; columns: id
     "
    `);
    const syntax = await run(['table', 'show', DELTA_RS('simple_table'), '--where', 'id =']);
    expect(syntax.stderr).toMatchInlineSnapshot(`
     "etl: filter "id =": expected a value at the end
     "
    `);
    const type = await run(['table', 'show', DELTA_RS('simple_table'), '--where', 'id = abc']);
    expect(type.stderr).toMatchInlineSnapshot(`
     "etl: <fixtures>/delta-rs/simple_table: invalid filter: "abc" is not a valid long for column "id"
     "
    `);
  });

  it('resolves column names case-insensitively, as Delta does', async () => {
    const out = buffer();
    await showTable(DELTA_RS('simple_table'), { columns: ['ID'], where: 'Id >= 9' }, out, {});
    expect(out.text()).toBe('{"id":9}\n');
  });

  it('names the columns when --columns asks for one that does not exist', async () => {
    const result = await run(['table', 'show', DELTA_RS('simple_table'), '--columns', 'id,nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'etl: <fixtures>/delta-rs/simple_table: cannot scan: no column "nope" to select; columns: id\n',
    );
  });

  it('exits 2 for a malformed --limit', async () => {
    const result = await run(['table', 'show', DELTA_RS('simple_table'), '--limit', 'ten']);
    expect(result.code).toBe(2);
  });

  it('says when the location is not a table', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-table-'));
    const result = await run(['table', 'show', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a Delta table');
  });
});

describe('etl table history', () => {
  it('lists commits newest first with their operations', async () => {
    const out = buffer();
    const entries = await showHistory(DELTA_RS('simple_table'), { limit: 2 }, out, {});
    expect(entries.map((e) => [e.version, e.operation])).toEqual([
      [4, 'DELETE'],
      [3, 'UPDATE'],
    ]);
    expect(out.text().split('\n')[0]).toMatch(/^version {2}timestamp/);
  });

  it('prints commitInfo as JSON lines with --format jsonl, also for tables it cannot scan', async () => {
    const result = await run(['table', 'history', DELTA_RS('table-with-dv-small'), '--format', 'jsonl']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { version: number; operation: string });
    expect(lines.map((l) => l.version)).toEqual([1, 0]);
    expect(lines[0]!.operation).toBe('DELETE');
  });
});

describe('in-commit timestamps (cdc_ict_table)', () => {
  it('reports each commit at its inCommitTimestamp, not the file time', async () => {
    const entries = await showHistory(DELTA_RS('cdc_ict_table'), {}, buffer(), {});
    expect(entries.map((e) => [e.version, e.timestampMs])).toEqual([
      [3, 1783874213881],
      [2, 1783874212175],
      [1, 1683874206883],
      [0, 1783874203271],
    ]);
  });

  it('travels by --timestamp to the version current at that instant', async () => {
    const at = async (iso: string) =>
      (await run(['table', 'show', DELTA_RS('cdc_ict_table'), '--timestamp', iso, '--format', 'csv'])).stdout;
    expect(await at('2026-07-12T16:36:53.000Z')).toBe(await at('2026-07-12T16:36:52.175Z'));
    const v2 = (await run(['table', 'show', DELTA_RS('cdc_ict_table'), '--version', '2', '--format', 'csv']))
      .stdout;
    const v3 = (await run(['table', 'show', DELTA_RS('cdc_ict_table'), '--version', '3', '--format', 'csv']))
      .stdout;
    expect(await at('2026-07-12T16:36:52.175Z')).toBe(v2);
    expect(await at('2030-01-01T00:00:00Z')).toBe(v3);
  });
});

describe('etl table schema', () => {
  it('prints columns, types, partitions and the protocol', async () => {
    const out = buffer();
    await showSchema(DELTA_RS('delta-0.8.0-numeric-partition'), {}, out, {});
    expect(out.text().replace(/^file:\S+/, '<table>')).toMatchInlineSnapshot(`
     "<table> version 0 (protocol reader 1, writer 2)
       x       long  (partition)
       y       double  (partition)
       z       string
     "
    `);
  });

  it('prints JSON with --format json, even for a table it refuses to read', async () => {
    const result = await run(['table', 'schema', DELTA_RS('table_with_column_mapping'), '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      protocol: { minReaderVersion: number };
      partitionColumns: string[];
    };
    expect(json.protocol.minReaderVersion).toBe(2);
    expect(json.partitionColumns).toEqual(['Company Very Short']);
  });
});

it('takes S3-compatible endpoints from the AWS environment variables', () => {
  expect(tableOptionsFromEnv({})).toEqual({});
  expect(
    tableOptionsFromEnv({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', AWS_REGION: 'ap-southeast-2' }),
  ).toEqual({
    s3: { region: 'ap-southeast-2', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true },
  });
});
