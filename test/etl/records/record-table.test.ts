import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pl from 'nodejs-polars';
import { RecordTable, readDate, recordFrame, type RecordColumn } from '../../../etl/src/records';

interface Seen {
  readonly name: string;
  readonly size?: number;
  readonly at: Date;
}

const COLUMNS: readonly RecordColumn<Seen>[] = [
  { name: 'name', dtype: pl.Utf8, value: (r) => r.name },
  { name: 'size', dtype: pl.Int64, value: (r) => r.size ?? null },
  { name: 'at', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.at },
];

const AT = new Date('2026-05-14T04:05:00Z');

describe('recordFrame', () => {
  it('builds the declared columns in order, typed, with run_id last', () => {
    const frame = recordFrame(
      COLUMNS,
      [
        { name: 'a', size: 3, at: AT },
        { name: 'b', at: AT },
      ],
      'run-1',
    );
    expect(frame.columns).toEqual(['name', 'size', 'at', 'run_id']);
    expect(frame.dtypes.map(String)).toEqual([
      'DataType(String)',
      'DataType(Int64)',
      'DataType(Datetime(us,UTC))',
      'DataType(String)',
    ]);
    expect(frame.getColumn('size').toArray()).toEqual([3, null]);
    expect(frame.getColumn('run_id').toArray()).toEqual(['run-1', 'run-1']);
  });
});

describe('readDate', () => {
  it('reads Dates, epoch milliseconds and nothing else', () => {
    expect(readDate(AT)).toEqual(AT);
    expect(readDate(AT.getTime())).toEqual(AT);
    expect(readDate(BigInt(AT.getTime()))).toEqual(AT);
    expect(readDate(null)).toBeUndefined();
    expect(readDate(undefined)).toBeUndefined();
    expect(readDate('2026-05-14')).toBeUndefined();
  });
});

describe('RecordTable', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'record-table-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reads nothing before the first commit, and queued rows back after a flush', async () => {
    const table = new RecordTable(path.join(work, 'seen'), {}, { operation: 'test-seen', columns: COLUMNS });
    expect(await table.readAll()).toEqual([]);
    table.queue({ name: 'a', size: 3, at: AT });
    table.queue({ name: 'b', at: AT });
    expect(table.pendingCount).toBe(2);
    expect(await table.flush('run-1')).toBe(2);
    expect(table.pendingCount).toBe(0);
    expect(await table.flush('run-2')).toBe(0);

    const rows = await new RecordTable(table.uri, {}, { operation: 'test-seen', columns: COLUMNS }).readAll();
    expect(
      rows.map((r) => [r.name, r.size === null ? null : Number(r.size), readDate(r.at), r.run_id]),
    ).toEqual([
      ['a', 3, AT, 'run-1'],
      ['b', null, AT, 'run-1'],
    ]);
  });
});
