import path from 'node:path';
import {
  ConfigError,
  layerUri,
  parseWindowBound,
  resolveLakeLocation,
  storageOptionsFor,
} from '../../../etl/src/config';

describe('resolveLakeLocation', () => {
  it('defaults to a local .lake folder under the working directory', () => {
    const location = resolveLakeLocation({}, {}, '/work/x');
    expect(location).toEqual({ kind: 'local', root: '/work/x/.lake' });
    expect(layerUri(location, 'bronze', 'dispatch_price_v5')).toBe(
      path.join('/work/x/.lake/bronze/dispatch_price_v5'),
    );
  });

  it('derives one bucket per layer from a prefix, with explicit buckets and flags winning over the environment', () => {
    const location = resolveLakeLocation(
      { s3BucketPrefix: 'em-prod', goldBucket: 'em-gold-special', lockTable: 'delta_log' },
      { ETL_S3_BUCKET_PREFIX: 'ignored', AWS_REGION: 'ap-southeast-2' },
    );
    expect(location).toEqual({
      kind: 's3',
      buckets: {
        landing: 'em-prod-landing',
        bronze: 'em-prod-bronze',
        silver: 'em-prod-silver',
        gold: 'em-gold-special',
      },
      region: 'ap-southeast-2',
      lockTable: 'delta_log',
    });
    expect(layerUri(location, 'landing', '_manifest')).toBe('s3://em-prod-landing/_manifest');
    expect(storageOptionsFor(location)).toEqual({
      s3: { region: 'ap-southeast-2' },
      logStore: { kind: 'dynamodb', tableName: 'delta_log', region: 'ap-southeast-2' },
    });
  });

  it('lists every problem together', () => {
    let error: unknown;
    try {
      resolveLakeLocation({ lake: 'x', bronzeBucket: 'Bad_Bucket', lockTable: 'ok_table' }, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      [
        'invalid configuration:',
        '  1. --bronze-bucket="Bad_Bucket": expected an S3 bucket name (3–63 chars: a-z 0-9 . -)',
        '  2. --lock-table needs S3 buckets (--s3-bucket-prefix or --<layer>-bucket)',
      ].join('\n'),
    );
    expect(() => resolveLakeLocation({ lake: 'x', landingBucket: 'b-landing' }, {})).toThrow(
      /--lake \(a local folder\) cannot be combined with S3 bucket options[\s\S]*no bucket for the bronze layer/,
    );
  });
});

describe('parseWindowBound', () => {
  it('reads dates and times as AEMO market time (UTC+10)', () => {
    expect(parseWindowBound('2024-08-01', '--from')).toEqual(new Date('2024-07-31T14:00:00Z'));
    expect(parseWindowBound('2024-08-01T04:05', '--from')).toEqual(new Date('2024-07-31T18:05:00Z'));
    expect(parseWindowBound('2024-08-01T00:00:00Z', '--to')).toEqual(new Date('2024-08-01T00:00:00Z'));
  });

  it('refuses anything else, naming the flag', () => {
    expect(() => parseWindowBound('2024-02-30', '--to')).toThrow(
      'invalid configuration: --to "2024-02-30": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM in market time (AEST), or an ISO instant with Z or an offset',
    );
  });
});
