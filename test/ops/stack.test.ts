// Stack outputs: from the pulumi CLI (zx) or a file, validated once with every problem listed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseStackOutputs, readStackOutputs } from '../../ops/src/stack';
import { installFakePulumi } from './pulumi-fake';
import { rigOutputs } from './support';

describe('stack outputs', () => {
  it('reads them with `pulumi stack output --json --stack <stack>`', async () => {
    const pulumi = installFakePulumi({ outputs: rigOutputs(undefined) });
    try {
      const outputs = await readStackOutputs({ stack: 'dev' });
      expect(outputs.ecs.clusterName).toBe('energy-market-dev-dagster');
      expect(pulumi.calls()).toEqual([['stack', 'output', '--json', '--stack', 'dev']]);
    } finally {
      pulumi.restore();
    }
  });

  it('reads them from --outputs-file, naming the file when it is not JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ops-stack-'));
    try {
      const file = path.join(dir, 'out.json');
      writeFileSync(file, '{"region": ');
      await expect(readStackOutputs({ stack: 'dev', outputsFile: file })).rejects.toThrow(
        `${file}: not JSON (Unexpected end of JSON input)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every missing or malformed output with its key path', () => {
    const outputs = rigOutputs(undefined, { url: 'not a url', ecs: { services: {} } });
    delete (outputs.bastion as Record<string, unknown>).knownHostsLine;
    expect(() => parseStackOutputs(outputs, 'outputs.json')).toThrow(
      'outputs.json: the stack outputs are not what ops expects:\n' +
        '  1. url: Invalid URL\n' +
        '  2. bastion.knownHostsLine: Invalid input: expected string, received undefined\n' +
        '  3. ecs.clusterName: Invalid input: expected string, received undefined\n' +
        'Run `pulumi up` so the outputs match this version of the program.',
    );
  });
});
