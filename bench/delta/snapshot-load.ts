// Snapshot load time against the number of commits. Logs are built by writing commit files straight through the
// LogStore (the put-if-absent path a writer uses, minus the data files, which a snapshot load never opens) and
// checkpoints with the engine's checkpoint encoder.
//
// - constant state: 1,000 live files committed at version 0, then commits that change nothing (commitInfo only,
//   like a streaming batch with no new data), a checkpoint every 10 commits (`delta.checkpointInterval`). The
//   state, hence every checkpoint, is identical at every version, so load time at version N isolates the cost of
//   the N commits before the last checkpoint. It should stay flat.
// - the same log without checkpoints, replayed from JSON alone, for contrast.
// - append-only: each commit adds one file (so 10,000 commits = 10,000 live files), checkpoints every 1,000
//   commits and 9 commits before each measurement; load time follows the table's size, not its history.
// Loads are measured at versions ending in 9: the longest tail (9 commits) after a checkpoint.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadSnapshot } from '../../etl/src/lake/log/snapshot';
import type { AddFile, Metadata, Protocol } from '../../etl/src/lake/protocol/actions';
import { ConditionalPutLogStore, LocalObjectStore } from '../../etl/src/lake/storage';
import { encodeCheckpoint } from '../../etl/src/lake/write/checkpoint-parquet';

const PROTOCOL: Protocol = { minReaderVersion: 1, minWriterVersion: 2 };
const REGIONS = ['NSW1', 'QLD1', 'SA1', 'TAS1', 'VIC1'];

function metadata(): Metadata {
  const field = (name: string, type: string) => ({ name, type, nullable: true, metadata: {} });
  return {
    id: randomUUID(),
    format: { provider: 'parquet', options: {} },
    schemaString: JSON.stringify({
      type: 'struct',
      fields: [field('SETTLEMENTDATE', 'timestamp'), field('REGIONID', 'string'), field('RRP', 'double')],
    }),
    partitionColumns: ['REGIONID'],
    createdTime: Date.now(),
    configuration: { 'delta.checkpointInterval': '10' },
  };
}

/** An add like the writer's: Hive path, partition value, size and a realistic stats string. */
function fakeAdd(i: number): AddFile {
  const region = REGIONS[i % REGIONS.length]!;
  const day = new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString();
  return {
    path: `REGIONID=${region}/part-00000-${randomUUID()}-c000.snappy.parquet`,
    partitionValues: { REGIONID: region },
    size: 40_000 + (i % 997),
    modificationTime: Date.now(),
    dataChange: true,
    stats: JSON.stringify({
      numRecords: 288,
      minValues: { SETTLEMENTDATE: day, RRP: -42.5 },
      maxValues: { SETTLEMENTDATE: day, RRP: 15_500 },
      nullCount: { SETTLEMENTDATE: 0, RRP: 0 },
    }),
  };
}

const line = (action: object) => JSON.stringify(action);

export interface LoadPoint {
  readonly commits: number;
  readonly version: number;
  readonly checkpointVersion: number | null;
  readonly medianMs: number;
  readonly minMs: number;
  readonly liveFiles: number;
}

export interface SnapshotLoadResult {
  readonly liveFiles: number;
  readonly buildSeconds: number;
  readonly withCheckpoints: LoadPoint[];
  readonly withoutCheckpoints: LoadPoint[];
}

async function timeLoads(logStore: ConditionalPutLogStore, version: number, runs: number): Promise<number[]> {
  const times: number[] = [];
  await loadSnapshot(logStore, { version }); // warm-up: JIT and page cache, not measured
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const snapshot = await loadSnapshot(logStore, { version });
    times.push(performance.now() - started);
    if (snapshot.version !== version)
      throw new Error(`loaded version ${snapshot.version}, expected ${version}`);
  }
  return times.sort((a, b) => a - b);
}

