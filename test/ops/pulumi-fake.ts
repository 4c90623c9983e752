// A stand-in `pulumi` executable on PATH: records its arguments (one call per line) and, for
// `stack output --json`, prints the outputs file it was given. No Pulumi CLI exists on the build machines.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useEnv } from './support';

export interface FakePulumi {
  calls(): string[][];
  restore(): void;
}

export function installFakePulumi(options: { outputs?: unknown; exitCode?: number } = {}): FakePulumi {
  const dir = mkdtempSync(path.join(tmpdir(), 'ops-fake-pulumi-'));
  const log = path.join(dir, 'calls.log');
  const outputs = path.join(dir, 'outputs.json');
  writeFileSync(outputs, JSON.stringify(options.outputs ?? {}));
  writeFileSync(log, '');
  writeFileSync(
    path.join(dir, 'pulumi'),
    [
      '#!/bin/sh',
      `printf '%s\\t' "$@" >> '${log}'`,
      `printf '\\n' >> '${log}'`,
      `if [ "$1" = stack ] && [ "$2" = output ]; then cat '${outputs}'; fi`,
      `exit ${options.exitCode ?? 0}`,
      '',
    ].join('\n'),
  );
  chmodSync(path.join(dir, 'pulumi'), 0o755);
  const restoreEnv = useEnv({ PATH: `${dir}:${process.env.PATH ?? ''}` });
  return {
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.replace(/\t$/, '').split('\t')),
    restore: () => {
      restoreEnv();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
