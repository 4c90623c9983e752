// Where to send the browser after login. Only a path on our own origin is ever accepted: anything that a
// browser could resolve to another host (//evil, /\evil, https://evil, control characters) falls back to "/".
export const MAX_RETURN_TO_CHARS = 2048;

function hasControlOrBackslash(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || ch === '\\') return true;
  }
  return false;
}

export type ReturnToCheck =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

export function checkReturnPath(candidate: string | undefined | null, publicUrl: URL): ReturnToCheck {
  if (candidate === undefined || candidate === null || candidate === '')
    return { ok: false, reason: 'missing' };
  if (candidate.length > MAX_RETURN_TO_CHARS)
    return { ok: false, reason: `longer than ${MAX_RETURN_TO_CHARS}` };
  // Browsers strip tabs and newlines and treat "\" as "/" in URLs, so "/\t/evil" and "/\evil" mean "//evil".
  if (hasControlOrBackslash(candidate)) return { ok: false, reason: 'control character or backslash' };
  if (!candidate.startsWith('/')) return { ok: false, reason: 'not an absolute path' };
  if (candidate.startsWith('//')) return { ok: false, reason: 'protocol-relative URL' };
  let resolved: URL;
  try {
    resolved = new URL(candidate, publicUrl);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (resolved.origin !== publicUrl.origin) return { ok: false, reason: 'resolves to another origin' };
  // Dot segments can collapse into a protocol-relative path: "/.//evil" and "/a/..//evil" become "//evil".
  if (resolved.pathname.startsWith('//'))
    return { ok: false, reason: 'normalises to a protocol-relative URL' };
  if (resolved.pathname === '/auth' || resolved.pathname.startsWith('/auth/')) {
    return { ok: false, reason: 'points back into /auth' };
  }
  return { ok: true, path: `${resolved.pathname}${resolved.search}` };
}

/**
 * The URL the user asked for, from Caddy's X-Forwarded-* headers. The host and scheme must be ours: a request
 * that reached us under another Host (or a forged header) gets no return path.
 */
export function returnPathFromForwarded(
  forwarded: { proto?: string | undefined; host?: string | undefined; uri?: string | undefined },
  publicUrl: URL,
): ReturnToCheck {
  if (forwarded.proto !== undefined && `${forwarded.proto}:` !== publicUrl.protocol) {
    return { ok: false, reason: `forwarded proto ${forwarded.proto} is not ${publicUrl.protocol}` };
  }
  if (forwarded.host !== undefined && forwarded.host.toLowerCase() !== publicUrl.host) {
    return { ok: false, reason: 'forwarded host is not the public host' };
  }
  return checkReturnPath(forwarded.uri, publicUrl);
}
