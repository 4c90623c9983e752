// A loopback stand-in for the three AWS APIs ops calls, speaking their real wire protocols so the real SDK v3
// clients run unchanged (signing, serialisation, endpoint resolution) with AWS_ENDPOINT_URL pointing here:
//   SSM GetParameter and ECS UpdateService/DescribeServices (awsJson1_1, routed on X-Amz-Target),
//   EC2 DescribeInstances (ec2Query: form-encoded POST, XML reply).
// It records every call so tests can assert what the CLI asked for.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { awsTestEnv } from './aws-test-env';

export interface StandinParameter {
  readonly type: 'String' | 'SecureString';
  readonly value: string;
}

export interface StandinInstance {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly state: string;
  readonly privateIp: string;
  readonly publicIp?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface StandinService {
  readonly cluster: string;
  readonly name: string;
  readonly desiredCount: number;
  /** Deployment counts DescribeServices reports after a forced deployment, one per call; the last repeats. */
  readonly deploymentsAfterUpdate?: readonly number[];
}

export interface StandinCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface AwsStandin {
  readonly endpoint: string;
  readonly calls: StandinCall[];
  /** Environment that points the SDK's default chain here, with fake credentials and no IMDS. */
  env(): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface StandinState {
  readonly parameters?: Readonly<Record<string, StandinParameter>>;
  readonly instances?: readonly StandinInstance[];
  readonly services?: readonly StandinService[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'standin' });
  res.end(JSON.stringify(body));
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `Filter.N.Name` / `Filter.N.Value.M` → name → values. */
function ec2Filters(form: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [key, value] of form) {
    const m = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!m) continue;
    const values: string[] = [];
    for (let i = 1; form.has(`Filter.${m[1]}.Value.${i}`); i++)
      values.push(form.get(`Filter.${m[1]}.Value.${i}`)!);
    filters.set(value, values);
  }
  return filters;
}

function instanceMatches(instance: StandinInstance, filters: Map<string, string[]>): boolean {
  for (const [name, values] of filters) {
    if (name === 'instance-state-name') {
      if (!values.includes(instance.state)) return false;
    } else if (name.startsWith('tag:')) {
      const tag = instance.tags[name.slice(4)];
      if (tag === undefined || !values.includes(tag)) return false;
    } else {
      throw new Error(`stand-in: unsupported filter ${name}`);
    }
  }
  return true;
}

function describeInstancesXml(instances: readonly StandinInstance[]): string {
  const items = instances
    .map(
      (i) =>
        `<item><reservationId>r-${i.instanceId}</reservationId><ownerId>123456789012</ownerId><instancesSet><item>` +
        `<instanceId>${i.instanceId}</instanceId><instanceType>${i.instanceType}</instanceType>` +
        `<instanceState><code>16</code><name>${i.state}</name></instanceState>` +
        `<privateIpAddress>${i.privateIp}</privateIpAddress>` +
        (i.publicIp ? `<ipAddress>${i.publicIp}</ipAddress>` : '') +
        `<tagSet>${Object.entries(i.tags)
          .map(([k, v]) => `<item><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></item>`)
          .join('')}</tagSet></item></instancesSet></item>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
    `<requestId>standin</requestId><reservationSet>${items}</reservationSet></DescribeInstancesResponse>`
  );
}

export async function startAwsStandin(state: StandinState): Promise<AwsStandin> {
  const calls: StandinCall[] = [];
  const parameters = state.parameters ?? {};
  const services = new Map(
    (state.services ?? []).map((s) => [`${s.cluster}/${s.name}`, { spec: s, polls: -1 }]),
  );

  const serviceJson = (entry: { spec: StandinService; polls: number }) => {
    const script = entry.spec.deploymentsAfterUpdate ?? [1];
    const count = entry.polls < 0 ? 1 : script[Math.min(entry.polls, script.length - 1)]!;
    const deployments = Array.from({ length: count }, (_, i) => ({
      id: `ecs-svc/${i}`,
      status: i === 0 ? 'PRIMARY' : 'ACTIVE',
      rolloutState: count === 1 ? 'COMPLETED' : 'IN_PROGRESS',
      desiredCount: entry.spec.desiredCount,
      runningCount: entry.spec.desiredCount,
    }));
    return {
      serviceName: entry.spec.name,
      clusterArn: `arn:aws:ecs:ap-southeast-2:123456789012:cluster/${entry.spec.cluster}`,
      status: 'ACTIVE',
      desiredCount: entry.spec.desiredCount,
      runningCount: entry.spec.desiredCount,
      pendingCount: 0,
      deployments,
    };
  };

  const handleJson = (target: string, input: Record<string, unknown>, res: ServerResponse) => {
    calls.push({ operation: target, input });
    if (target === 'AmazonSSM.GetParameter') {
      const name = String(input.Name);
      const parameter = parameters[name];
      if (!parameter)
        return sendJson(res, 400, { __type: 'ParameterNotFound', message: `${name} not found` });
      const decrypted = parameter.type === 'String' || input.WithDecryption === true;
      return sendJson(res, 200, {
        Parameter: {
          Name: name,
          Type: parameter.type,
          Value: decrypted ? parameter.value : 'AQICAHi-ciphertext',
          Version: 1,
          ARN: `arn:aws:ssm:ap-southeast-2:123456789012:parameter${name}`,
        },
      });
    }
    if (target === 'AmazonEC2ContainerServiceV20141113.UpdateService') {
      const entry = services.get(`${String(input.cluster)}/${String(input.service)}`);
      if (!entry)
        return sendJson(res, 400, { __type: 'ServiceNotFoundException', message: 'Service not found.' });
      if (input.forceNewDeployment === true) entry.polls = 0;
      return sendJson(res, 200, { service: serviceJson(entry) });
    }
    if (target === 'AmazonEC2ContainerServiceV20141113.DescribeServices') {
      const found: unknown[] = [];
      const failures: unknown[] = [];
      for (const name of (input.services as string[]) ?? []) {
        const entry = services.get(`${String(input.cluster)}/${name}`);
        if (!entry) {
          failures.push({
            arn: `arn:aws:ecs:ap-southeast-2:123456789012:service/${name}`,
            reason: 'MISSING',
          });
          continue;
        }
        found.push(serviceJson(entry));
        if (entry.polls >= 0) entry.polls++;
      }
      return sendJson(res, 200, { services: found, failures });
    }
    return sendJson(res, 400, {
      __type: 'UnknownOperationException',
      message: `stand-in does not serve ${target}`,
    });
  };

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') return handleJson(target, JSON.parse(body || '{}'), res);
      const form = new URLSearchParams(body);
      if (form.get('Action') === 'DescribeInstances') {
        const filters = ec2Filters(form);
        calls.push({ operation: 'ec2.DescribeInstances', input: Object.fromEntries(filters) });
        const matching = (state.instances ?? []).filter((i) => instanceMatches(i, filters));
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
        return res.end(describeInstancesXml(matching));
      }
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        '<Response><Errors><Error><Code>InvalidAction</Code><Message>not served</Message></Error></Errors></Response>',
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    calls,
    env: () => ({ ...awsTestEnv(), AWS_ENDPOINT_URL: endpoint }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
