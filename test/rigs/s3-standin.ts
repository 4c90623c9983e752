// A loopback S3 stand-in speaking the real REST/XML protocol for what the lake uses: PUT/GET/HEAD/DELETE object,
// CreateBucket, ListObjectsV2 (prefix, start-after, max-keys, continuation tokens, encoding-type=url) and conditional
// writes with `If-None-Match: *`, and single byte ranges on GET (Parquet readers fetch footers with `Range`) (412 PreconditionFailed when the key exists, 409 ConditionalRequestConflict while
// another conditional write to the key is in flight). s3rver ignores If-None-Match, so commits cannot be tested on it.
// Path-style addressing only (clients set forcePathStyle). Signatures are not verified.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3StandInOptions {
  /** Loopback address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Buckets that exist from the start. */
  readonly buckets?: readonly string[];
  /** Holds each conditional PUT this long before deciding, widening the window for 409 conflicts. */
  readonly conditionalPutDelayMs?: number;
  /** Answer conditional PUTs with 501 NotImplemented, like S3-compatible stores without conditional writes. */
  readonly rejectConditionalWrites?: boolean;
}

interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
}

export interface S3StandIn {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly buckets: Map<string, Map<string, StoredObject>>;
  /** Counts of answers by S3 error code (`PreconditionFailed`, `ConditionalRequestConflict`, …). */
  readonly errorCounts: Map<string, number>;
  /**
   * Fault injection: when it returns true for a PUT, the object is stored but the reply is 500 InternalError, as when
   * a response is lost after S3 committed the write. The SDK then retries the same request.
   */
  failAfterStore?: (bucket: string, key: string) => boolean;
  close(): Promise<void>;
}

