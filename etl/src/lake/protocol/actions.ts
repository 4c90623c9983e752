// Typed Delta log actions (PROTOCOL.md "Actions"). Readers must ignore unknown actions and unknown fields, so parsing
// keeps only the fields we model and returns undefined for action kinds we do not know.
import { CorruptLogError } from '../errors';
import { FieldReader, type Json } from './field-reader';

export interface Protocol {
  readonly minReaderVersion: number;
  readonly minWriterVersion: number;
  /** Present only when minReaderVersion = 3. */
  readonly readerFeatures?: readonly string[];
  /** Present only when minWriterVersion = 7. */
  readonly writerFeatures?: readonly string[];
}

export interface Format {
  readonly provider: string;
  readonly options: Readonly<Record<string, string>>;
}

export interface Metadata {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  readonly format: Format;
  readonly schemaString: string;
  readonly partitionColumns: readonly string[];
  /** Epoch milliseconds. */
  readonly createdTime?: number;
  readonly configuration: Readonly<Record<string, string>>;
}

export interface DeletionVectorDescriptor {
  readonly storageType: string;
  readonly pathOrInlineDv: string;
  readonly offset?: number;
  readonly sizeInBytes: number;
  readonly cardinality: number;
}

export type PartitionValues = Readonly<Record<string, string | null>>;

export interface AddFile {
  /** As written in the log: an RFC 2396 URI reference, relative to the table root or absolute. */
  readonly path: string;
  readonly partitionValues: PartitionValues;
  readonly size: number;
  /** Epoch milliseconds. */
  readonly modificationTime: number;
  readonly dataChange: boolean;
  /** JSON text (`{"numRecords":…,"minValues":…}`); absent when the writer kept no stats. */
  readonly stats?: string;
  readonly tags?: Readonly<Record<string, string | null>>;
  readonly deletionVector?: DeletionVectorDescriptor;
  readonly baseRowId?: number;
  readonly defaultRowCommitVersion?: number;
  readonly clusteringProvider?: string;
}

export interface RemoveFile {
  readonly path: string;
  /** Epoch milliseconds. */
  readonly deletionTimestamp?: number;
  readonly dataChange: boolean;
  readonly extendedFileMetadata?: boolean;
  readonly partitionValues?: PartitionValues;
  readonly size?: number;
  readonly stats?: string;
  readonly tags?: Readonly<Record<string, string | null>>;
  readonly deletionVector?: DeletionVectorDescriptor;
}

export interface Txn {
  readonly appId: string;
  readonly version: number;
  readonly lastUpdated?: number;
}

