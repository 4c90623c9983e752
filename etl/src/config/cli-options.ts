// Command-line options shared by the pipeline commands (`etl run`, `etl quarantine`): lake location, source and
// time window. Parsed here once into typed values; errors name the flag and the expected form.
import { Option, type Command } from 'commander';
import { ConfigError } from './errors';
import type { LakeInputs } from './lake-location';

export const DEFAULT_SOURCE = 'https://nemweb.com.au';

export function addLakeOptions(command: Command): Command {
  return command
    .addOption(new Option('--lake <dir>', 'local lake folder (default .lake, env ETL_LAKE)'))
    .addOption(
      new Option(
        '--s3-bucket-prefix <prefix>',
        'S3 buckets <prefix>-landing, -bronze, -silver, -gold (env ETL_S3_BUCKET_PREFIX)',
      ),
    )
    .addOption(
      new Option('--landing-bucket <bucket>', 'S3 bucket of the landing layer (env ETL_LANDING_BUCKET)'),
    )
    .addOption(
      new Option('--bronze-bucket <bucket>', 'S3 bucket of the bronze layer (env ETL_BRONZE_BUCKET)'),
    )
    .addOption(
      new Option('--silver-bucket <bucket>', 'S3 bucket of the silver layer (env ETL_SILVER_BUCKET)'),
    )
    .addOption(new Option('--gold-bucket <bucket>', 'S3 bucket of the gold layer (env ETL_GOLD_BUCKET)'))
    .addOption(
      new Option(
        '--lock-table <name>',
        'DynamoDB table coordinating Delta commits on S3 (env ETL_LOCK_TABLE)',
      ),
    )
    .addOption(new Option('--aws-region <region>', 'AWS region (env AWS_REGION)'));
}

export function lakeInputsFrom(options: Record<string, unknown>): LakeInputs {
  const pick = (key: string): string | undefined =>
    typeof options[key] === 'string' ? (options[key] as string) : undefined;
  const inputs: LakeInputs = {};
  const set = (key: keyof LakeInputs, value: string | undefined): void => {
    if (value !== undefined) inputs[key] = value;
  };
  set('lake', pick('lake'));
  set('s3BucketPrefix', pick('s3BucketPrefix'));
  set('landingBucket', pick('landingBucket'));
  set('bronzeBucket', pick('bronzeBucket'));
  set('silverBucket', pick('silverBucket'));
  set('goldBucket', pick('goldBucket'));
  set('lockTable', pick('lockTable'));
  set('awsRegion', pick('awsRegion'));
  return inputs;
}

const MARKET_OFFSET_MS = 10 * 60 * 60 * 1000;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * `--from`/`--to`: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` in market time (AEST, UTC+10, as AEMO's files), or
 * any ISO 8601 instant with an explicit `Z` or offset.
 */
export function parseWindowBound(text: string, flag: string): Date {
  const match = DATE_TIME.exec(text.trim());
  if (match) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
    const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const check = new Date(local);
    if (check.getUTCDate() === Number(d) && check.getUTCMonth() === Number(mo) - 1 && Number(h) < 24) {
      return new Date(local - MARKET_OFFSET_MS);
    }
  } else if (/(?:Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) {
    const instant = new Date(text);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  throw new ConfigError([
    `${flag} "${text}": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM in market time (AEST), or an ISO instant with Z or an offset`,
  ]);
}

export function parsePositiveInt(text: string, flag: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError([`${flag} "${text}": expected a whole number from 1 to ${max}`]);
  }
  return value;
}
