// Errors of the Delta engine. Each has a stable `code` so callers match on codes, not messages.

export abstract class LakeError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A table needs a protocol feature this engine does not implement (deletion vectors, column mapping, …). */
export class UnsupportedFeatureError extends LakeError {
  readonly code = 'UNSUPPORTED_FEATURE';
  constructor(
    readonly table: string,
    readonly feature: string,
    detail = '',
  ) {
    super(
      `${table}: table uses "${feature}", which this engine does not support${detail ? `: ${detail}` : ''}`,
    );
  }
}

/** Another writer created the commit file for `version` first. */
export class CommitConflictError extends LakeError {
  readonly code = 'COMMIT_CONFLICT';
  constructor(
    readonly table: string,
    readonly version: number,
    detail = 'another writer committed this version first',
  ) {
    super(`${table}: commit ${version} conflicts: ${detail}`);
  }
}

/** An object the log or a reader expected is missing from storage. */
export class ObjectNotFoundError extends LakeError {
  readonly code = 'OBJECT_NOT_FOUND';
  constructor(readonly location: string) {
    super(`${location}: not found`);
  }
}

/** The log itself is malformed: a gap in versions, an unparsable action, a missing metaData. */
export class CorruptLogError extends LakeError {
  readonly code = 'CORRUPT_LOG';
  constructor(
    readonly table: string,
    detail: string,
    readonly version?: number,
  ) {
    super(`${table}${version === undefined ? '' : ` version ${version}`}: ${detail}`);
  }
}
