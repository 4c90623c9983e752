import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { RunIncompleteError, runCommand } from '../../../etl/src/cli/commands/run';
import { exitCodeFor, formatError } from '../../../etl/src/cli/errors';
import { startNemwebServer, type NemwebServer } from '../../rigs/nemweb-server';

const MIRROR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

describe('etl run (command)', () => {
  let work: string;
  let server: NemwebServer;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'cli-run-'));
    server = await startNemwebServer([MIRROR]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('prints one line per file and a summary table on a non-terminal', async () => {
    const out = capture();
    const err = capture();
    await runCommand(
      { selection: ['daily_reports'], source: MIRROR, lake: { lake: path.join(work, 'text') } },
      { stdout: out.stream, stderr: err.stream, env: {} },
    );
    const lines = out.text().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^run \\S+: 1 report\\(s\\) from ${MIRROR} into ${path.join(work, 'text')}$`),
    );
    expect(lines).toContain(
      'ingested Reports/Current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip: 576 rows into 1 table(s)',
    );
    expect(out.text()).toMatch(
      /report\s+listed\s+landed\s+skipped\s+ingested\s+quarantined\s+failed\s+rows\n[- ]+\ndaily_reports\s+1\s+1\s+0\s+1\s+0\s+0\s+576\n/,
    );
    expect(out.text()).toMatch(/bronze table\s+rows written\n[- ]+\ndregion_v2\s+576\n/);
  });

  it('prints every event as a JSON line with --json', async () => {
    const out = capture();
    await runCommand(
      {
        selection: ['next_day_intermittent_gen_scada'],
        source: server.baseUrl,
        json: true,
        lake: { lake: path.join(work, 'json') },
      },
      { stdout: out.stream, stderr: capture().stream, env: {} },
    );
    const events = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    expect(events[0]!.kind).toBe('run-started');
    expect(events[events.length - 1]!.kind).toBe('run-finished');
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['listing-read', 'file-landed', 'rows-written', 'file-ingested']),
    );
  });

  it('exits 1 with a clear message when files could not be fetched, after recording the rest', async () => {
    server.setFault('Reports/Current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip', {
      kind: 'status',
      status: 503,
    });
    const out = capture();
    const error = await runCommand(
      {
        selection: ['daily_reports'],
        source: server.baseUrl,
        retries: '1',
        lake: { lake: path.join(work, 'fail') },
      },
      { stdout: out.stream, stderr: capture().stream, env: {} },
    ).catch((e: unknown) => e);
    server.setFault('Reports/Current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip', undefined);
    expect(error).toBeInstanceOf(RunIncompleteError);
    expect(exitCodeFor(error)).toBe(1);
    expect(formatError(error)).toBe(
      'etl: 1 file(s) or listing(s) could not be fetched; the next run tries them again',
    );
    expect(out.text()).toContain('HTTP 503 Service Unavailable');
  });

  it('refuses an unknown report or a malformed date before touching anything', async () => {
    const io = { stdout: capture().stream, stderr: capture().stream, env: {} };
    await expect(
      runCommand({ selection: ['dispatchis'], lake: { lake: path.join(work, 'x') } }, io),
    ).rejects.toThrow('unknown report selection "dispatchis"');
    const error = await runCommand(
      { selection: [], from: '2024/08/01', lake: { lake: path.join(work, 'x') } },
      io,
    ).catch((e: unknown) => e);
    expect(formatError(error)).toBe(
      'etl: invalid configuration: --from "2024/08/01": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM in market time (AEST), or an ISO instant with Z or an offset',
    );
  });
});
