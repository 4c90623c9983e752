// Typed log events and the one formatter that turns them into JSON lines. Redaction lives here and only here:
// whatever a caller passes, tokens, cookies, codes and secrets never reach the output.

export type LogEvent =
  | { kind: 'listening'; address: string }
  | { kind: 'request'; method: string; path: string; status: number; durationMs: number }
  | { kind: 'session-rejected'; reason: string }
  | { kind: 'access-denied'; user: string; method: string; path: string; reason: string }
  | { kind: 'return-to-rejected'; reason: string }
  | { kind: 'login-started' }
  | { kind: 'login-completed'; user: string; groups: readonly string[] }
  | { kind: 'login-failed'; errorCode: string; reason: string }
  | { kind: 'logout'; user?: string | undefined }
  | { kind: 'error'; message: string; stack?: string | undefined };

export type Logger = (event: LogEvent) => void;

const SECRET_KEY = /token|cookie|secret|password|authorization|verifier|nonce|^code$|^state$/i;
// A JWS or JWE compact serialisation: base64url header starting with '{"' (eyJ), then 2 or 4 more parts.
const COMPACT_JWT = /eyJ[\w-]*(?:\.[\w-]*){2,4}/g;
const QUERY_SECRET = /([?&](?:code|state|id_token|access_token|refresh_token)=)[^&\s]*/gi;
const COOKIE_VALUE = /(__Host-em-[\w-]+=)[^;\s]*/g;

function redactString(value: string): string {
  return value
    .replace(COMPACT_JWT, '[redacted-jwt]')
    .replace(QUERY_SECRET, '$1[redacted]')
    .replace(COOKIE_VALUE, '$1[redacted]');
}

function redact(value: unknown, key = ''): unknown {
  if (key && SECRET_KEY.test(key)) return '[redacted]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

export function formatEvent(event: LogEvent, now: Date = new Date()): string {
  return JSON.stringify({ time: now.toISOString(), ...(redact(event) as object) });
}

export function createLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  return (event) => write(formatEvent(event));
}