export async function startS3StandIn(options: S3StandInOptions = {}): Promise<S3StandIn> {
  const host = options.host ?? '127.0.0.1';
  if (!host.startsWith('127.')) throw new Error(`S3 stand-in must bind a loopback address, got ${host}`);
  const buckets = new Map<string, Map<string, StoredObject>>();
  for (const name of options.buckets ?? []) buckets.set(name, new Map());
  const inFlight = new Set<string>();
  const errorCounts = new Map<string, number>();

  const standIn: S3StandIn = {
    endpoint: '',
    buckets,
    errorCounts,
    close: () => Promise.resolve(),
  };

  const sendError = (
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    resource: string,
  ) => {
    errorCounts.set(code, (errorCounts.get(code) ?? 0) + 1);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>standin</RequestId></Error>`;
    res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
    res.end(res.req.method === 'HEAD' ? undefined : xml);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const method = req.method ?? 'GET';
    const bucket = buckets.get(decodeURIComponent(bucketName));

    if (bucketName === '') return sendError(res, 400, 'InvalidRequest', 'ListBuckets is not supported', '/');
    if (key === '' && method === 'PUT') {
      await readBody(req);
      if (!bucket) buckets.set(decodeURIComponent(bucketName), new Map());
      res.writeHead(200, { Location: `/${bucketName}` }).end();
      return;
    }
    if (!bucket) {
      await readBody(req);
      return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', `/${bucketName}`);
    }
    if (key === '' && method === 'GET' && url.searchParams.get('list-type') === '2') {
      return listObjectsV2(res, decodeURIComponent(bucketName), bucket, url.searchParams, sendError);
    }
    if (key === '')
      return sendError(res, 400, 'InvalidRequest', `${method} on a bucket is not supported`, url.pathname);

    const resource = `/${bucketName}/${key}`;
    switch (method) {
      case 'PUT': {
        if (req.headers['x-amz-copy-source']) {
          return sendError(
            res,
            501,
            'NotImplemented',
            'CopyObject is not supported by the stand-in',
            resource,
          );
        }
        const ifNoneMatch = req.headers['if-none-match'];
        if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
          await readBody(req);
          return sendError(res, 501, 'NotImplemented', 'If-None-Match supports only *', resource);
        }
        const conditional = ifNoneMatch === '*';
        if (conditional && options.rejectConditionalWrites) {
          await readBody(req);
          return sendError(
            res,
            501,
            'NotImplemented',
            'A header you provided implies functionality that is not implemented',
            resource,
          );
        }
        const flightKey = `${bucketName}/${key}`;
        if (conditional && inFlight.has(flightKey)) {
          await readBody(req);
          return sendError(
            res,
            409,
            'ConditionalRequestConflict',
            'A conflicting conditional operation is currently in progress against this resource.',
            resource,
          );
        }
        if (conditional) inFlight.add(flightKey);
        try {
          const body = decodeBody(req, await readBody(req));
          if (conditional && options.conditionalPutDelayMs) await sleep(options.conditionalPutDelayMs);
          // Check and store in one synchronous step: no other request can interleave here.
          if (conditional && bucket.has(key)) {
            return sendError(
              res,
              412,
              'PreconditionFailed',
              'At least one of the pre-conditions you specified did not hold',
              resource,
            );
          }
          const etag = `"${createHash('md5').update(body).digest('hex')}"`;
          bucket.set(key, { body, etag, lastModified: new Date() });
          if (standIn.failAfterStore?.(bucketName, key)) {
            return sendError(
              res,
              500,
              'InternalError',
              'We encountered an internal error. Please try again.',
              resource,
            );
          }
          res.writeHead(200, { ETag: etag, 'Content-Length': 0 }).end();
        } finally {
          if (conditional) inFlight.delete(flightKey);
        }
        return;
      }
      case 'GET':
      case 'HEAD': {
        const object = bucket.get(key);
        if (!object) {
          return sendError(
            res,
            404,
            method === 'HEAD' ? 'NotFound' : 'NoSuchKey',
            'The specified key does not exist.',
            resource,
          );
        }
        const headers = {
          'Content-Type': 'application/octet-stream',
          'Accept-Ranges': 'bytes',
          ETag: object.etag,
          'Last-Modified': object.lastModified.toUTCString(),
        };
        const range = method === 'GET' ? parseRange(req.headers.range, object.body.length) : undefined;
        if (range === 'unsatisfiable') {
          return sendError(res, 416, 'InvalidRange', 'The requested range is not satisfiable', resource);
        }
        if (range) {
          const [start, end] = range;
          res.writeHead(206, {
            ...headers,
            'Content-Length': end - start + 1,
            'Content-Range': `bytes ${start}-${end}/${object.body.length}`,
          });
          res.end(object.body.subarray(start, end + 1));
          return;
        }
        res.writeHead(200, { ...headers, 'Content-Length': object.body.length });
        res.end(method === 'HEAD' ? undefined : object.body);
        return;
      }
      case 'DELETE':
        bucket.delete(key);
        res.writeHead(204).end();
        return;
      default:
        await readBody(req);
        return sendError(res, 405, 'MethodNotAllowed', `${method} is not allowed`, resource);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'InternalError', String(error), req.url ?? '');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function listObjectsV2(
  res: ServerResponse,
  bucketName: string,
  bucket: Map<string, StoredObject>,
  params: URLSearchParams,
  sendError: (res: ServerResponse, status: number, code: string, message: string, resource: string) => void,
): void {
  const prefix = params.get('prefix') ?? '';
  const startAfter = params.get('start-after') ?? '';
  const token = params.get('continuation-token');
  const maxKeys = Number(params.get('max-keys') ?? '1000');
  const urlEncode = params.get('encoding-type') === 'url';
  if (params.get('delimiter')) {
    return sendError(
      res,
      501,
      'NotImplemented',
      'delimiter is not supported by the stand-in',
      `/${bucketName}`,
    );
  }
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    return sendError(
      res,
      400,
      'InvalidArgument',
      'max-keys must be a non-negative integer',
      `/${bucketName}`,
    );
  }
  // The token is the last key of the previous page; it takes precedence over start-after, as in S3.
  const after = token !== null ? Buffer.from(token, 'base64url').toString('utf8') : startAfter;
  const keys = [...bucket.keys()]
    .filter((k) => k.startsWith(prefix) && (after === '' || byteCompare(k, after) > 0))
    .sort(byteCompare);
  const page = keys.slice(0, Math.min(maxKeys, 1000));
  const truncated = keys.length > page.length;
  const encode = (s: string) => escapeXml(urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const contents = page
    .map((k) => {
      const o = bucket.get(k)!;
      return `<Contents><Key>${encode(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${escapeXml(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Name>${escapeXml(bucketName)}</Name><Prefix>${encode(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
    `<MaxKeys>${maxKeys}</MaxKeys>${urlEncode ? '<EncodingType>url</EncodingType>' : ''}<IsTruncated>${truncated}</IsTruncated>` +
    (token !== null ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '') +
    (startAfter !== '' ? `<StartAfter>${encode(startAfter)}</StartAfter>` : '') +
    (truncated
      ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!, 'utf8').toString('base64url')}</NextContinuationToken>`
      : '') +
    contents +
    `</ListBucketResult>`;
  res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
  res.end(xml);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Strips aws-chunked framing (`<hex size>[;ext]\r\n<data>\r\n … 0\r\n<trailers>\r\n`) when the SDK streams a body. */
function decodeBody(req: IncomingMessage, raw: Buffer): Buffer {
  const encoding = String(req.headers['content-encoding'] ?? '');
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return raw;
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('malformed aws-chunked body');
    const size = parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
    offset = lineEnd + 2;
    if (size === 0) break;
    parts.push(raw.subarray(offset, offset + size));
    offset += size + 2;
  }
  return Buffer.concat(parts);
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` (one range, as S3 supports); undefined = whole object. */
function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
