// `etl table optimize|vacuum|checkpoint` through main(), on scratch tables written by the engine.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import pl from 'nodejs-polars';
import { main } from '../../../etl/src/cli/main';
import { parseSize } from '../../../etl/src/cli/commands/table-maintenance';
import { openTable } from '../../../etl/src/lake';

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
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('etl table optimize|vacuum|checkpoint', () => {
  let root: string;
  let uri: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'etl-maint-'));
    uri = pathToFileURL(root).href;
    const table = openTable(root);
    for (const i of [1, 2, 3]) await table.write(pl.DataFrame({ id: [i] }), { mode: 'append' });
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('optimize compacts small files and says so; a second run has nothing to do', async () => {
    expect(await run(['table', 'optimize', root, '--dry-run'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^${root}: would compact 3 files \\(.+\\) into 1\\n$`)),
    });
    const first = await run(['table', 'optimize', root]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      new RegExp(`^${root}: version 3: compacted 3 files \\(\\d+(\\.\\d)? (B|KiB)\\) into 1 \\(.+\\)\\n$`),
    );
    expect(await run(['table', 'optimize', root])).toEqual({
      code: 0,
      stdout: `${root}: nothing to compact\n`,
      stderr: '',
    });
  });

  it('optimize --where limits compaction to matching partitions', async () => {
    const part = await fs.mkdtemp(path.join(os.tmpdir(), 'etl-maint-part-'));
    try {
      const partitioned = openTable(part);
      for (const r of ['a', 'a', 'b', 'b']) {
        await partitioned.write(pl.DataFrame({ r: [r], x: [1] }), { mode: 'append', partitionBy: ['r'] });
      }
      const result = await run(['table', 'optimize', part, '--where', "r = 'a'"]);
      expect(result).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/: version 4: compacted 2 files/),
      });
      expect((await partitioned.snapshot()).files).toHaveLength(3);
    } finally {
      await fs.rm(part, { recursive: true, force: true });
    }
  });

  it('vacuum refuses a short retention without --allow-short-retention, then deletes with it', async () => {
    await run(['table', 'optimize', root]);
    expect(await run(['table', 'vacuum', root, '--retention-hours', '0'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `etl: ${uri}: refusing to vacuum with a retention of 0 h, shorter than 168 h (delta.deletedFileRetentionDuration): ` +
        'it would delete files that running readers and time travel still need. Pass force: true ' +
        '(CLI: --allow-short-retention) only when no reader or writer uses older versions.\n',
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const dry = await run([
      'table',
      'vacuum',
      root,
      '--retention-hours',
      '0',
      '--allow-short-retention',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n').filter((l) => l.startsWith('would delete part-'))).toHaveLength(3);
    expect(dry.stdout).toContain(`${root}: would delete 3 files\n`);
    const real = await run(['table', 'vacuum', root, '--retention-hours', '0', '--allow-short-retention']);
    expect(real.stdout).toContain(`${root}: deleted 3 files\n`);
    expect((await (await openTable(root).scan()).collect()).getColumn('id').toArray().sort()).toEqual([
      1, 2, 3,
    ]);
  });

  it('checkpoint writes the checkpoint of the latest version', async () => {
    expect(await run(['table', 'checkpoint', root])).toEqual({
      code: 0,
      stdout: `${root}: checkpoint written at version 2\n`,
      stderr: '',
    });
    expect(await fs.readdir(path.join(root, '_delta_log'))).toContain(
      '00000000000000000002.checkpoint.parquet',
    );
  });

  it('rejects a malformed --target-size as a usage error', async () => {
    const result = await run(['table', 'optimize', root, '--target-size', 'big']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: option '--target-size <size>' argument 'big' is invalid. expected a size such as 134217728, 128MiB or 1GiB",
    );
  });

  it('parses sizes in bytes, SI and binary units', () => {
    expect([parseSize('1000'), parseSize('128MiB'), parseSize('1GB'), parseSize('1.5KiB')]).toEqual([
      1000, 134217728, 1e9, 1536,
    ]);
  });
});
