// Errors of log reading that the shared lake/errors.ts does not cover.
import { LakeError } from '../errors';

/** The location holds no Delta table (`_delta_log/` is missing or empty). */
export class TableNotFoundError extends LakeError {
  readonly code = 'TABLE_NOT_FOUND';
  constructor(readonly table: string) {
    super(`${table}: not a Delta table (no commits in _delta_log/); check the URI`);
  }
}

/** Time travel asked for a version or instant the log cannot reconstruct. */
export class VersionNotFoundError extends LakeError {
  readonly code = 'VERSION_NOT_FOUND';
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`${table}: ${detail}`);
  }
}
