// ops plan reuses infra's offline evaluation and formatters; its outputs are also what ops reads at run time.
import { plan } from '../../../ops/src/commands/plan';
import { UsageError } from '../../../ops/src/errors';
import { parseStackOutputs } from '../../../ops/src/stack';
import { captureIo } from '../support';

describe('ops plan --offline', () => {
  it("prints infra's JSON plan for dev, whose outputs satisfy the schema ops reads", async () => {
    const io = captureIo();
    await plan({ stack: 'dev', offline: true, json: true }, io);
    const printed = JSON.parse(io.stdout()) as { stack: string; resources: unknown[]; outputs: unknown };
    expect(printed.stack).toBe('dev');
    expect(printed.resources.length).toBeGreaterThan(50);
    const outputs = parseStackOutputs(printed.outputs, 'offline plan of dev');
    expect(outputs.sshPrivateKeyParameter).toBe('/energy-market/dev/bastion/ssh-private-key');
    expect(Object.keys(outputs.ecs.services)).toEqual([
      'webserver-admin',
      'webserver-readonly',
      'daemon',
      'code-server',
    ]);
  });

  it('insists on --offline and points to preview for a live plan', async () => {
    await expect(plan({ stack: 'dev', offline: false }, captureIo())).rejects.toEqual(
      new UsageError(
        'ops plan only runs offline (--offline); for a plan against AWS use `ops preview <stack>`',
      ),
    );
  });
});
