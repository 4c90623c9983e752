// Wiring only: the HTTP server, the route table under /auth/*, request logging and the last-resort 500.
import { createServer, type Server } from 'node:http';
import type { AuthConfig } from './config';
import { KeyRing } from './cookie';
import { send } from './http';
import { createLogger, type Logger } from './log';
import { createOidcClient, type OidcClient } from './oidc';
import { callback } from './routes/callback';
import type { RouteContext, RouteHandler } from './routes/context';
import { health } from './routes/health';
import { login } from './routes/login';
import { logout } from './routes/logout';
import { signedOut } from './routes/signed-out';
import { verify } from './routes/verify';

const ROUTES: ReadonlyMap<string, RouteHandler> = new Map([
  ['/auth/verify', verify],
  ['/auth/login', login],
  ['/auth/callback', callback],
  ['/auth/logout', logout],
  ['/auth/signed-out', signedOut],
  ['/auth/health', health],
]);

export interface AuthServerOptions {
  readonly log?: Logger;
  readonly oidc?: OidcClient;
}

export function createAuthServer(config: AuthConfig, options: AuthServerOptions = {}): Server {
  const ctx: RouteContext = {
    config,
    ring: new KeyRing(config.cookieSecrets),
    oidc: options.oidc ?? createOidcClient(config),
    log: options.log ?? createLogger(),
  };
  return createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://auth.invalid');
    res.on('finish', () =>
      ctx.log({
        kind: 'request',
        method: req.method ?? '?',
        // The path only: callback queries carry the authorization code.
        path: url.pathname,
        status: res.statusCode,
        durationMs: Math.round(performance.now() - started),
      }),
    );
    const handler = ROUTES.get(url.pathname);
    if (!handler) return send(res, 404, 'Not Found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    handler(ctx, req, res, url).catch((error: unknown) => {
      ctx.log({
        kind: 'error',
        message: (error as Error).message ?? String(error),
        stack: (error as Error).stack,
      });
      if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
}

/** Starts listening on config.listen; resolves once bound. */
export function listen(server: Server, config: AuthConfig): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'string' ? address : `${address?.address}:${address?.port}`);
    });
  });
}
