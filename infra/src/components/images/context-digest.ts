// A content digest of an image's build inputs, used as its immutable ECR tag: the same sources give the same tag
// (no push, no new revision), changed sources give a new one. Pure apart from reading the files.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const SKIPPED = new Set(['node_modules', 'dist', '.git', '__pycache__', '.lake', 'coverage']);

function listFiles(root: string, relative: string): string[] {
  const absolute = path.join(root, relative);
  if (!statSync(absolute).isDirectory()) return [relative];
  return readdirSync(absolute)
    .filter((entry) => !SKIPPED.has(entry))
    .sort()
    .flatMap((entry) => listFiles(root, path.posix.join(relative, entry)));
}

/** sha256 over the paths and bytes of every file under `inputs` (files or folders relative to `root`). */
export function contextDigest(root: string, inputs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of [...inputs].sort().flatMap((input) => listFiles(root, input))) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}
