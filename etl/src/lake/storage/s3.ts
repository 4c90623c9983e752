// ObjectStore on Amazon S3 or any S3-compatible endpoint, through @aws-sdk/client-s3. Commit exclusion uses
// `PutObject` with `If-None-Match: *` (S3 conditional writes, Aug 2024; notes §8.2): 412 PreconditionFailed means the
// key exists, 409 ConditionalRequestConflict means a concurrent conditional write to the same key is in flight and is
// retried. SDK errors are translated into LakeErrors here, so nothing above this file sees an AWS type.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ObjectNotFoundError } from '../errors';
import { StorageError } from './errors';
import { assertListPrefix, assertObjectPath } from './paths';
import type { ObjectMeta, ObjectStore } from './types';

/** Connection settings for S3 or an S3-compatible store; credentials come from the default AWS chain. */
export interface S3Options {
  /** Defaults to the AWS chain (`AWS_REGION`, profile). */
  readonly region?: string;
  /** e.g. `http://127.0.0.1:9000` for MinIO; omit for AWS. */
  readonly endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), needed by most S3-compatible stores. */
  readonly forcePathStyle?: boolean;
  /** Static credentials; normally omitted so the default chain (env, profile, role) applies. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /**
   * Flexible checksums on requests. AWS S3 supports them; several S3-compatible stores reject the SDK's default
   * trailing checksums, so the default is `WHEN_SUPPORTED` on AWS and `WHEN_REQUIRED` with a custom endpoint.
   */
  readonly requestChecksums?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** Attempts for a put-if-absent answered 409 ConditionalRequestConflict (default 8). */
  readonly conflictRetries?: number;
}

/** The one place an S3Client is configured. */
export function createS3Client(options: S3Options = {}): S3Client {
  const checksums = options.requestChecksums ?? (options.endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED');
  const config: S3ClientConfig = {
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
  };
  if (options.region !== undefined) config.region = options.region;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.forcePathStyle !== undefined) config.forcePathStyle = options.forcePathStyle;
  if (options.credentials !== undefined) config.credentials = { ...options.credentials };
  return new S3Client(config);
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export class S3ObjectStore implements ObjectStore {
  readonly uri: string;
  private readonly keyPrefix: string;
  private readonly conflictRetries: number;

  /** `prefix` is the table's key prefix without leading or trailing `/` (empty for a bucket-root table). */
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    prefix: string,
    options: Pick<S3Options, 'conflictRetries'> = {},
  ) {
    const clean = prefix.replace(/^\/+|\/+$/g, '');
    this.keyPrefix = clean === '' ? '' : `${clean}/`;
    this.uri = `s3://${bucket}${clean === '' ? '' : `/${clean}`}`;
    this.conflictRetries = options.conflictRetries ?? 8;
  }

  async get(path: string): Promise<Uint8Array> {
    const key = this.key(path);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return new Uint8Array(0);
      return await out.Body.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(this.describe(path));
      throw this.fail('get', path, error);
    }
  }

  async head(path: string): Promise<ObjectMeta | undefined> {
    const key = this.key(path);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { path, sizeBytes: out.ContentLength ?? 0, modifiedMs: out.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.fail('head', path, error);
    }
  }

  async put(path: string, data: Uint8Array): Promise<void> {
    const key = this.key(path);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data }));
    } catch (error) {
      throw this.fail('put', path, error);
    }
  }

  async putIfAbsent(path: string, data: Uint8Array): Promise<boolean> {
    const key = this.key(path);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, IfNoneMatch: '*' }),
        );
        return true;
      } catch (error) {
        const name = (error as SdkError).name;
        const status = (error as SdkError).$metadata?.httpStatusCode;
        if (name === 'PreconditionFailed' || status === 412) {
          // The SDK retries transient failures itself; if an earlier attempt of this very call landed, the retry
          // sees 412 against our own object. Identical bytes mean the object is ours (commits carry a unique id).
          if (((error as SdkError).$metadata?.attempts ?? 1) > 1) return await this.holds(path, data);
          return false;
        }
        if ((name === 'ConditionalRequestConflict' || status === 409) && attempt < this.conflictRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        if (name === 'NotImplemented' || status === 501) {
          throw this.fail(
            'putIfAbsent',
            path,
            error,
            'this endpoint does not support conditional writes; use logStore {kind: "dynamodb"}',
          );
        }
        throw this.fail('putIfAbsent', path, error);
      }
    }
  }

  async *list(prefix: string, options: { startAfter?: string } = {}): AsyncIterable<ObjectMeta> {
    assertListPrefix(prefix, this.uri);
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.keyPrefix + prefix,
            ...(options.startAfter !== undefined && { StartAfter: this.keyPrefix + options.startAfter }),
            ...(continuationToken !== undefined && { ContinuationToken: continuationToken }),
          }),
        );
      } catch (error) {
        throw this.fail('list', prefix || '.', error);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || !object.Key.startsWith(this.keyPrefix)) continue;
        yield {
          path: object.Key.slice(this.keyPrefix.length),
          sizeBytes: object.Size ?? 0,
          modifiedMs: object.LastModified?.getTime() ?? 0,
        };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  async delete(path: string): Promise<void> {
    const key = this.key(path);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw this.fail('delete', path, error);
    }
  }

  private async holds(path: string, data: Uint8Array): Promise<boolean> {
    const existing = await this.get(path);
    return Buffer.from(existing).equals(Buffer.from(data));
  }

  private key(path: string): string {
    assertObjectPath(path, this.uri);
    return this.keyPrefix + path;
  }

  private describe(path: string): string {
    return `${this.uri}/${path}`;
  }

  private fail(operation: string, path: string, error: unknown, hint?: string): StorageError {
    const sdk = error as SdkError;
    const status = sdk.$metadata?.httpStatusCode;
    const detail =
      `${sdk.name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${sdk.message ?? String(error)}` +
      (hint === undefined ? '' : `; ${hint}`);
    return new StorageError(operation, this.describe(path), detail, { cause: error });
  }
}

/** A missing key, not a missing bucket (which must surface as an error, never as "no such object"). */
function isNotFound(error: unknown): boolean {
  const sdk = error as SdkError;
  if (sdk.name === 'NoSuchBucket') return false;
  return sdk.name === 'NoSuchKey' || sdk.name === 'NotFound' || sdk.$metadata?.httpStatusCode === 404;
}

/** Exponential backoff with full jitter: 25 ms, 50 ms, … capped at 1 s. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(1000, 25 * 2 ** (attempt - 1));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
