import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalObjectStore, ObjectNotFoundError } from '../../../../etl/src/lake';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('LocalObjectStore', () => {
  let root: string;
  let store: LocalObjectStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-local-'));
    store = new LocalObjectStore(path.join(root, 'table'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('writes, reads, heads and deletes an object, creating directories as needed', async () => {
    await store.put('year=2026/part-0.parquet', bytes('abc'));
    expect(text(await store.get('year=2026/part-0.parquet'))).toBe('abc');
    const meta = await store.head('year=2026/part-0.parquet');
    expect(meta).toMatchObject({ path: 'year=2026/part-0.parquet', sizeBytes: 3 });
    expect(meta!.modifiedMs).toBeGreaterThan(Date.now() - 60_000);
    await store.delete('year=2026/part-0.parquet');
    expect(await store.head('year=2026/part-0.parquet')).toBeUndefined();
    await expect(store.delete('year=2026/part-0.parquet')).resolves.toBeUndefined();
  });

  it('throws ObjectNotFoundError naming the object when it is absent', async () => {
    const error = await store.get('_delta_log/00000000000000000000.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect((error as ObjectNotFoundError).code).toBe('OBJECT_NOT_FOUND');
    expect((error as Error).message).toBe(`${store.uri}/_delta_log/00000000000000000000.json: not found`);
  });

  it('replaces an object on put but never on putIfAbsent', async () => {
    await store.put('_last_checkpoint', bytes('one'));
    await store.put('_last_checkpoint', bytes('two'));
    expect(text(await store.get('_last_checkpoint'))).toBe('two');

    expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('first'))).toBe(true);
    expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('second'))).toBe(false);
    expect(text(await store.get('_delta_log/00000000000000000000.json'))).toBe('first');
  });

  it('leaves no temp files behind after put, putIfAbsent and a lost putIfAbsent', async () => {
    await store.put('_delta_log/_last_checkpoint', bytes('x'));
    await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('a'));
    await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('b'));
    expect((await fs.readdir(path.join(root, 'table', '_delta_log'))).sort()).toEqual([
      '00000000000000000000.json',
      '_last_checkpoint',
    ]);
  });

  it('hides a temp file a killed writer left behind', async () => {
    await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('a'));
    await fs.writeFile(path.join(root, 'table', '_delta_log', '.lake-tmp-0b5e6c1e'), 'half a comm');
    expect((await collect(store.list('_delta_log/'))).map((m) => m.path)).toEqual([
      '_delta_log/00000000000000000000.json',
    ]);
  });

  it('sweeps abandoned temp files older than the threshold and leaves fresh ones alone', async () => {
    await store.put('x=1/part-0.parquet', bytes('data'));
    const dir = path.join(root, 'table');
    await fs.writeFile(path.join(dir, 'x=1', '.lake-tmp-old'), 'stale');
    await fs.mkdir(path.join(dir, '_delta_log'));
    await fs.writeFile(path.join(dir, '_delta_log', '.lake-tmp-older'), 'stale');
    await fs.writeFile(path.join(dir, '_delta_log', '.lake-tmp-fresh'), 'in flight');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await fs.utimes(path.join(dir, 'x=1', '.lake-tmp-old'), twoHoursAgo, twoHoursAgo);
    await fs.utimes(path.join(dir, '_delta_log', '.lake-tmp-older'), twoHoursAgo, twoHoursAgo);

    expect(await store.removeAbandonedTempFiles()).toEqual([
      '_delta_log/.lake-tmp-older',
      'x=1/.lake-tmp-old',
    ]);
    expect((await fs.readdir(path.join(dir, '_delta_log'))).sort()).toEqual(['.lake-tmp-fresh']);
    expect(await fs.readdir(path.join(dir, 'x=1'))).toEqual(['part-0.parquet']);
  });

  it('lists nothing for a table root that does not exist yet', async () => {
    expect(await collect(new LocalObjectStore(path.join(root, 'nope')).list(''))).toEqual([]);
  });
});
