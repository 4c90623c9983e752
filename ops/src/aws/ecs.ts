// ECS: force a new deployment of a service and read services' deployment state.
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { AwsRequestError } from '../errors';
import { callAws } from './errors';

export interface ServiceState {
  readonly serviceName: string;
  readonly status: string;
  readonly runningCount: number;
  readonly desiredCount: number;
  readonly pendingCount: number;
  readonly deployments: number;
  /** Rollout state of the PRIMARY deployment: IN_PROGRESS, COMPLETED or FAILED. */
  readonly rolloutState: string;
  readonly rolloutStateReason: string;
}

export class Ecs {
  private readonly client: ECSClient;

  constructor(region: string) {
    this.client = new ECSClient({ region });
  }

  async forceNewDeployment(cluster: string, service: string): Promise<void> {
    await callAws(`ecs:UpdateService ${service}`, () =>
      this.client.send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true })),
    );
  }

  /** DescribeServices takes at most 10 names per call. */
  async describeServices(cluster: string, services: readonly string[]): Promise<ServiceState[]> {
    const states: ServiceState[] = [];
    for (let i = 0; i < services.length; i += 10) {
      const names = services.slice(i, i + 10);
      const result = await callAws('ecs:DescribeServices', () =>
        this.client.send(new DescribeServicesCommand({ cluster, services: names })),
      );
      const failure = result.failures?.[0];
      if (failure) {
        throw new AwsRequestError(
          'ecs:DescribeServices',
          `${failure.arn ?? 'service'} in cluster ${cluster}: ${failure.reason ?? 'failed'}`,
        );
      }
      for (const s of result.services ?? []) {
        const primary = s.deployments?.find((d) => d.status === 'PRIMARY');
        states.push({
          serviceName: s.serviceName ?? '',
          status: s.status ?? '',
          runningCount: s.runningCount ?? 0,
          desiredCount: s.desiredCount ?? 0,
          pendingCount: s.pendingCount ?? 0,
          deployments: s.deployments?.length ?? 0,
          rolloutState: primary?.rolloutState ?? '',
          rolloutStateReason: primary?.rolloutStateReason ?? '',
        });
      }
    }
    return states;
  }

  destroy(): void {
    this.client.destroy();
  }
}
