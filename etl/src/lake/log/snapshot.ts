// A table's state at one version (PROTOCOL.md "Action Reconciliation", notes §3): built from the newest checkpoint
// at or below the version plus the JSON commits after it, then gated on the protocol (notes §9).
import { CorruptLogError, UnsupportedFeatureError } from '../errors';
import type {
  AddFile,
  CommitInfo,
  DomainMetadata,
  Metadata,
  Protocol,
  RemoveFile,
  Txn,
} from '../protocol/actions';
import { assertReadSupported } from '../protocol/features';
import { type StructType, parseSchemaString } from '../protocol/schema';
import type { LogStore } from '../storage/types';
import { readCheckpoint } from './checkpoint-reader';
import { forEachCommit } from './commits';
import { LogReplay } from './replay';
import { buildLogSegment } from './segment';
import { inCommitTimestampsFrom, versionAtTimestamp } from './timestamps';

export interface SnapshotOptions {
  readonly version?: number;
  readonly timestamp?: Date;
  /** Refuse tables needing unimplemented reader features (default true; history/schema inspection turn it off). */
  readonly checkSupport?: boolean;
}

export class Snapshot {
  constructor(
    readonly table: string,
    readonly version: number,
    /** The commit's timestamp: its in-commit timestamp when recorded, else the commit file's modification time. */
    readonly timestampMs: number,
    readonly protocol: Protocol,
    readonly metadata: Metadata,
    readonly schema: StructType,
    /** Live data files, in log order. */
    readonly files: readonly AddFile[],
    /** Removed files not yet vacuumed away (checkpoints must keep the unexpired ones). */
    readonly tombstones: readonly RemoveFile[],
    private readonly txns: ReadonlyMap<string, Txn>,
    readonly domainMetadata: ReadonlyMap<string, DomainMetadata>,
    /** commitInfo of this version's commit (undefined when it came from a checkpoint alone). */
    readonly commitInfo?: CommitInfo,
  ) {}

  get partitionColumns(): readonly string[] {
    return this.metadata.partitionColumns;
  }

  /** The newest `txn.version` recorded for an application id (idempotent writers), if any. */
  appTransactionVersion(appId: string): number | undefined {
    return this.txns.get(appId)?.version;
  }

  get appTransactions(): ReadonlyMap<string, Txn> {
    return this.txns;
  }
}

export async function loadSnapshot(logStore: LogStore, options: SnapshotOptions = {}): Promise<Snapshot> {
  const table = logStore.objects.uri;
  if (options.version !== undefined && options.timestamp !== undefined) {
    throw new RangeError('time travel takes a version or a timestamp, not both');
  }
  if (options.version !== undefined && (!Number.isSafeInteger(options.version) || options.version < 0)) {
    throw new RangeError(`version must be an integer ≥ 0, got ${options.version}`);
  }
  let target = options.version;
  if (options.timestamp !== undefined) {
    // Which commits carry in-commit timestamps is table configuration: read it from the latest state.
    const latest = await loadSnapshot(logStore, { checkSupport: false });
    target = await versionAtTimestamp(logStore, options.timestamp, inCommitTimestampsFrom(latest.metadata));
  }
  const segment = await buildLogSegment(logStore, target);
  const replay = new LogReplay();
  if (segment.checkpoint !== undefined)
    replay.apply(await readCheckpoint(logStore.objects, segment.checkpoint));
  await forEachCommit(logStore.objects, segment.commits, (_version, actions) => replay.apply(actions));

  const { protocol, metadata } = replay;
  if (protocol === undefined)
    throw new CorruptLogError(table, 'no protocol action in the log', segment.version);
  if (metadata === undefined)
    throw new CorruptLogError(table, 'no metaData action in the log', segment.version);
  const schema = parseSchemaString(metadata.schemaString, table);
  const files = [...replay.files.values()];
  if (options.checkSupport !== false) {
    assertReadSupported(protocol, metadata, table);
    const withDv = files.find((f) => f.deletionVector !== undefined);
    if (withDv !== undefined) {
      throw new UnsupportedFeatureError(
        table,
        'deletionVectors',
        `file ${withDv.path} has a deletion vector`,
      );
    }
  }
  const lastCommit = segment.commits[segment.commits.length - 1];
  const commitInfo = lastCommit?.version === segment.version ? replay.lastCommitInfo : undefined;
  const timestampMs =
    typeof commitInfo?.inCommitTimestamp === 'number'
      ? commitInfo.inCommitTimestamp
      : (lastCommit?.meta.modifiedMs ?? segment.checkpoint?.files[0]?.modifiedMs ?? 0);
  return new Snapshot(
    table,
    segment.version,
    timestampMs,
    protocol,
    metadata,
    schema,
    files,
    [...replay.tombstones.values()],
    replay.txns,
    replay.domainMetadata,
    commitInfo,
  );
}
