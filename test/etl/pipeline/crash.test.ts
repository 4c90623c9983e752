// Kills `etl run` (a child process) with SIGKILL at random points, reruns, and checks that the lake ends up
// exactly as after one uninterrupted run: no lost and no duplicated rows, whatever the kill interrupted.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, selectReports } from '../../../etl/src/catalog';
import { resolveLakeLocation } from '../../../etl/src/config';
import { openSource } from '../../../etl/src/crawl';
import { runPipeline, type PipelineEvent } from '../../../etl/src/pipeline';
import { bronzeContents, tableRows } from './lake-contents';
import { CRASH_SELECTION as SELECTION, FROM } from './selection';

const REPO = path.resolve(__dirname, '..', '..', '..');
const MIRROR = path.resolve(REPO, '..', 'shared', 'fixtures', 'aemo', 'nemweb');

/** Runs `etl run` in a child; SIGKILLs it once `killAfter` events were printed. Resolves with how it ended. */
function runChild(
  lake: string,
  killAfter: number | undefined,
): Promise<{ killed: boolean; events: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'etl/src/cli/main.ts',
        'run',
        ...SELECTION,
        '--source',
        MIRROR,
        '--from',
        '2021-01-01',
        '--lake',
        lake,
        '--json',
        '--concurrency',
        '2',
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let events = 0;
    let killed = false;
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      events += lines.length;
      if (!killed && killAfter !== undefined && events >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (!killed && code !== 0) reject(new Error(`etl run exited ${code}: ${stderr}`));
      else resolve({ killed, events, code });
    });
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing seed can be replayed with CRASH_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('etl run killed at random points', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'pipeline-crash-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ends with the same tables as one uninterrupted run after SIGKILLs and reruns', async () => {
    const reference = path.join(work, 'reference');
    const events: PipelineEvent[] = [];
    await runPipeline({
      reports: selectReports(loadCatalog(), SELECTION),
      source: openSource(MIRROR),
      location: resolveLakeLocation({ lake: reference }, {}),
      window: { from: FROM },
      concurrency: 2,
      emit: (e) => events.push(e),
    });
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const lake = path.join(work, 'crashed');
    const kills: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const killAfter = 1 + Math.floor(next() * (events.length - 1));
      kills.push(killAfter);
      await runChild(lake, killAfter);
    }
    const final = await runChild(lake, undefined);
    expect({ seed, kills, code: final.code }).toEqual({ seed, kills, code: 0 });

    expect({ seed, contents: await bronzeContents(lake) }).toEqual({
      seed,
      contents: await bronzeContents(reference),
    });
    const landed = async (root: string) =>
      tableRows(root, 'landing/_manifest', ['fetched_at', 'run_id', 'listed_at', 'url']);
    expect(await landed(lake)).toEqual(await landed(reference));
    const loaded = async (root: string) =>
      (await tableRows(root, 'bronze/_ingest_log', ['completed_at', 'run_id', 'attempt'])).filter(
        (r, i, all) => all.indexOf(r) === i,
      );
    expect(await loaded(lake)).toEqual(await loaded(reference));
  });
});