/** Free-form; these are the fields Spark and delta-rs write that the engine reads. */
export interface CommitInfo {
  readonly timestamp?: number;
  readonly inCommitTimestamp?: number;
  readonly operation?: string;
  readonly operationParameters?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

export interface Cdc {
  readonly path: string;
  readonly partitionValues: PartitionValues;
  readonly size: number;
  readonly dataChange: boolean;
  readonly tags?: Readonly<Record<string, string | null>>;
}

export interface DomainMetadata {
  readonly domain: string;
  readonly configuration: string;
  readonly removed: boolean;
}

export type Action =
  | { readonly kind: 'protocol'; readonly protocol: Protocol }
  | { readonly kind: 'metaData'; readonly metaData: Metadata }
  | { readonly kind: 'add'; readonly add: AddFile }
  | { readonly kind: 'remove'; readonly remove: RemoveFile }
  | { readonly kind: 'txn'; readonly txn: Txn }
  | { readonly kind: 'commitInfo'; readonly commitInfo: CommitInfo }
  | { readonly kind: 'cdc'; readonly cdc: Cdc }
  | { readonly kind: 'domainMetadata'; readonly domainMetadata: DomainMetadata };

/** Where an action came from, for error messages: `_delta_log/00000000000000000003.json line 4`. */
export interface ActionSource {
  readonly table: string;
  readonly file: string;
  readonly version?: number;
  readonly line?: number;
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function parseDeletionVector(r: FieldReader | undefined): DeletionVectorDescriptor | undefined {
  if (r === undefined) return undefined;
  return dropUndefined({
    storageType: r.string('storageType'),
    pathOrInlineDv: r.string('pathOrInlineDv'),
    offset: r.optNumber('offset'),
    sizeInBytes: r.number('sizeInBytes'),
    cardinality: r.number('cardinality'),
  });
}

function parseProtocol(r: FieldReader): Protocol {
  return dropUndefined({
    minReaderVersion: r.number('minReaderVersion'),
    minWriterVersion: r.number('minWriterVersion'),
    readerFeatures: r.stringList('readerFeatures', false),
    writerFeatures: r.stringList('writerFeatures', false),
  });
}

function parseMetadata(r: FieldReader): Metadata {
  const format = r.sub('format');
  return dropUndefined({
    id: r.string('id'),
    name: r.optString('name'),
    description: r.optString('description'),
    format: {
      provider: format?.optString('provider') ?? 'parquet',
      options: (format?.stringMap('options', true) ?? {}) as Record<string, string>,
    },
    // Required by the protocol, yet Databricks DLT once wrote a version-0 metaData without it; an empty string
    // fails only if that metaData is the one a snapshot ends up using (parseSchemaString names the problem).
    schemaString: r.optString('schemaString') ?? '',
    partitionColumns: r.stringList('partitionColumns', false) ?? [],
    createdTime: r.optNumber('createdTime'),
    configuration: r.stringMap('configuration', true) as Record<string, string>,
  });
}

function parseAdd(r: FieldReader): AddFile {
  return dropUndefined({
    path: r.string('path'),
    partitionValues: r.stringMap('partitionValues', true) ?? {},
    size: r.number('size'),
    modificationTime: r.optNumber('modificationTime') ?? 0,
    dataChange: r.boolean('dataChange', true),
    stats: r.optString('stats'),
    tags: r.stringMap('tags', false),
    deletionVector: parseDeletionVector(r.sub('deletionVector')),
    baseRowId: r.optNumber('baseRowId'),
    defaultRowCommitVersion: r.optNumber('defaultRowCommitVersion'),
    clusteringProvider: r.optString('clusteringProvider'),
  });
}

function parseRemove(r: FieldReader): RemoveFile {
  return dropUndefined({
    path: r.string('path'),
    deletionTimestamp: r.optNumber('deletionTimestamp'),
    dataChange: r.boolean('dataChange', true),
    extendedFileMetadata: r.optBoolean('extendedFileMetadata'),
    partitionValues: r.stringMap('partitionValues', false),
    size: r.optNumber('size'),
    stats: r.optString('stats'),
    tags: r.stringMap('tags', false),
    deletionVector: parseDeletionVector(r.sub('deletionVector')),
  });
}

function parseTxn(r: FieldReader): Txn {
  return dropUndefined({
    appId: r.string('appId'),
    version: r.number('version'),
    lastUpdated: r.optNumber('lastUpdated'),
  });
}

function parseCdc(r: FieldReader): Cdc {
  return dropUndefined({
    path: r.string('path'),
    partitionValues: r.stringMap('partitionValues', true) ?? {},
    size: r.number('size'),
    dataChange: r.boolean('dataChange', false),
    tags: r.stringMap('tags', false),
  });
}

function parseDomainMetadata(r: FieldReader): DomainMetadata {
  return {
    domain: r.string('domain'),
    configuration: r.optString('configuration') ?? '',
    removed: r.boolean('removed', false),
  };
}

/**
 * Parses one action object (a JSON commit line, or a checkpoint row's non-null column). Returns undefined for
 * action kinds this engine does not model (the protocol requires ignoring them).
 */
export function parseActionObject(json: unknown, source: ActionSource): Action | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CorruptLogError(source.table, `${describe(source)}: expected a JSON object`, source.version);
  }
  for (const [kind, body] of Object.entries(json as Json)) {
    if (body === null || body === undefined) continue;
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new CorruptLogError(
        source.table,
        `${describe(source)}: ${kind} must be an object`,
        source.version,
      );
    }
    const r = new FieldReader(source, kind, body as Json);
    switch (kind) {
      case 'protocol':
        return { kind, protocol: parseProtocol(r) };
      case 'metaData':
        return { kind, metaData: parseMetadata(r) };
      case 'add':
        return { kind, add: parseAdd(r) };
      case 'remove':
        return { kind, remove: parseRemove(r) };
      case 'txn':
        return { kind, txn: parseTxn(r) };
      case 'commitInfo':
        return { kind, commitInfo: body as CommitInfo };
      case 'cdc':
        return { kind, cdc: parseCdc(r) };
      case 'domainMetadata':
        return { kind, domainMetadata: parseDomainMetadata(r) };
      default:
        continue; // unknown action (checkpointMetadata, sidecar, future ones): ignored per the protocol
    }
  }
  return undefined;
}

function describe(source: ActionSource): string {
  return `${source.file}${source.line === undefined ? '' : ` line ${source.line}`}`;
}

/** Parses a newline-delimited JSON commit file into its actions, naming the line of any malformed one. */
export function parseCommit(text: string, source: Omit<ActionSource, 'line'>): Action[] {
  const actions: Action[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new CorruptLogError(
        source.table,
        `${source.file} line ${i + 1}: not valid JSON (${(error as Error).message})`,
        source.version,
      );
    }
    const action = parseActionObject(json, { ...source, line: i + 1 });
    if (action !== undefined) actions.push(action);
  }
  return actions;
}