/** Builds both tables up to `maxCommits` commits, measuring loads as it passes each of `points`. */
export async function benchSnapshotLoad(options: {
  maxCommits: number;
  points: readonly number[];
  liveFiles: number;
  runs: number;
}): Promise<SnapshotLoadResult> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-delta-log-'));
  try {
    const stores = ['with', 'without'].map((name) => {
      const objects = new LocalObjectStore(path.join(base, name), { durable: false });
      return { objects, logStore: new ConditionalPutLogStore(objects) };
    });
    const [withCp, withoutCp] = stores as [(typeof stores)[0], (typeof stores)[0]];
    const meta = metadata();
    const adds = Array.from({ length: options.liveFiles }, (_, i) => fakeAdd(i));
    const v0 = [
      line({ commitInfo: { timestamp: Date.now(), operation: 'WRITE', engineInfo: 'bench' } }),
      line({ protocol: PROTOCOL }),
      line({ metaData: meta }),
      ...adds.map((add) => line({ add })),
    ].join('\n');
    const encoder = new TextEncoder();
    const withCheckpoints: LoadPoint[] = [];
    const withoutCheckpoints: LoadPoint[] = [];
    const started = performance.now();
    let txnVersion = 0;
    for (let version = 0; version < options.maxCommits; version++) {
      const body =
        version === 0
          ? v0
          : [
              line({
                commitInfo: { timestamp: Date.now(), operation: 'STREAMING UPDATE', engineInfo: 'bench' },
              }),
              line({ txn: { appId: 'ingest', version: (txnVersion = version), lastUpdated: Date.now() } }),
            ].join('\n');
      const bytes = encoder.encode(body + '\n');
      await withCp.logStore.writeCommit(version, bytes);
      await withoutCp.logStore.writeCommit(version, bytes);
      if (version > 0 && version % 10 === 0) {
        const { bytes: checkpoint, rows } = encodeCheckpoint({
          protocol: PROTOCOL,
          metadata: meta,
          txns: [{ appId: 'ingest', version: txnVersion, lastUpdated: Date.now() }],
          adds,
          removes: [],
        });
        await withCp.objects.put(
          `_delta_log/${String(version).padStart(20, '0')}.checkpoint.parquet`,
          checkpoint,
        );
        await withCp.objects.put(
          '_delta_log/_last_checkpoint',
          encoder.encode(
            JSON.stringify({
              version,
              size: rows,
              sizeInBytes: checkpoint.length,
              numOfAddFiles: adds.length,
            }),
          ),
        );
      }
      const commits = version + 1;
      if (options.points.includes(commits)) {
        const checkpointVersion = version >= 10 ? version - (version % 10) : null;
        const a = await timeLoads(withCp.logStore, version, options.runs);
        withCheckpoints.push(point(commits, version, checkpointVersion, a, options.liveFiles));
        const b = await timeLoads(withoutCp.logStore, version, Math.min(options.runs, 3));
        withoutCheckpoints.push(point(commits, version, null, b, options.liveFiles));
      }
    }
    return {
      liveFiles: options.liveFiles,
      buildSeconds: (performance.now() - started) / 1000,
      withCheckpoints,
      withoutCheckpoints,
    };
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

const checkpointPath = (version: number) =>
  `_delta_log/${String(version).padStart(20, '0')}.checkpoint.parquet`;

export interface AppendOnlyResult {
  readonly buildSeconds: number;
  readonly points: LoadPoint[];
}

/** A table where every commit appends one file: load time at N commits, with N live files. */
export async function benchAppendOnlyLoad(options: {
  maxCommits: number;
  points: readonly number[];
  runs: number;
}): Promise<AppendOnlyResult> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-delta-appendlog-'));
  try {
    const objects = new LocalObjectStore(root, { durable: false });
    const logStore = new ConditionalPutLogStore(objects);
    const meta = metadata();
    const encoder = new TextEncoder();
    const adds: AddFile[] = [];
    const points: LoadPoint[] = [];
    const checkpointAt = new Set<number>();
    for (let v = 1000; v < options.maxCommits; v += 1000) checkpointAt.add(v);
    for (const p of options.points) if (p > 10) checkpointAt.add(p - 10);
    const started = performance.now();
    for (let version = 0; version < options.maxCommits; version++) {
      const add = fakeAdd(version);
      adds.push(add);
      const lines = [
        line({ commitInfo: { timestamp: Date.now(), operation: 'WRITE', engineInfo: 'bench' } }),
      ];
      if (version === 0) lines.push(line({ protocol: PROTOCOL }), line({ metaData: meta }));
      lines.push(line({ add }));
      await logStore.writeCommit(version, encoder.encode(lines.join('\n') + '\n'));
      if (checkpointAt.has(version)) {
        const { bytes, rows } = encodeCheckpoint({
          protocol: PROTOCOL,
          metadata: meta,
          txns: [],
          adds,
          removes: [],
        });
        await objects.put(checkpointPath(version), bytes);
        await objects.put(
          '_delta_log/_last_checkpoint',
          encoder.encode(
            JSON.stringify({ version, size: rows, sizeInBytes: bytes.length, numOfAddFiles: adds.length }),
          ),
        );
      }
      const commits = version + 1;
      if (options.points.includes(commits)) {
        const times = await timeLoads(logStore, version, options.runs);
        points.push(point(commits, version, version - (version % 10), times, adds.length));
      }
    }
    return { buildSeconds: (performance.now() - started) / 1000, points };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

function point(
  commits: number,
  version: number,
  checkpointVersion: number | null,
  times: number[],
  liveFiles: number,
): LoadPoint {
  return {
    commits,
    version,
    checkpointVersion,
    medianMs: times[Math.floor(times.length / 2)]!,
    minMs: times[0]!,
    liveFiles,
  };
}
