// `npm run bench:delta` (add `-- --quick` for a smoke run, `-- --write-doc` to refresh docs/bench-delta.md):
// append throughput and snapshot load time of the Delta engine, printed as Markdown.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type BulkAppendResult, type SmallAppendResult, benchBulkAppend, benchSmallAppends } from './append';
import { type Machine, describeMachine } from './machine';
import {
  type AppendOnlyResult,
  type LoadPoint,
  type SnapshotLoadResult,
  benchAppendOnlyLoad,
  benchSnapshotLoad,
} from './snapshot-load';

const DOC = path.resolve(__dirname, '..', '..', 'docs', 'bench-delta.md');
const START = '<!-- bench:delta:results:start -->';
const END = '<!-- bench:delta:results:end -->';

interface Results {
  readonly machine: Machine;
  readonly bulk: BulkAppendResult[];
  readonly small: SmallAppendResult;
  readonly snapshot: SnapshotLoadResult;
  readonly appendOnly: AppendOnlyResult;
  readonly totalSeconds: number;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const started = performance.now();
  const machine = describeMachine();
  const log = (text: string) => process.stderr.write(`[bench:delta] ${text}\n`);

  const rowsPerBatch = quick ? 50_000 : 250_000;
  const batches = quick ? 2 : 4;
  const bulk: BulkAppendResult[] = [];
  for (const spec of [
    { label: 'unpartitioned, snappy', batches, rowsPerBatch },
    { label: 'unpartitioned, zstd', batches, rowsPerBatch, compression: 'zstd' as const },
    {
      label: 'partitioned by REGIONID (5 files per commit), snappy',
      batches,
      rowsPerBatch,
      partitionBy: ['REGIONID'],
    },
  ]) {
    log(`bulk append: ${spec.label}`);
    bulk.push(await benchBulkAppend(spec));
  }
  log('small appends');
  const small = await benchSmallAppends(quick ? 20 : 100, 288);

  const maxCommits = quick ? 1_000 : 10_000;
  const points = quick ? [100, 500, 1_000] : [100, 1_000, 2_500, 5_000, 10_000];
  log(`snapshot load, constant state, up to ${maxCommits} commits`);
  const snapshot = await benchSnapshotLoad({ maxCommits, points, liveFiles: 1_000, runs: 7 });
  log(`snapshot load, append-only, up to ${maxCommits} commits`);
  const appendOnly = await benchAppendOnlyLoad({
    maxCommits,
    points: points.filter((p) => p >= 1_000 || quick),
    runs: 5,
  });

  const results: Results = {
    machine,
    bulk,
    small,
    snapshot,
    appendOnly,
    totalSeconds: (performance.now() - started) / 1000,
  };
  const markdown = render(results, quick);
  process.stdout.write(markdown);
  if (process.argv.includes('--write-doc')) await writeDoc(markdown);
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-AU', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function render(r: Results, quick: boolean): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(
    `Run ${m.date}${quick ? ' (quick mode: smaller sizes, not for comparison)' : ''}, ${fmt(r.totalSeconds)} s in total.`,
  );
  out.push('');
  out.push(
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}.`,
  );
  out.push('');
  out.push('### Append throughput (DeltaTable.write, durable local store)');
  out.push('');
  out.push('| layout | rows | commits | files | seconds | rows/s | Parquet MB/s | data MB/s |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const b of r.bulk) {
    out.push(
      `| ${b.label} | ${fmt(b.rows)} | ${b.commits} | ${b.files} | ${fmt(b.seconds, 2)} | ${fmt(b.rowsPerSecond)} | ` +
        `${fmt(b.parquetMBPerSecond, 1)} | ${fmt(b.frameMBPerSecond, 1)} |`,
    );
  }
  out.push('');
  out.push(
    `Small appends (${r.small.rowsPerCommit} rows each, the shape of one AEMO file): ${r.small.commits} commits in ` +
      `${fmt(r.small.seconds, 2)} s = **${fmt(r.small.commitsPerSecond, 1)} commits/s**, including ` +
      `${r.small.checkpoints} automatic checkpoints.`,
  );
  out.push('');
  out.push(`### Snapshot load, constant state (${fmt(r.snapshot.liveFiles)} live files)`);
  out.push('');
  out.push(
    '| commits | last checkpoint | with checkpoints: median ms (min) | JSON replay only: median ms (min) |',
  );
  out.push('|---:|---:|---:|---:|');
  r.snapshot.withCheckpoints.forEach((p, i) => {
    const json = r.snapshot.withoutCheckpoints[i]!;
    out.push(`| ${fmt(p.commits)} | ${p.checkpointVersion ?? '-'} | ${ms(p)} | ${ms(json)} |`);
  });
  out.push('');
  out.push(`Log built in ${fmt(r.snapshot.buildSeconds, 1)} s (both tables, loads included).`);
  out.push('');
  out.push('### Snapshot load, append-only (one new file per commit)');
  out.push('');
  out.push('| commits | live files | last checkpoint | median ms (min) |');
  out.push('|---:|---:|---:|---:|');
  for (const p of r.appendOnly.points) {
    out.push(`| ${fmt(p.commits)} | ${fmt(p.liveFiles)} | ${p.checkpointVersion ?? '-'} | ${ms(p)} |`);
  }
  out.push('');
  return out.join('\n') + '\n';
}

function ms(p: LoadPoint): string {
  return `${fmt(p.medianMs, 1)} (${fmt(p.minMs, 1)})`;
}

async function writeDoc(markdown: string): Promise<void> {
  const current = await fs.readFile(DOC, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC}: missing the ${START} … ${END} markers`);
  await fs.writeFile(DOC, `${current.slice(0, start + START.length)}\n${markdown}${current.slice(end)}`);
  process.stderr.write(`[bench:delta] wrote ${DOC}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
