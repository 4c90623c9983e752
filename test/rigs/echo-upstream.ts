// A tiny upstream that answers every request with a JSON echo of what it received (method, URL, headers) and
// its own name, so tests can see what Caddy forwarded and to which upstream.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Echo {
  readonly upstream: string;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface EchoRig {
  readonly port: number;
  close(): Promise<void>;
}

export async function startEchoUpstream(name: string, host: string, port = 0): Promise<EchoRig> {
  if (!host.startsWith('127.')) throw new Error('the echo upstream must bind loopback');
  const server = createServer((req, res) => {
    const echo: Echo = { upstream: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    const body = `<!doctype html><title>${name}</title><pre id="echo">${JSON.stringify(echo)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')}</pre>`;
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    res.writeHead(200, { 'Content-Type': wantsJson ? 'application/json' : 'text/html; charset=utf-8' });
    res.end(wantsJson ? JSON.stringify(echo) : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
