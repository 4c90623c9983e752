// Which Cognito groups may do what behind Caddy. Admins may do anything; viewers may only read.

export type Group = 'admins' | 'viewers';
export type AccessDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function decideAccess(groups: readonly string[], method: string): AccessDecision {
  if (groups.includes('admins')) return { allowed: true };
  if (groups.includes('viewers')) {
    return READ_METHODS.has(method.toUpperCase())
      ? { allowed: true }
      : { allowed: false, reason: `viewers may not ${method.toUpperCase()}` };
  }
  return { allowed: false, reason: 'user belongs to neither admins nor viewers' };
}
