// The offline plan: `npm run plan -- <stack> [--json]` evaluates the real program under mocks.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { evaluateStack } from '../../../infra/src/offline/evaluate';
import { formatPlanText } from '../../../infra/src/offline/plan';
import { runPlanCommand } from '../../../infra/src/offline/plan-command';
import { REPOSITORY_ROOT } from '../../../infra/src/offline/stack-files';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], root?: string): Promise<Captured> {
  const out: Captured = { code: -1, stdout: '', stderr: '' };
  out.code = await runPlanCommand(
    argv,
    { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) },
    root,
  );
  return out;
}

interface PlanJson {
  project: string;
  stack: string;
  resources: {
    type: string;
    name: string;
    custom: boolean;
    parent: string | null;
    provider: string | null;
    inputs: Record<string, unknown>;
  }[];
  outputs: Record<string, unknown>;
}

let prodJson: Captured;
let devText: string;

beforeAll(async () => {
  prodJson = await run(['prod', '--json']);
  devText = formatPlanText(await evaluateStack('dev'));
});

describe('plan --json', () => {
  it('prints every resource with its parent, provider and inputs', () => {
    expect(prodJson).toMatchObject({ code: 0, stderr: '' });
    const plan = JSON.parse(prodJson.stdout) as PlanJson;
    expect(plan).toMatchObject({ project: 'energy-market', stack: 'prod' });
    const vpc = plan.resources.find((r) => r.type === 'aws:ec2/vpc:Vpc')!;
    expect(vpc).toMatchObject({
      name: 'network-vpc',
      custom: true,
      parent: 'energy-market:network:Network::network',
      provider: 'aws-network',
    });
    expect(vpc.inputs.cidrBlock).toBe('10.41.0.0/16');
    expect(plan.resources.filter((r) => r.type === 'aws:ecs/service:Service')).toHaveLength(4);
    expect(plan.outputs.url).toBe('https://energy.example.org');
  });

  it('redacts every secret input', () => {
    const plan = JSON.parse(prodJson.stdout) as PlanJson;
    expect(prodJson.stdout).not.toMatch(/MOCK-PRIVATE-KEY|MOCK-SECRET/);
    const secure = plan.resources.filter(
      (r) => r.type === 'aws:ssm/parameter:Parameter' && r.inputs.type === 'SecureString',
    );
    expect(secure.map((r) => r.inputs.value)).toEqual(['[secret]', '[secret]', '[secret]', '[secret]']);
    const image = plan.resources.find((r) => r.type === 'docker:index/image:Image')!;
    expect(image.inputs.registry).toBe('[secret]');
  });
});

describe('plan (text)', () => {
  it('prints the resource tree, indented under its components, with key inputs', () => {
    const lines = devText.split('\n');
    expect(lines[0]).toMatch(/^energy-market dev: \d+ resources \(offline, mocked\)$/);
    const network = lines.indexOf('+ energy-market:network:Network network [component]');
    expect(network).toBeGreaterThan(0);
    expect(lines).toContain('  + aws:ec2/vpc:Vpc network-vpc provider=aws-network  cidrBlock=10.40.0.0/16');
    expect(lines).toContain(
      '    + aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule network-firewall-bastion-in-tcp22-203-0-113-0-24 provider=aws-network  ipProtocol=tcp fromPort=22 cidrIpv4=203.0.113.0/24',
    );
    expect(devText).toContain('type=SecureString value=[secret]');
    expect(devText).not.toMatch(/MOCK-PRIVATE-KEY|MOCK-SECRET/);
    expect(devText).toContain('\noutputs:\n  region: "ap-southeast-2"\n');
  });
});

describe('plan errors', () => {
  it('prints usage and exits 2 without a stack or with an unknown option', async () => {
    expect(await run([])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^usage: npm run plan -- <stack> \[--json\]/),
    });
    expect(await run(['dev', '--yaml'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^unknown option --yaml\nusage:/),
    });
  });

  it('exits 2 for a stack without a stack file', async () => {
    expect(await run(['staging'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no stack file Pulumi.staging.yaml'),
    });
  });

  it('prints only the configuration problems and exits 1 for an invalid stack file', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'plan-'));
    writeFileSync(path.join(root, 'Pulumi.yaml'), readFileSync(path.join(REPOSITORY_ROOT, 'Pulumi.yaml')));
    const dev = readFileSync(path.join(REPOSITORY_ROOT, 'Pulumi.dev.yaml'), 'utf8');
    writeFileSync(
      path.join(root, 'Pulumi.broken.yaml'),
      dev.replace('    - 203.0.113.0/24', '    - 0.0.0.0/0'),
    );
    expect(await run(['broken'], root)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Pulumi.broken.yaml has 1 problem:\n  1. energy-market:adminCidrs[0] is 0.0.0.0/0; list office or VPN ranges only\n',
    });
  });
});
