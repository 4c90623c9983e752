// Reads the AUTH_* environment once, at start, into a typed and frozen config, or throws one ConfigError that
// lists every problem with the variable it concerns. Nothing else in the service reads process.env.
import { z } from 'zod';
import { ConfigError } from './errors';

export interface Endpoints {
  readonly authorization: URL;
  readonly token: URL;
  readonly jwks: URL;
  readonly logout: URL;
}

export interface AuthConfig {
  readonly listen: { readonly host: string; readonly port: number };
  /** Origin users see, e.g. https://dev.energy.example.org (no path). */
  readonly publicUrl: URL;
  readonly issuer: string;
  readonly clientId: string;
  readonly endpoints: Endpoints;
  /** Cookie secrets; the first seals, all unseal (rotation: prepend the new one, drop the old later). */
  readonly cookieSecrets: readonly string[];
  readonly sessionTtlSeconds: number;
  /** Only for IdPs that do not echo `nonce` (cognito-local); Cognito itself does. */
  readonly omitNonce: boolean;
  /** Set when some URL is plain http on loopback (tests); openid-client refuses http otherwise. */
  readonly allowInsecureRequests: boolean;
}

const MIN_SECRET_CHARS = 32;

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/** https anywhere; plain http only on loopback, so a test rig can run without certificates. */
const secureUrl = (what: string) =>
  z.string().transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an absolute URL (${what}), got "${raw}"` });
      return z.NEVER;
    }
    const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        message: `must use https (http is accepted on loopback only), got "${raw}"`,
      });
      return z.NEVER;
    }
    if (url.username || url.password) {
      // Not echoed: the value holds credentials.
      ctx.addIssue({ code: 'custom', message: 'must not carry credentials' });
      return z.NEVER;
    }
    if (url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: `must not carry a query or a fragment, got "${raw}"` });
      return z.NEVER;
    }
    return url;
  });

const originOnly = (what: string) =>
  secureUrl(what).refine((url) => url.pathname === '/', {
    message: `must be an origin without a path (${what})`,
  });

const listen = z.string().transform((raw, ctx) => {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    ctx.addIssue({ code: 'custom', message: `must be host:port, e.g. 127.0.0.1:8081, got "${raw}"` });
    return z.NEVER;
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
});

const cookieSecrets = z.string().transform((raw, ctx) => {
  const keys = raw.split(',').map((key) => key.trim());
  // Never echo the value: it is a secret.
  keys.forEach((key, i) => {
    if (key.length < MIN_SECRET_CHARS) {
      ctx.addIssue({
        code: 'custom',
        message: `key ${i + 1} of ${keys.length} has ${key.length} characters; each comma-separated key needs at least ${MIN_SECRET_CHARS}`,
      });
    }
  });
  if (new Set(keys).size !== keys.length)
    ctx.addIssue({ code: 'custom', message: 'lists the same key twice' });
  return keys;
});

const boolean = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

const schema = z.strictObject({
  AUTH_LISTEN: listen,
  AUTH_PUBLIC_URL: originOnly('the site users open'),
  AUTH_ISSUER_URL: secureUrl('https://cognito-idp.<region>.amazonaws.com/<poolId>'),
  AUTH_CLIENT_ID: z.string().regex(/^[\w+]+$/, 'must be a Cognito app client id (letters, digits, _ and +)'),
  AUTH_COGNITO_DOMAIN: originOnly('the hosted UI, e.g. https://<prefix>.auth.<region>.amazoncognito.com'),
  AUTH_COOKIE_SECRET: cookieSecrets,
  AUTH_SESSION_TTL_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be whole seconds' })
    .min(300, { error: 'must be at least 300 (5 minutes)' })
    .max(86_400, { error: 'must be at most 86400 (one day)' })
    .default(28_800),
  AUTH_OMIT_NONCE: boolean.default(false),
  AUTH_AUTHORIZATION_ENDPOINT: secureUrl('authorization endpoint override').optional(),
  AUTH_TOKEN_ENDPOINT: secureUrl('token endpoint override').optional(),
  AUTH_JWKS_URI: secureUrl('JWKS override').optional(),
  AUTH_LOGOUT_ENDPOINT: secureUrl('logout endpoint override').optional(),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  const variable = String(issue.path[0] ?? '(environment)');
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys.join(', ')}: unknown variable${issue.keys.length > 1 ? 's' : ''}; see docs/auth.md for the list`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `${variable}: is required but not set`;
  return `${variable}: ${issue.message}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const authEnv = Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('AUTH_')));
  const parsed = schema.safeParse(authEnv);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue));
  const e = parsed.data;

  // Cognito's layout: the hosted UI domain serves authorize/token/logout, the issuer serves the JWKS.
  const domain = e.AUTH_COGNITO_DOMAIN.origin;
  const issuer = e.AUTH_ISSUER_URL.href.replace(/\/$/, '');
  const endpoints: Endpoints = {
    authorization: e.AUTH_AUTHORIZATION_ENDPOINT ?? new URL('/oauth2/authorize', domain),
    token: e.AUTH_TOKEN_ENDPOINT ?? new URL('/oauth2/token', domain),
    jwks: e.AUTH_JWKS_URI ?? new URL(`${issuer}/.well-known/jwks.json`),
    logout: e.AUTH_LOGOUT_ENDPOINT ?? new URL('/logout', domain),
  };
  const urls = [e.AUTH_PUBLIC_URL, e.AUTH_ISSUER_URL, ...Object.values(endpoints)];

  return Object.freeze({
    listen: e.AUTH_LISTEN,
    publicUrl: new URL(e.AUTH_PUBLIC_URL.origin),
    issuer,
    clientId: e.AUTH_CLIENT_ID,
    endpoints: Object.freeze(endpoints),
    cookieSecrets: Object.freeze(e.AUTH_COOKIE_SECRET),
    sessionTtlSeconds: e.AUTH_SESSION_TTL_SECONDS,
    omitNonce: e.AUTH_OMIT_NONCE,
    allowInsecureRequests: urls.some((url) => url.protocol === 'http:'),
  });
}
