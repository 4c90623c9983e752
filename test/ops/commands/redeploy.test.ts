// ops redeploy dagster against the ECS stand-in: forced deployments, then polls until every service is stable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { redeploy } from '../../../ops/src/commands/redeploy';
import { NotStableError, UsageError } from '../../../ops/src/errors';
import { startAwsStandin, type AwsStandin } from '../../rigs/aws-standin';
import { captureIo, CLUSTER, rigOutputs, SERVICES, STACK, useEnv, writeOutputs } from '../support';

let dir: string;
let outputsFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ops-redeploy-'));
  outputsFile = writeOutputs(dir, rigOutputs(undefined));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withStandin(
  deploymentsAfterUpdate: readonly number[],
  body: (aws: AwsStandin) => Promise<void>,
): Promise<void> {
  const aws = await startAwsStandin({
    services: Object.values(SERVICES).map((name) => ({
      cluster: CLUSTER,
      name,
      desiredCount: 1,
      deploymentsAfterUpdate,
    })),
  });
  const restore = useEnv(aws.env());
  try {
    await body(aws);
  } finally {
    restore();
    await aws.stop();
  }
}

describe('ops redeploy dagster', () => {
  it('forces a new deployment of every Dagster service and waits until all are stable', async () => {
    await withStandin([2, 2, 1], async (aws) => {
      const io = captureIo();
      await redeploy({ stack: STACK, outputsFile, wait: true, pollDelayMs: 20 }, io);
      const updates = aws.calls.filter((c) => c.operation.endsWith('.UpdateService')).map((c) => c.input);
      expect(updates).toEqual(
        Object.values(SERVICES).map((service) => ({ cluster: CLUSTER, service, forceNewDeployment: true })),
      );
      const polls = aws.calls.filter((c) => c.operation.endsWith('.DescribeServices'));
      expect(polls).toHaveLength(3);
      const progress = io
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('[poll'));
      expect(progress).toEqual([
        expect.stringMatching(
          /^\[poll 1\] 0\/4 stable — waiting for energy-market-dev-webserver-admin: 1\/1 running, 2 deployment\(s\) in_progress;/,
        ),
        expect.stringMatching(/^\[poll 2\] 0\/4 stable — waiting for /),
        '[poll 3] 4/4 stable',
      ]);
      expect(io.stdout()).toBe(
        'all 4 service(s) stable:\n' +
          Object.values(SERVICES)
            .map((s) => `  ${s}: 1/1 running, 1 deployment(s) completed\n`)
            .join(''),
      );
    });
  });

  it('redeploys only the services asked for, without waiting', async () => {
    await withStandin([2], async (aws) => {
      await redeploy({ stack: STACK, outputsFile, services: ['daemon'] }, captureIo());
      expect(aws.calls.map((c) => [c.operation, c.input.service])).toEqual([
        ['AmazonEC2ContainerServiceV20141113.UpdateService', SERVICES.daemon],
      ]);
    });
  });

  it('names the known services when asked for an unknown one', async () => {
    await expect(
      redeploy({ stack: STACK, outputsFile, services: ['webserver'] }, captureIo()),
    ).rejects.toEqual(
      new UsageError(
        "unknown service webserver; the stack's Dagster services are: webserver-admin, webserver-readonly, daemon, code-server",
      ),
    );
  });

  it('gives up after the timeout, naming what is not stable', async () => {
    await withStandin([2], async () => {
      const run = redeploy(
        { stack: STACK, outputsFile, services: ['daemon'], wait: true, pollDelayMs: 30, timeoutMs: 50 },
        captureIo(),
      );
      await expect(run).rejects.toBeInstanceOf(NotStableError);
      await expect(run).rejects.toThrow(
        'gave up waiting after 2 polls; not stable: energy-market-dev-daemon: 1/1 running, 2 deployment(s) in_progress',
      );
    });
  });
});
