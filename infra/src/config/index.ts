// Reads the stack configuration once, validates it, and hands the program a typed, frozen StackConfig.
// Components never read pulumi.Config: everything they need arrives through this object.
import * as pulumi from '@pulumi/pulumi';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './errors';
import { checkRules } from './rules';
import { stackConfigSchema, type ParsedStackConfig } from './schema';

export { ConfigError, type ConfigProblem } from './errors';
export { checkFargateSize } from './fargate-size';
export { PLACEHOLDER_HOSTED_ZONE_ID } from './rules';
export * from './schema';

export type StackConfig = Readonly<ParsedStackConfig> & {
  readonly project: string;
  readonly stack: string;
};

export interface LoadConfigOptions {
  /** The flat Pulumi config map (`<namespace>:<key>` → string); defaults to the running stack's. */
  readonly raw?: Readonly<Record<string, string>>;
  readonly project?: string;
  readonly stack?: string;
  /** Accept the example placeholders of the committed stack files (offline evaluation only). */
  readonly allowPlaceholders?: boolean;
}

/** Config values arrive as strings; lists, objects, numbers and booleans are JSON-encoded by the CLI. */
function decodeValue(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function collectSettings(raw: Readonly<Record<string, string>>, project: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    if (fullKey === 'aws:region') settings.region = value;
    const prefix = [`${project}:config:`, `${project}:`].find((p) => fullKey.startsWith(p));
    if (prefix) settings[fullKey.slice(prefix.length)] = decodeValue(value);
  }
  return settings;
}

function keyOf(project: string, path: readonly PropertyKey[]): string {
  if (path.length === 1 && path[0] === 'region') return 'aws:region';
  let key = `${project}:`;
  path.forEach((part, i) => {
    if (typeof part === 'number') key += `[${part}]`;
    else key += (i === 0 ? '' : '.') + String(part);
  });
  return key;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeIssue(issue: z.core.$ZodIssue & { input?: unknown }, source: string): string {
  const found = `is ${show(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is missing; add it to ${source} (${issue.expected})`
        : `${found}; expected ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${found}; list at least ${String(issue.minimum)}`
        : `${found}; expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return `${found}; expected at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `${found}; expected one of ${issue.values.map((v) => show(v)).join(', ')}`;
    case 'invalid_union':
      return `${found}; expected one of the allowed values (see docs/infrastructure.md)`;
    case 'invalid_format':
      return issue.format === 'email' ? `${found}; expected an email address` : `${found}; ${issue.message}`;
    default:
      return `${found}; ${issue.message}`;
  }
}

function toProblems(project: string, source: string, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          key: keyOf(project, [...issue.path, key]),
          message: 'is not a known setting; see the table in docs/infrastructure.md',
        });
      }
    } else {
      problems.push({ key: keyOf(project, issue.path), message: describeIssue(issue, source) });
    }
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Validates the whole stack configuration; throws one ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions = {}): StackConfig {
  const project = options.project ?? pulumi.getProject();
  const stack = options.stack ?? pulumi.getStack();
  const raw = options.raw ?? pulumi.runtime.allConfig();
  const source = `Pulumi.${stack}.yaml`;
  const parsed = stackConfigSchema.safeParse(collectSettings(raw, project), { reportInput: true });
  if (!parsed.success) throw new ConfigError(source, toProblems(project, source, parsed.error.issues));
  const ruleProblems = checkRules(parsed.data, { allowPlaceholders: options.allowPlaceholders ?? false });
  if (ruleProblems.length > 0) {
    throw new ConfigError(
      source,
      ruleProblems.map((p) => ({ key: keyOf(project, p.path), message: p.message })),
    );
  }
  return deepFreeze({ ...parsed.data, project, stack });
}
