// The lake's buckets: landing, bronze, silver, gold, quarantine and pipeline state. Each is private (all four
// public access blocks, owner-enforced ACLs), encrypted (SSE-S3), TLS-only, and follows its plan in ./plan.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { physicalName, type StackIdentity } from '../../naming';
import { BUCKET_PLANS, lifecycleRules, type BucketKind } from './plan';

export { BUCKET_KINDS, BUCKET_PLANS, lifecycleRules, type BucketKind, type BucketPlan } from './plan';

export interface BucketsArgs {
  readonly identity: StackIdentity;
  /** Bucket names are global across AWS; the account id keeps them unique without random suffixes. */
  readonly accountId: pulumi.Input<string>;
  readonly protectData: boolean;
}

export interface LakeBucket {
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
}

export class Buckets extends pulumi.ComponentResource {
  readonly buckets: Readonly<Record<BucketKind, LakeBucket>>;

  constructor(name: string, args: BucketsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:buckets:Buckets', name, {}, opts);
    const child = { parent: this };
    const buckets = {} as Record<BucketKind, LakeBucket>;
    for (const plan of BUCKET_PLANS) {
      const n = `${name}-${plan.kind}`;
      const bucket = new aws.s3.Bucket(
        n,
        {
          bucket: pulumi
            .output(args.accountId)
            .apply((account) => physicalName(args.identity, plan.kind, account)),
          forceDestroy: !args.protectData,
          tags: { purpose: plan.purpose },
        },
        child,
      );
      new aws.s3.BucketPublicAccessBlock(
        `${n}-public-access`,
        {
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        child,
      );
      new aws.s3.BucketOwnershipControls(
        `${n}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } },
        child,
      );
      // SSE-S3 rather than KMS: no per-request KMS cost on Delta's many small reads, same at-rest protection.
      new aws.s3.BucketServerSideEncryptionConfiguration(
        `${n}-encryption`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
        child,
      );
      if (plan.isVersioned) {
        new aws.s3.BucketVersioning(
          `${n}-versioning`,
          { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } },
          child,
        );
      }
      new aws.s3.BucketLifecycleConfiguration(
        `${n}-lifecycle`,
        { bucket: bucket.id, rules: lifecycleRules(plan) },
        child,
      );
      new aws.s3.BucketPolicy(
        `${n}-policy`,
        {
          bucket: bucket.id,
          policy: bucket.arn.apply((arn) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyInsecureTransport',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: [arn, `${arn}/*`],
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
              ],
            }),
          ),
        },
        child,
      );
      buckets[plan.kind] = { name: bucket.bucket, arn: bucket.arn };
    }
    this.buckets = buckets;
    this.registerOutputs({});
  }
}
