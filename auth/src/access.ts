// Who may reach what behind Caddy. The Caddyfile sends members of `admins` to the admin Dagster webserver and
// everyone else who passes here to the read-only one, which refuses mutations itself. This check is the layer
// before it: users in neither group get nothing, and viewers get only the requests a read-only UI makes —
// reads anywhere, plus POST to /graphql, through which Dagster's UI runs even its queries.

export const KNOWN_GROUPS = ['admins', 'viewers'] as const;
export type Group = (typeof KNOWN_GROUPS)[number];

export type AccessDecision =
  { readonly allowed: true; readonly as: Group } | { readonly allowed: false; readonly reason: string };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const VIEWER_POST_PATHS = new Set(['/graphql']);

export function knownGroups(groups: readonly string[]): Group[] {
  return KNOWN_GROUPS.filter((group) => groups.includes(group));
}

/** `path` is the request path without its query, as Caddy forwards it in X-Forwarded-Uri. */
export function decideAccess(groups: readonly string[], method: string, path: string): AccessDecision {
  if (groups.includes('admins')) return { allowed: true, as: 'admins' };
  if (!groups.includes('viewers'))
    return { allowed: false, reason: 'user belongs to neither admins nor viewers' };
  const verb = method.toUpperCase();
  if (READ_METHODS.has(verb)) return { allowed: true, as: 'viewers' };
  if (verb === 'POST' && VIEWER_POST_PATHS.has(path)) return { allowed: true, as: 'viewers' };
  return { allowed: false, reason: `viewers may not ${verb} ${path}` };
}
