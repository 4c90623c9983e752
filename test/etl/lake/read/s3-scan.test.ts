// Reading a table on S3 end to end: the log through the S3 object store, the data files through polars' own S3
// client, both pointed at the loopback S3 stand-in (in a child process). Rows must equal the local read.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { openStorage } from '../../../../etl/src/lake/storage';
import { openTable } from '../../../../etl/src/lake/table';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../rigs/aws-test-env';
import { DAT, normalisedRows } from '../fixtures';

const REPO = path.resolve(__dirname, '../../../..');
let child: ChildProcess;
let endpoint: string;

beforeAll(async () => {
  child = spawn(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(__dirname, 's3-standin-process.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`S3 stand-in exited with ${code}`)));
  });
  endpoint = (JSON.parse(line) as { endpoint: string }).endpoint;
}, 30_000);

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

const s3 = () => ({ endpoint, region: TEST_REGION, forcePathStyle: true, credentials: TEST_CREDENTIALS });

/** Copies a fixture table to s3://lake/<prefix>/ through our S3 object store. */
async function upload(dir: string, prefix: string): Promise<void> {
  const { objects } = openStorage(`s3://lake/${prefix}`, { s3: s3() });
  const walk = async (sub: string): Promise<void> => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(rel);
      else await objects.put(rel, fs.readFileSync(path.join(dir, rel)));
    }
  };
  await walk('');
}

it.each(['multi_partitioned', 'with_checkpoint', 'all_primitive_types'])(
  '%s reads the same rows from S3 as from disk',
  async (name) => {
    await upload(path.join(DAT, name, 'delta'), `dat/${name}`);
    const remote = openTable(`s3://lake/dat/${name}`, { s3: s3() });
    const local = openTable(path.join(DAT, name, 'delta'));
    const snapshot = await remote.snapshot();
    expect(snapshot.version).toBe((await local.snapshot()).version);
    const got = await (await remote.scan()).collect();
    const want = (await local.scan()).collectSync();
    expect(got.height).toBeGreaterThan(0);
    expect(normalisedRows(got, snapshot.schema)).toEqual(normalisedRows(want, snapshot.schema));
  },
);
