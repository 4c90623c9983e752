// The Caddyfile, adapted by the real Caddy binary with the environment the Caddy host writes.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const caddyfile = path.resolve(__dirname, '..', '..', '..', 'docker', 'caddy', 'Caddyfile');
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  SITE_ADDRESS: 'dev.energy.example.org',
  ACME_EMAIL: 'platform-alerts@example.org',
  AUTH_UPSTREAM: 'auth:8081',
  DAGSTER_ADMIN_HOST: 'webserver-admin.dev.energy-market.internal',
  DAGSTER_READONLY_HOST: 'webserver-readonly.dev.energy-market.internal',
  DAGSTER_PORT: '3000',
};

interface Route {
  match?: Record<string, unknown>[];
  handle?: Handler[];
}
interface Handler {
  handler: string;
  routes?: Route[];
  [key: string]: unknown;
}

function flatten(routes: Route[]): Handler[] {
  return routes.flatMap((r) => (r.handle ?? []).flatMap((h) => [h, ...flatten(h.routes ?? [])]));
}

describe('Caddyfile', () => {
  const config = JSON.parse(
    execFileSync('caddy', ['adapt', '--config', caddyfile, '--adapter', 'caddyfile'], { env }).toString(),
  ) as {
    apps: { http: { servers: Record<string, { routes: Route[]; protocols?: string[] }> } };
  };
  const server = Object.values(config.apps.http.servers)[0]!;
  const handlers = flatten(server.routes);

  it('serves the configured domain with HTTP/3 enabled', () => {
    expect(server.routes[0]!.match).toEqual([{ host: ['dev.energy.example.org'] }]);
    expect(server.protocols).toEqual(['h1', 'h2', 'h3']);
  });

  it('drops client-sent identity headers before asking the auth service', () => {
    const order = handlers.map((h) => (h.handler === 'headers' ? JSON.stringify(h.request) : h.handler));
    const dropGroups = order.indexOf('{"delete":["X-Auth-Groups"]}');
    const authCheck = handlers.findIndex(
      (h) =>
        h.handler === 'reverse_proxy' && (h.rewrite as { uri?: string } | undefined)?.uri === '/auth/verify',
    );
    expect(dropGroups).toBeGreaterThanOrEqual(0);
    expect(authCheck).toBeGreaterThan(dropGroups);
  });

  it('reaches the webservers through Cloud Map names re-resolved every 10 s', () => {
    const dynamic = handlers.filter((h) => h.dynamic_upstreams).map((h) => h.dynamic_upstreams);
    expect(dynamic).toEqual([
      {
        source: 'a',
        name: 'webserver-admin.dev.energy-market.internal',
        port: '3000',
        refresh: 10_000_000_000,
      },
      {
        source: 'a',
        name: 'webserver-readonly.dev.energy-market.internal',
        port: '3000',
        refresh: 10_000_000_000,
      },
    ]);
  });
});
