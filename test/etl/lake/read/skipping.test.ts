// File skipping on real logs. The `checkpoints` fixture ships its log without data files, so a scan that opened any
// file would fail: an empty result proves the files were skipped, and the control scans prove they exist in the log.
import * as path from 'node:path';
import { openTable } from '../../../../etl/src/lake/table';
import { DELTA_RS } from '../fixtures';

const table = openTable(path.join(DELTA_RS, 'checkpoints'));
const collect = async (filter: Parameters<typeof table.scan>[0]) => (await table.scan(filter)).collectSync();

it('prunes every file by partition value without opening one', async () => {
  const df = await collect({ filter: { column: 'date', op: '=', value: '2099-01-01' } });
  expect(df.height).toBe(0);
  expect(df.columns).toEqual(['some_struct', 'value', 'ts', 'date']);
});

it('skips every file by stats (min/max of value and ts) without opening one', async () => {
  expect((await collect({ filter: { column: 'value', op: '>', value: 'x' } })).height).toBe(0);
  expect((await collect({ filter: { column: 'ts', op: '<', value: '2021-01-01T00:00:00Z' } })).height).toBe(
    0,
  );
  expect((await collect({ filter: { column: 'value', op: 'is-null' } })).height).toBe(0);
});

it('opens the files when they may match (and fails here only because the fixture has no data files)', async () => {
  await expect(collect({ filter: { column: 'value', op: '=', value: 'x' } })).rejects.toThrow(/No such file/);
  await expect(collect({ filter: { column: 'date', op: '=', value: '2020-06-02' } })).rejects.toThrow(
    /No such file/,
  );
});
