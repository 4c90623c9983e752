// Stack outputs: read once (from `pulumi stack output --json` or a file), validated with zod, then trusted.
// Only the outputs ops uses are described; other outputs pass through untouched so infra can add more.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { StackOutputsError } from './errors';
import { runPulumi } from './pulumi';

const host = z.object({
  instanceId: z.string().min(1),
  publicIp: z.string().min(1).optional(),
  privateIp: z.string().min(1).optional(),
  ipv6Address: z.string().optional(),
  hostKeyParameter: z.string().optional(),
  /** `host key-type base64` or `[host]:port key-type base64`: where ssh connects, and the key it must see. */
  knownHostsLine: z.string().min(1),
});

export const stackOutputsSchema = z.object({
  region: z.string().min(1),
  url: z.string().url(),
  parameterPath: z.string().regex(/^\/[^/]+\/[^/]+$/, 'expected /<project>/<stack>'),
  sshPrivateKeyParameter: z.string().startsWith('/'),
  knownHosts: z.string().min(1),
  bastion: host,
  caddy: host.extend({ privateIp: z.string().min(1) }),
  ecs: z.object({
    clusterName: z.string().min(1),
    services: z.record(z.string(), z.string().min(1)),
  }),
  logGroups: z.record(z.string(), z.string()).optional(),
  buckets: z.record(z.string(), z.string()).optional(),
  database: z.object({ address: z.string(), port: z.number().int() }).optional(),
  cognito: z.object({ hostedUiDomain: z.string() }).partial().optional(),
});

export type StackOutputs = z.infer<typeof stackOutputsSchema>;

export interface StackOutputsSource {
  readonly stack: string;
  /** A JSON file holding `pulumi stack output --json`; when absent the Pulumi CLI is asked. */
  readonly outputsFile?: string | undefined;
}

/** Validates raw outputs, listing every problem with its key path. */
export function parseStackOutputs(raw: unknown, source: string): StackOutputs {
  const result = stackOutputsSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue, i) => `  ${i + 1}. ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new StackOutputsError(
    source,
    `the stack outputs are not what ops expects:\n${problems.join('\n')}\n` +
      'Run `pulumi up` so the outputs match this version of the program.',
  );
}

export async function readStackOutputs(source: StackOutputsSource): Promise<StackOutputs> {
  if (source.outputsFile !== undefined) {
    let text: string;
    try {
      text = await readFile(source.outputsFile, 'utf8');
    } catch (error) {
      throw new StackOutputsError(source.outputsFile, 'cannot read the outputs file', { cause: error });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new StackOutputsError(source.outputsFile, `not JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
    return parseStackOutputs(raw, source.outputsFile);
  }
  const label = `pulumi stack output --json --stack ${source.stack}`;
  const stdout = await runPulumi(['stack', 'output', '--json', '--stack', source.stack], {
    capture: true,
  });
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch (error) {
    throw new StackOutputsError(label, 'printed something other than JSON', { cause: error });
  }
  return parseStackOutputs(raw, label);
}

/** `/energy-market/dev` → `energy-market`: the project tag every resource carries. */
export function projectOf(outputs: StackOutputs): string {
  return outputs.parameterPath.split('/')[1]!;
}
