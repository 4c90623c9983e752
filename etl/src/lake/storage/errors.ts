// Storage-level failures, translated from Node fs and AWS SDK errors at the boundary so callers match on codes.
import { LakeError } from '../errors';

/** A storage operation failed for a reason other than "not found" or "already exists". */
export class StorageError extends LakeError {
  readonly code = 'STORAGE_ERROR';
  constructor(
    readonly operation: string,
    readonly location: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${operation} failed: ${detail}`, options);
  }
}

/** A table URI or storage option cannot be used (unknown scheme, missing bucket, bad path). */
export class InvalidStorageConfigError extends LakeError {
  readonly code = 'INVALID_STORAGE_CONFIG';
  constructor(
    readonly subject: string,
    detail: string,
  ) {
    super(`${subject}: ${detail}`);
  }
}

/** Describes any thrown value for an error message without losing it (the original goes in `cause`). */
export function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}
