// Errors raised by the writer and the maintenance operations, on top of the engine's shared ones (../errors).
import { LakeError } from '../errors';

/** The data does not fit the table: a type change, a missing non-null column, an unknown column. */
export class SchemaMismatchError extends LakeError {
  readonly code = 'SCHEMA_MISMATCH';
  constructor(
    readonly table: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${table}: the data does not match the table schema:\n${problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n')}`,
    );
  }
}

/** A write the table or the arguments do not allow (appendOnly, bad partition columns, bad options). */
export class InvalidWriteError extends LakeError {
  readonly code = 'INVALID_WRITE';
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`${table}: ${detail}`);
  }
}

/** VACUUM asked to keep less history than the table's safety threshold without `force`. */
export class RetentionTooShortError extends LakeError {
  readonly code = 'RETENTION_TOO_SHORT';
  constructor(
    readonly table: string,
    readonly retentionHours: number,
    readonly minimumHours: number,
  ) {
    super(
      `${table}: refusing to vacuum with a retention of ${retentionHours} h, shorter than ${minimumHours} h ` +
        `(delta.deletedFileRetentionDuration): it would delete files that running readers and time travel ` +
        `still need. Pass force: true (CLI: --allow-short-retention) only when no reader or writer uses older versions.`,
    );
  }
}
