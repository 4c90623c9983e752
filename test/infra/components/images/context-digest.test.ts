import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { contextDigest } from '../../../../infra/src/components/images/context-digest';
import { IMAGE_SPECS } from '../../../../infra/src/components/images/specs';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'digest-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('contextDigest', () => {
  const base = { 'docker/etl.Dockerfile': 'FROM node', 'etl/src/a.ts': 'a', 'etl/src/b.ts': 'b' };

  it('is the same for the same sources and changes with any byte or file name', () => {
    const inputs = ['docker/etl.Dockerfile', 'etl'];
    const digest = contextDigest(tree(base), inputs);
    expect(contextDigest(tree(base), inputs)).toBe(digest);
    expect(contextDigest(tree({ ...base, 'etl/src/b.ts': 'c' }), inputs)).not.toBe(digest);
    expect(contextDigest(tree({ ...base, 'etl/src/c.ts': 'b' }), inputs)).not.toBe(digest);
  });

  it('ignores node_modules and build output', () => {
    const inputs = ['etl'];
    expect(
      contextDigest(tree({ ...base, 'etl/node_modules/x/index.js': '1', 'etl/dist/a.js': '2' }), inputs),
    ).toBe(contextDigest(tree(base), inputs));
  });

  it('covers every image of this repository (each Dockerfile is among its inputs and exists)', () => {
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    for (const spec of Object.values(IMAGE_SPECS)) {
      expect(spec.inputs).toContain(spec.dockerfile);
      expect(contextDigest(root, spec.inputs)).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
