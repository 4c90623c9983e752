// Evaluates the real program for one stack under Pulumi mocks and records every resource with its inputs,
// parent and provider. Shared by the tests and the offline plan command. No CLI, no cloud, no plugins.
import * as pulumi from '@pulumi/pulumi';
import type * as ConfigModule from '../config';
import type { StackConfig } from '../config';
import type * as PlatformModule from '../platform';
import type { PlatformOutputs } from '../platform';
import { mockCall, mockResourceState } from './mock-state';
import { readStackFiles, REPOSITORY_ROOT } from './stack-files';

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** false for ComponentResources (and the stack). */
  readonly custom: boolean;
  /** `<type>::<name>` of the parent, or undefined under the stack. */
  readonly parent: string | undefined;
  /** Name of the explicit provider, e.g. `aws-network`. */
  readonly provider: string | undefined;
  /** Inputs with secrets unwrapped to their plaintext. */
  readonly inputs: Record<string, unknown>;
  /** Dotted paths of inputs that arrived as secrets, e.g. `value` or `registry.password`. */
  readonly secretPaths: readonly string[];
  /** The `ignoreChanges` resource option (e.g. `['ami']` on hosts whose AMI was looked up). */
  readonly ignoreChanges: readonly string[];
}

export interface Evaluation {
  readonly project: string;
  readonly stack: string;
  readonly config: StackConfig;
  readonly resources: readonly RecordedResource[];
  readonly outputs: Record<string, unknown>;
}

export interface EvaluateOptions {
  readonly root?: string;
  /** Replaces keys of the stack file's config (e.g. to test a bad value); `null` removes a key. */
  readonly configOverrides?: Readonly<Record<string, string | null>>;
}

function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** Replaces secret wrappers by their plaintext, noting where they were. */
export function unwrapSecrets(value: unknown, at: string, secretPaths: string[]): unknown {
  if (isSecret(value)) {
    secretPaths.push(at);
    return unwrapSecrets(value.value, at, secretPaths);
  }
  if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${at}[${i}]`, secretPaths));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, at ? `${at}.${k}` : k, secretPaths)]),
    );
  }
  return value;
}

function providerName(urn: string | undefined): string | undefined {
  if (!urn) return undefined;
  const parts = urn.split('::');
  return parts[parts.length - 2];
}

function describeParent(parent: pulumi.Resource | undefined): string | undefined {
  if (!parent) return undefined;
  const p = parent as unknown as { __pulumiType?: string; __name?: string };
  if (p.__pulumiType === 'pulumi:pulumi:Stack') return undefined;
  return `${p.__pulumiType}::${p.__name}`;
}

/**
 * Evaluates createPlatform(loadConfig()) for `stack`. Config errors are thrown as the program would throw them.
 * Calls for different stacks may follow each other in one process (setMocks resets the monitor each time).
 */
export async function evaluateStack(stack: string, options: EvaluateOptions = {}): Promise<Evaluation> {
  const files = readStackFiles(stack, options.root ?? REPOSITORY_ROOT);
  const config: Record<string, string> = { ...files.config };
  for (const [key, value] of Object.entries(options.configOverrides ?? {})) {
    if (value === null) delete config[key];
    else config[key] = value;
  }
  pulumi.runtime.setAllConfig(config, files.secretKeys);
  const region = config['aws:region'] ?? 'ap-southeast-2';
  const resources: RecordedResource[] = [];
  const parents = new Map<string, string | undefined>();
  const ignored = new Map<string, readonly string[]>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const secretPaths: string[] = [];
        const inputs = unwrapSecrets(args.inputs, '', secretPaths) as Record<string, unknown>;
        resources.push({
          type: args.type,
          name: args.name,
          custom: args.custom !== false,
          parent: parents.get(`${args.type}::${args.name}`),
          ignoreChanges: ignored.get(`${args.type}::${args.name}`) ?? [],
          provider: providerName(args.provider),
          inputs,
          secretPaths,
        });
        if (args.custom === false) return { id: '', state: {} };
        return mockResourceState({ ...args, inputs }, region);
      },
      call(args) {
        return mockCall(args, region);
      },
    },
    files.project,
    stack,
    false,
  );

  // Loaded only now: the program must never evaluate before setMocks (pulumi-testing note §1).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../config') as typeof ConfigModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createPlatform } = require('../platform') as typeof PlatformModule;
  // The committed stack files carry an example hosted zone id; offline that is fine, `pulumi up` refuses it.
  const stackConfig = loadConfig({ allowPlaceholders: true });

  // The SDK records a stack trace for every promise it creates (runtime/debuggable.js); with source maps that is
  // most of the evaluation time. Traces are off while the program runs (about 5x faster), then restored.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let outputs: Record<string, unknown> | undefined;
  try {
    outputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        parents.set(`${args.type}::${args.name}`, describeParent(args.opts.parent));
        ignored.set(`${args.type}::${args.name}`, args.opts.ignoreChanges ?? []);
        return undefined;
      });
      const platform: PlatformOutputs = createPlatform(stackConfig);
      return platform;
    });
    // Let registrations still in flight reach the mock monitor (waitForRPCs exists at runtime, untyped).
    const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    await runtime.waitForRPCs?.();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return {
    project: files.project,
    stack,
    config: stackConfig,
    resources,
    outputs: (outputs ?? {}) as Record<string, unknown>,
  };
}
