// Small response helpers shared by the routes: plain statuses for browsers, no caching of anything auth says.
import type { ServerResponse } from 'node:http';

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function redirect(
  res: ServerResponse,
  status: 302 | 303,
  location: string,
  cookies: string[] = [],
): void {
  const headers: Record<string, string | string[]> = { Location: location, 'Cache-Control': 'no-store' };
  if (cookies.length > 0) headers['Set-Cookie'] = cookies;
  res.writeHead(status, headers);
  res.end();
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
