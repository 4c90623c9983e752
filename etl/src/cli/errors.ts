// Exit codes and the one error formatter of the `etl` CLI. Expected errors print their message alone;
// anything else prints its stack and is called a bug.
import { CommanderError } from 'commander';
import { LakeError } from '../lake/errors';

export const EXIT = { ok: 0, failure: 1, usage: 2, bug: 70 } as const;

/** Errors the user can act on: bad input, missing files, unsupported tables. */
export function isExpectedError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof LakeError ||
    (error instanceof Error && (error as { expected?: boolean }).expected === true)
  );
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return isExpectedError(error) ? EXIT.failure : EXIT.bug;
}

export function formatError(error: unknown): string {
  if (error instanceof CommanderError) return '';
  if (isExpectedError(error)) return `etl: ${error.message}`;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `etl: unexpected error (a bug; please report it):\n${detail}`;
}
