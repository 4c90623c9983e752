// Where the lake lives: a local folder (the laptop default, `.lake`) or one S3 bucket per medallion layer with an
// optional DynamoDB table coordinating Delta commits. Read once at the edge from CLI flags and the environment;
// everything downstream receives the frozen, typed `LakeLocation`.
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';

export const LAYERS = ['landing', 'bronze', 'silver', 'gold'] as const;
export type Layer = (typeof LAYERS)[number];

export type LakeLocation =
  | { readonly kind: 'local'; readonly root: string }
  | {
      readonly kind: 's3';
      readonly buckets: Readonly<Record<Layer, string>>;
      readonly region?: string;
      readonly endpoint?: string;
      readonly lockTable?: string;
    };

/** Raw inputs, as the CLI and the environment give them (all optional strings). */
export interface LakeInputs {
  lake?: string;
  s3BucketPrefix?: string;
  landingBucket?: string;
  bronzeBucket?: string;
  silverBucket?: string;
  goldBucket?: string;
  lockTable?: string;
  awsRegion?: string;
  s3Endpoint?: string;
}

// S3 bucket naming rules (AWS "Bucket naming rules"): 3–63 chars, lower case, digits, dots, hyphens.
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3–63 chars: a-z 0-9 . -)');
const prefixName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,50}$/, 'expected a bucket-name prefix (a-z 0-9 . -, at most 51 chars)');
const lockTableName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'expected a DynamoDB table name (3–255 chars: A-Z a-z 0-9 _ . -)');

/**
 * Resolves the lake location from flags (`inputs`) and the environment. Flags win over the environment:
 * ETL_LAKE, ETL_S3_BUCKET_PREFIX, ETL_<LAYER>_BUCKET, ETL_LOCK_TABLE, AWS_REGION, AWS_ENDPOINT_URL_S3.
 * All problems are gathered and reported together.
 */
export function resolveLakeLocation(
  inputs: LakeInputs,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): LakeLocation {
  const problems: string[] = [];
  const pick = (flag: string | undefined, envKey: string): string | undefined => {
    const value = flag ?? env[envKey];
    return value === undefined || value === '' ? undefined : value;
  };
  const check = <T>(schema: z.ZodType<T>, value: string | undefined, key: string): T | undefined => {
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`${key}="${value}": ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return undefined;
  };

  const prefix = check(prefixName, pick(inputs.s3BucketPrefix, 'ETL_S3_BUCKET_PREFIX'), '--s3-bucket-prefix');
  const explicit: Partial<Record<Layer, string>> = {};
  for (const layer of LAYERS) {
    const key = `${layer}Bucket` as const;
    const value = check(
      bucketName,
      pick(inputs[key], `ETL_${layer.toUpperCase()}_BUCKET`),
      `--${layer}-bucket`,
    );
    if (value !== undefined) explicit[layer] = value;
  }
  const lockTable = check(lockTableName, pick(inputs.lockTable, 'ETL_LOCK_TABLE'), '--lock-table');
  const wantsS3 = prefix !== undefined || Object.keys(explicit).length > 0;
  const lakeDir = inputs.lake ?? env.ETL_LAKE;

  if (!wantsS3) {
    if (lockTable !== undefined)
      problems.push('--lock-table needs S3 buckets (--s3-bucket-prefix or --<layer>-bucket)');
    if (problems.length > 0) throw new ConfigError(problems);
    return Object.freeze({ kind: 'local', root: path.resolve(cwd, lakeDir ?? '.lake') });
  }
  if (inputs.lake !== undefined)
    problems.push('--lake (a local folder) cannot be combined with S3 bucket options');
  const buckets = {} as Record<Layer, string>;
  for (const layer of LAYERS) {
    const bucket = explicit[layer] ?? (prefix === undefined ? undefined : `${prefix}-${layer}`);
    if (bucket === undefined) {
      problems.push(`no bucket for the ${layer} layer: give --${layer}-bucket or --s3-bucket-prefix`);
    } else if (bucket.length > 63) {
      problems.push(`bucket "${bucket}" for the ${layer} layer is longer than 63 characters`);
    } else {
      buckets[layer] = bucket;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const region = pick(inputs.awsRegion, 'AWS_REGION');
  const endpoint = pick(inputs.s3Endpoint, 'AWS_ENDPOINT_URL_S3');
  return Object.freeze({
    kind: 's3',
    buckets: Object.freeze(buckets),
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(lockTable === undefined ? {} : { lockTable }),
  });
}

/** The URI of `relPath` inside a layer: `/abs/.lake/bronze/x` locally, `s3://bucket/x` on S3. */
export function layerUri(location: LakeLocation, layer: Layer, relPath = ''): string {
  const rel = relPath.replace(/^\/+/, '');
  if (location.kind === 'local') return path.join(location.root, layer, rel);
  return `s3://${location.buckets[layer]}${rel === '' ? '' : `/${rel}`}`;
}

/** A one-line description for logs and summaries (no secrets: bucket names and a table name only). */
export function describeLakeLocation(location: LakeLocation): string {
  if (location.kind === 'local') return location.root;
  const lock = location.lockTable === undefined ? '' : `, lock table ${location.lockTable}`;
  return `s3://{${LAYERS.map((l) => location.buckets[l]).join(',')}}${lock}`;
}
