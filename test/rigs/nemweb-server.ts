// A loopback stand-in for NEMWeb: serves folders (the shared fixture mirror, plus overlays a test writes) with
// IIS-style directory listings generated from the folder, in the format of the real listing fixture
// (aemo/listings/DispatchIS_Reports.html), and NEMWeb's `#` quirk: stored names contain `%23`, hrefs carry
// `%2523`, and a request whose path decodes to a real `#` gets HTTP 400. Faults can be injected per path.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly times?: number }
  | { readonly kind: 'html'; readonly times?: number }
  | { readonly kind: 'truncate'; readonly keepBytes: number; readonly times?: number }
  | { readonly kind: 'delay'; readonly ms: number; readonly times?: number };

export interface NemwebServer {
  readonly baseUrl: string;
  /** Every request: decoded site path, raw URL, status, User-Agent. */
  readonly requests: { path: string; rawUrl: string; status: number; userAgent: string | undefined }[];
  setFault(sitePath: string, fault: Fault | undefined): void;
  close(): Promise<void>;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Starts the server on 127.0.0.1 (an ephemeral port). `roots` overlay: the first holding a path wins. */
export async function startNemwebServer(roots: readonly string[]): Promise<NemwebServer> {
  const faults = new Map<string, { fault: Fault; remaining: number }>();
  const requests: NemwebServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const rawPath = rawUrl.split('?')[0]!;
    let sitePath: string;
    try {
      sitePath = decodeURIComponent(rawPath);
    } catch {
      return send(res, 400, 'text/html', '<html><body>Bad Request</body></html>');
    }
    const record = (status: number): void => {
      requests.push({ path: sitePath, rawUrl, status, userAgent: req.headers['user-agent'] });
    };
    // IIS on NEMWeb: a decoded `#` in the path finds nothing and answers 400 (NEMOSIS issue #74).
    if (sitePath.includes('#') || sitePath.split('/').includes('..')) {
      record(400);
      return send(res, 400, 'text/html', '<html><body><h2>Bad Request - Invalid URL</h2></body></html>');
    }
    const key = sitePath.replace(/^\/+/, '');
    const entry = faults.get(key);
    let fault: Fault | undefined;
    if (entry && entry.remaining > 0) {
      entry.remaining -= 1;
      fault = entry.fault;
    }
    // unref: a delayed answer nobody waits for any more must not keep the test process alive.
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms).unref());
    if (fault?.kind === 'status') {
      record(fault.status);
      return send(res, fault.status, 'text/html', `<html><body>Error ${fault.status}</body></html>`);
    }
    if (fault?.kind === 'html') {
      record(200);
      return send(
        res,
        200,
        'text/html',
        '<!DOCTYPE html><html><body>Site maintenance. Please try later.</body></html>',
      );
    }
    const found = await locate(roots, key);
    if (!found) {
      record(404);
      return send(
        res,
        404,
        'text/html',
        '<html><body><h2>404 - File or directory not found.</h2></body></html>',
      );
    }
    if (found.isDirectory) {
      if (!rawPath.endsWith('/')) {
        record(301);
        res.writeHead(301, { location: `${rawPath}/` });
        return void res.end();
      }
      record(200);
      return send(res, 200, 'text/html; charset=utf-8', await listingHtml(roots, key));
    }
    let body = await readFile(found.file);
    if (fault?.kind === 'truncate') body = body.subarray(0, fault.keepBytes);
    record(200);
    return send(res, 200, 'application/x-zip-compressed', body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    setFault(sitePath, fault) {
      if (fault) faults.set(sitePath, { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
      else faults.delete(sitePath);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function locate(
  roots: readonly string[],
  key: string,
): Promise<{ isDirectory: boolean; file: string } | undefined> {
  let isDirectory = false;
  for (const root of roots) {
    const file = path.join(root, ...key.split('/').filter((s) => s !== ''));
    try {
      const info = await stat(file);
      if (info.isDirectory()) isDirectory = true;
      else return { isDirectory: false, file };
    } catch {
      // not in this root
    }
  }
  return isDirectory ? { isDirectory: true, file: '' } : undefined;
}

/** The listing of a folder, merged over the roots, in NEMWeb's IIS format (AEST times, hrefs with `%2523`). */
async function listingHtml(roots: readonly string[], key: string): Promise<string> {
  const folder = `/${key.replace(/\/+$/, '')}/`.replace(/^\/\/$/, '/');
  const entries = new Map<string, { isDirectory: boolean; size: number; mtime: Date }>();
  for (const root of roots) {
    const dir = path.join(root, ...key.split('/').filter((s) => s !== ''));
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (entries.has(name)) continue;
      const info = await stat(path.join(dir, name));
      entries.set(name, { isDirectory: info.isDirectory(), size: info.size, mtime: info.mtime });
    }
  }
  const rows = [...entries]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, e]) => {
      const t = new Date(e.mtime.getTime() + 10 * 3600_000); // AEST
      const hour = t.getUTCHours();
      const when = `${DAYS[t.getUTCDay()]}, ${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()} ${String(((hour + 11) % 12) + 1).padStart(2)}:${String(t.getUTCMinutes()).padStart(2, '0')} ${hour < 12 ? 'AM' : 'PM'}`;
      const href = folder + encodeURIComponent(name) + (e.isDirectory ? '/' : '');
      const size = e.isDirectory ? '&lt;dir&gt;' : String(e.size);
      return `${when.padStart(30)} ${size.padStart(12)} <A HREF="${href}">${name}</A>`;
    });
  const parent = folder.replace(/[^/]+\/$/, '');
  return (
    `<html><head><title>nemweb.com.au - ${folder}</title></head><body><H1>nemweb.com.au - ${folder}</H1><hr>\n\n` +
    `<pre><A HREF="${parent}">[To Parent Directory]</A><br><br>${rows.join('<br>')}<br></pre><hr></body></html>`
  );
}
