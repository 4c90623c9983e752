// `ops status <stack>`: the stack's instances (EC2, by the project/stack tags), its Dagster services
// (running/desired, deployments) and its URLs, as a table or JSON.
import { describeStackInstances, type StackInstance } from '../aws/ec2';
import { Ecs, type ServiceState } from '../aws/ecs';
import type { Io } from '../io';
import { projectOf, readStackOutputs, type StackOutputsSource } from '../stack';

export interface StatusOptions extends StackOutputsSource {
  readonly json?: boolean;
}

export interface StackStatus {
  readonly stack: string;
  readonly instances: readonly StackInstance[];
  readonly services: readonly ServiceState[];
  readonly urls: Readonly<Record<string, string>>;
}

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export function formatStatus(status: StackStatus): string {
  const instances = formatTable(
    ['INSTANCE', 'NAME', 'COMPONENT', 'STATE', 'TYPE', 'PRIVATE IP', 'PUBLIC IP'],
    status.instances.map((i) => [
      i.instanceId,
      i.name,
      i.component,
      i.state,
      i.instanceType,
      i.privateIp,
      i.publicIp,
    ]),
  );
  const services = formatTable(
    ['SERVICE', 'RUNNING', 'DESIRED', 'PENDING', 'DEPLOYMENTS', 'ROLLOUT'],
    status.services.map((s) => [
      s.serviceName,
      String(s.runningCount),
      String(s.desiredCount),
      String(s.pendingCount),
      String(s.deployments),
      s.rolloutState,
    ]),
  );
  const urls = Object.entries(status.urls)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `stack ${status.stack}\n\n${instances}\n${services}\n${urls}\n`;
}

export async function status(options: StatusOptions, io: Io): Promise<StackStatus> {
  const outputs = await readStackOutputs(options);
  const ecs = new Ecs(outputs.region);
  try {
    const [instances, services] = await Promise.all([
      describeStackInstances(outputs.region, projectOf(outputs), options.stack),
      ecs.describeServices(outputs.ecs.clusterName, Object.values(outputs.ecs.services)),
    ]);
    const urls: Record<string, string> = { url: outputs.url };
    if (outputs.cognito?.hostedUiDomain) urls['sign-in'] = `https://${outputs.cognito.hostedUiDomain}`;
    const result: StackStatus = { stack: options.stack, instances, services, urls };
    io.out(options.json ? JSON.stringify(result, null, 2) + '\n' : formatStatus(result));
    return result;
  } finally {
    ecs.destroy();
  }
}
