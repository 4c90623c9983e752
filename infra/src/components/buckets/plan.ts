// What each bucket is for and how long it keeps what: pure data, so the retention rules are reviewed and tested
// in one place. Landed files are the replay source of the whole lake: no rule ever expires a current landed object.
import type * as aws from '@pulumi/aws';

// The pipeline keeps its bookkeeping tables inside the layers (etl/src/catalog/assets.ts: `landing/_crawl_ledger`,
// `landing/_manifest`, `bronze/_ingest_log`, `bronze/_quarantine`), so four buckets are the whole lake.
type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

export const BUCKET_KINDS = ['landing', 'bronze', 'silver', 'gold'] as const;
export type BucketKind = (typeof BUCKET_KINDS)[number];

export interface BucketPlan {
  readonly kind: BucketKind;
  /** Becomes the bucket's `purpose` tag: S3 tag values allow letters, digits, spaces and _ . : / = + - @ only. */
  readonly purpose: string;
  readonly isVersioned: boolean;
  /** Days after which a current object moves to Intelligent-Tiering (a move, never a deletion). */
  readonly tierAfterDays?: number;
  /** Days after which superseded (noncurrent) versions are deleted. */
  readonly noncurrentExpiryDays?: number;
}

export const BUCKET_PLANS: readonly BucketPlan[] = [
  {
    kind: 'landing',
    purpose:
      'AEMO files byte for byte as fetched - the replay source - plus crawl ledger and landing manifest',
    isVersioned: true,
    tierAfterDays: 30,
    noncurrentExpiryDays: 90,
  },
  {
    kind: 'bronze',
    purpose: 'Delta tables per AEMO report/subtype/version plus ingest log and quarantine',
    isVersioned: false,
  },
  { kind: 'silver', purpose: 'typed and deduplicated Delta tables', isVersioned: false },
  { kind: 'gold', purpose: 'analysis Delta tables', isVersioned: false },
];

/** Lifecycle rules for one bucket, in the shape of aws.s3.BucketLifecycleConfiguration `rules`. */
export function lifecycleRules(plan: BucketPlan): LifecycleRule[] {
  const rules: LifecycleRule[] = [
    {
      id: 'abort-incomplete-uploads',
      status: 'Enabled',
      filter: {},
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ];
  if (plan.tierAfterDays !== undefined) {
    rules.push({
      id: 'tier-current-objects',
      status: 'Enabled',
      filter: {},
      transitions: [{ days: plan.tierAfterDays, storageClass: 'INTELLIGENT_TIERING' }],
    });
  }
  if (plan.noncurrentExpiryDays !== undefined) {
    rules.push({
      id: 'expire-superseded-versions',
      status: 'Enabled',
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: plan.noncurrentExpiryDays },
    });
  }
  return rules;
}
