// `ops redeploy dagster <stack>`: force a new deployment of the Dagster ECS services (same task definition,
// fresh tasks: new image pulls by digest, re-read secrets), then optionally wait until every one is stable.
// "Stable" is the condition of the SDK's waitUntilServicesStable (one deployment, running = desired); the loop is
// ours so each poll can report progress and a failed rollout stops the wait at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { Ecs, type ServiceState } from '../aws/ecs';
import { NotStableError, UsageError } from '../errors';
import type { Io } from '../io';
import { readStackOutputs, type StackOutputsSource } from '../stack';

export interface RedeployOptions extends StackOutputsSource {
  /** Service keys from the stack outputs (`daemon`, `webserver-admin`, …); all of them when empty. */
  readonly services?: readonly string[];
  readonly wait?: boolean;
  readonly pollDelayMs?: number;
  readonly timeoutMs?: number;
}

export function isStable(state: ServiceState): boolean {
  return state.deployments === 1 && state.runningCount === state.desiredCount;
}

function describe(state: ServiceState): string {
  const rollout = state.rolloutState ? ` ${state.rolloutState.toLowerCase()}` : '';
  return `${state.serviceName}: ${state.runningCount}/${state.desiredCount} running, ${state.deployments} deployment(s)${rollout}`;
}

export async function redeploy(options: RedeployOptions, io: Io): Promise<void> {
  const outputs = await readStackOutputs(options);
  const available = outputs.ecs.services;
  const keys = options.services && options.services.length > 0 ? options.services : Object.keys(available);
  const unknown = keys.filter((k) => available[k] === undefined);
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown service ${unknown.join(', ')}; the stack's Dagster services are: ${Object.keys(available).join(', ')}`,
    );
  }
  const names = keys.map((k) => available[k]!);
  const cluster = outputs.ecs.clusterName;
  const ecs = new Ecs(outputs.region);
  try {
    for (const name of names) {
      await ecs.forceNewDeployment(cluster, name);
      io.err(`forced a new deployment of ${name} (cluster ${cluster})\n`);
    }
    if (!options.wait) return;
    const pollDelayMs = options.pollDelayMs ?? 15_000;
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    for (let poll = 1; ; poll++) {
      const states = await ecs.describeServices(cluster, names);
      const failed = states.find((s) => s.rolloutState === 'FAILED');
      if (failed) {
        throw new NotStableError(
          `deployment of ${failed.serviceName} failed: ${failed.rolloutStateReason || 'no reason given'} ` +
            '(the circuit breaker rolls it back; see the service events and its log group)',
        );
      }
      const pending = states.filter((s) => !isStable(s));
      io.err(
        `[poll ${poll}] ${states.length - pending.length}/${states.length} stable` +
          (pending.length > 0 ? ` — waiting for ${pending.map(describe).join('; ')}` : '') +
          '\n',
      );
      if (pending.length === 0) {
        io.out(
          `all ${states.length} service(s) stable:\n${states.map((s) => `  ${describe(s)}`).join('\n')}\n`,
        );
        return;
      }
      if (Date.now() + pollDelayMs > deadline) {
        throw new NotStableError(
          `gave up waiting after ${poll} polls; not stable: ${pending.map(describe).join('; ')}`,
        );
      }
      await sleep(pollDelayMs);
    }
  } finally {
    ecs.destroy();
  }
}
