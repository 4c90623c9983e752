// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI hands them to a program: a flat map of
// `<namespace>:<key>` → string, with lists and objects JSON-encoded and `secure:` values listed as secret keys.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

/** The repository root, where Pulumi.yaml lives. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface StackFiles {
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

function readYaml(file: string): unknown {
  return load(readFileSync(file, 'utf8'));
}

function encode(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Secure values cannot be decrypted offline: they take the override given for their key, else a placeholder. */
export function readStackFiles(
  stack: string,
  root: string = REPOSITORY_ROOT,
  secretOverrides: Readonly<Record<string, string>> = {},
): StackFiles {
  const projectFile = readYaml(path.join(root, 'Pulumi.yaml')) as { name?: unknown };
  if (typeof projectFile.name !== 'string')
    throw new Error(`${path.join(root, 'Pulumi.yaml')}: no project name`);
  const stackPath = path.join(root, `Pulumi.${stack}.yaml`);
  const stackFile = (readYaml(stackPath) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(stackFile.config ?? {})) {
    if (value && typeof value === 'object' && 'secure' in value) {
      secretKeys.push(key);
      config[key] = secretOverrides[key] ?? '[secret]';
    } else {
      config[key] = encode(value);
    }
  }
  return { project: projectFile.name, stack, config, secretKeys };
}
