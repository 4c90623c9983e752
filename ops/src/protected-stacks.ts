// Which stacks hold data that must outlive a mistake: `prod` by name, and any stack whose Pulumi.<stack>.yaml
// sets energy-market:protectData (the same switch infra uses for deletion protection).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readStackFiles, REPOSITORY_ROOT } from '../../infra/src/offline/stack-files';

export function isProtectedStack(stack: string, root: string = REPOSITORY_ROOT): boolean {
  if (stack === 'prod') return true;
  if (!existsSync(path.join(root, `Pulumi.${stack}.yaml`))) return false;
  const files = readStackFiles(stack, root);
  const key = Object.keys(files.config).find((k) => k.endsWith(':protectData'));
  return key !== undefined && files.config[key] === 'true';
}
