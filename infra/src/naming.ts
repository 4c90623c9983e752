// Every physical name and default tag derives from project + stack, so two stacks coexist in one account.

export interface StackIdentity {
  readonly project: string;
  readonly stack: string;
}

const MAX_NAME_LENGTH = 63;

/** `energy-market-dev-landing`: lower-case, hyphenated, at most 63 characters (the S3 bucket limit). */
export function physicalName(identity: StackIdentity, ...parts: string[]): string {
  const name = [identity.project, identity.stack, ...parts]
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (name.length > MAX_NAME_LENGTH) {
    throw new Error(
      `physical name "${name}" is ${name.length} characters; AWS limits many names to ${MAX_NAME_LENGTH}. ` +
        'Shorten the project, stack or component name.',
    );
  }
  return name;
}

/** SSM parameter path owned by this stack, e.g. `/energy-market/dev/bastion/private-key`. */
export function parameterPath(identity: StackIdentity, ...parts: string[]): string {
  return '/' + [identity.project, identity.stack, ...parts].join('/');
}

/** Tags every resource carries through the provider's default tags. */
export function defaultTags(identity: StackIdentity): Record<string, string> {
  return { project: identity.project, stack: identity.stack, 'managed-by': 'pulumi' };
}

/** Default tags for one component's provider: the stack's tags plus which component owns the resource. */
export function componentTags(identity: StackIdentity, component: string): Record<string, string> {
  return { ...defaultTags(identity), component };
}

/** Private DNS namespace for Cloud Map, e.g. `dev.energy-market.internal`. */
export function serviceNamespace(identity: StackIdentity): string {
  return `${identity.stack}.${identity.project}.internal`;
}

/** CloudWatch log group name for a workload, e.g. `/energy-market/dev/dagster/daemon`. */
export function logGroupName(identity: StackIdentity, ...parts: string[]): string {
  return parameterPath(identity, ...parts);
}
