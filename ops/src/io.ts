// The one formatter every command writes through. Values registered as secrets (the SSH private key) are
// replaced before anything reaches a terminal or a log, whichever code path produced the text.

export interface Io {
  /** Normal output (tables, command results). */
  out(text: string): void;
  /** Progress, notices and errors. */
  err(text: string): void;
  /** Marks a value that must never be printed; every later write is scrubbed of it. */
  registerSecret(value: string): void;
}

export const REDACTED = '[redacted]';

export function createIo(
  write: { out: (text: string) => void; err: (text: string) => void } = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  },
): Io {
  const secrets: string[] = [];
  const scrub = (text: string) => {
    let clean = text;
    for (const secret of secrets) clean = clean.split(secret).join(REDACTED);
    return clean;
  };
  return {
    out: (text) => write.out(scrub(text)),
    err: (text) => write.err(scrub(text)),
    registerSecret(value) {
      // Whole value and each substantial line, so a key printed in part (one PEM line) is caught too.
      const parts = [value, ...value.split(/\r?\n/).filter((line) => line.trim().length >= 16)];
      for (const part of parts) if (part.length > 0 && !secrets.includes(part)) secrets.push(part);
      secrets.sort((a, b) => b.length - a.length);
    },
  };
}
