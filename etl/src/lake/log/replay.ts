// Action reconciliation (PROTOCOL.md "Action Reconciliation", notes §3 step 4): the newest protocol and metaData
// win, txn keeps the newest version per appId, and file actions are keyed by (URI-decoded path, deletion vector id)
// with the newest action winning: an add makes the file live, a remove turns it into a tombstone.
import type {
  Action,
  AddFile,
  CommitInfo,
  DeletionVectorDescriptor,
  DomainMetadata,
  Metadata,
  Protocol,
  RemoveFile,
  Txn,
} from '../protocol/actions';
import { decodeLogPath } from '../protocol/partition-values';

export interface ReplayState {
  readonly protocol?: Protocol;
  readonly metadata?: Metadata;
  readonly files: ReadonlyMap<string, AddFile>;
  readonly tombstones: ReadonlyMap<string, RemoveFile>;
  readonly txns: ReadonlyMap<string, Txn>;
  readonly domainMetadata: ReadonlyMap<string, DomainMetadata>;
}

/** The unique id of a deletion vector (PROTOCOL.md "Deletion Vector Descriptor"), or '' for none. */
function deletionVectorId(dv: DeletionVectorDescriptor | undefined): string {
  if (dv === undefined) return '';
  return `${dv.storageType}${dv.pathOrInlineDv}${dv.offset === undefined ? '' : `@${dv.offset}`}`;
}

export function fileKey(path: string, dv?: DeletionVectorDescriptor): string {
  return `${decodeLogPath(path)}\u0000${deletionVectorId(dv)}`;
}

export class LogReplay implements ReplayState {
  protocol?: Protocol;
  metadata?: Metadata;
  readonly files = new Map<string, AddFile>();
  readonly tombstones = new Map<string, RemoveFile>();
  readonly txns = new Map<string, Txn>();
  readonly domainMetadata = new Map<string, DomainMetadata>();
  /** commitInfo of the last applied commit, if it had one. */
  lastCommitInfo?: CommitInfo;

  /** Applies one commit's (or a checkpoint's) actions; call in version order. */
  apply(actions: readonly Action[]): void {
    this.lastCommitInfo = undefined;
    for (const action of actions) {
      switch (action.kind) {
        case 'protocol':
          this.protocol = action.protocol;
          break;
        case 'metaData':
          this.metadata = action.metaData;
          break;
        case 'add': {
          const key = fileKey(action.add.path, action.add.deletionVector);
          this.files.set(key, action.add);
          this.tombstones.delete(key);
          break;
        }
        case 'remove': {
          const key = fileKey(action.remove.path, action.remove.deletionVector);
          this.files.delete(key);
          this.tombstones.set(key, action.remove);
          break;
        }
        case 'txn':
          this.txns.set(action.txn.appId, action.txn);
          break;
        case 'domainMetadata':
          if (action.domainMetadata.removed) this.domainMetadata.delete(action.domainMetadata.domain);
          else this.domainMetadata.set(action.domainMetadata.domain, action.domainMetadata);
          break;
        case 'commitInfo':
          this.lastCommitInfo = action.commitInfo;
          break;
        case 'cdc':
          break; // change data files are not part of the table state
      }
    }
  }
}
