import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CrawlError,
  DEFAULT_HTTP_OPTIONS,
  HttpSource,
  USER_AGENT,
  type HttpOptions,
} from '../../../etl/src/crawl';
import { startNemwebServer, type NemwebServer } from '../../rigs/nemweb-server';
import { buildZip } from '../parse/fixtures/zip-builder';

const FOLDER = 'Reports/Current/Test';
const ZIP_NAME = 'PUBLIC_TEST_202405140000_0000000000000001.zip';
const ARCHIVE_NAME = 'PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip';

describe('HttpSource against a NEMWeb stand-in', () => {
  let root: string;
  let server: NemwebServer;
  const zip = buildZip([{ name: 'PUBLIC_TEST.CSV', data: 'C,NEMP.WORLD,TEST\r\n' }]);
  const fast: HttpOptions = {
    ...DEFAULT_HTTP_OPTIONS,
    timeoutMs: 2_000,
    retries: 2,
    baseDelayMs: 5,
    maxDelayMs: 20,
  };

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'nemweb-http-'));
    mkdirSync(path.join(root, ...FOLDER.split('/')), { recursive: true });
    writeFileSync(path.join(root, ...FOLDER.split('/'), ZIP_NAME), zip);
    writeFileSync(path.join(root, ...FOLDER.split('/'), ARCHIVE_NAME), zip);
    server = await startNemwebServer([root]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.setFault(`${FOLDER}/${ZIP_NAME}`, undefined);
  });

  const fileOf = async (source: HttpSource, name: string) => {
    const listing = await source.list(FOLDER);
    return listing!.files.find((f) => f.name === name)!;
  };

  it('lists a folder and fetches a file, sending the project User-Agent', async () => {
    const source = new HttpSource(server.baseUrl, fast);
    const file = await fileOf(source, ZIP_NAME);
    expect(file).toMatchObject({ path: `${FOLDER}/${ZIP_NAME}`, sizeBytes: zip.byteLength });
    expect(Buffer.from(await source.fetch(file))).toEqual(zip);
    expect(server.requests.map((r) => r.userAgent)).toEqual([USER_AGENT, USER_AGENT]);
  });

  it('requests a stored %23 name as %2523, as the listing gives it; a bare %23 gets 400', async () => {
    const source = new HttpSource(server.baseUrl, fast);
    const file = await fileOf(source, ARCHIVE_NAME);
    expect(file.path).toBe(`${FOLDER}/${ARCHIVE_NAME}`);
    expect(file.url).toContain('PUBLIC_ARCHIVE%2523DISPATCHPRICE');
    expect(Buffer.from(await source.fetch(file))).toEqual(zip);
    expect(source.fileAt(file.path).url).toBe(file.url);
    const bare = await fetch(file.url.replace(/%2523/g, '%23'));
    expect(bare.status).toBe(400);
  });

  it('retries a 5xx with backoff and succeeds when the server recovers', async () => {
    const retries: number[] = [];
    const source = new HttpSource(server.baseUrl, { ...fast, onRetry: (r) => retries.push(r.attempt) });
    const file = await fileOf(source, ZIP_NAME);
    server.setFault(file.path, { kind: 'status', status: 503, times: 2 });
    expect(Buffer.from(await source.fetch(file))).toEqual(zip);
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after the last retry of a persistent 5xx, naming the status', async () => {
    const source = new HttpSource(server.baseUrl, fast);
    const file = await fileOf(source, ZIP_NAME);
    server.setFault(file.path, { kind: 'status', status: 502 });
    await expect(source.fetch(file)).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 502 });
    expect(server.requests.filter((r) => r.path.endsWith(ZIP_NAME)).map((r) => r.status)).toEqual([
      502, 502, 502,
    ]);
  });

  it('does not retry a 4xx', async () => {
    const source = new HttpSource(server.baseUrl, fast);
    const file = await fileOf(source, ZIP_NAME);
    server.setFault(file.path, { kind: 'status', status: 403 });
    await expect(source.fetch(file)).rejects.toThrow(`${file.url}: HTTP 403 Forbidden`);
    expect(server.requests.filter((r) => r.path.endsWith(ZIP_NAME))).toHaveLength(1);
  });

  it('rejects an HTML page served with 200 in place of a zip, keeping its bytes as evidence', async () => {
    const source = new HttpSource(server.baseUrl, fast);
    const file = await fileOf(source, ZIP_NAME);
    server.setFault(file.path, { kind: 'html' });
    const error = (await source.fetch(file).catch((e: unknown) => e)) as CrawlError;
    expect(error).toBeInstanceOf(CrawlError);
    expect(error.message).toBe(`${file.url}: expected ${ZIP_NAME}, got an HTML page (text/html)`);
    expect(Buffer.from(error.body!).toString()).toContain('Site maintenance');
  });

  it('rejects a truncated zip', async () => {
    const source = new HttpSource(server.baseUrl, fast);
    const file = await fileOf(source, ZIP_NAME);
    server.setFault(file.path, { kind: 'truncate', keepBytes: zip.byteLength - 10 });
    await expect(source.fetch(file)).rejects.toMatchObject({ code: 'TRUNCATED_ZIP' });
  });

  it('times out a request that does not answer in time, and retries it', async () => {
    const source = new HttpSource(server.baseUrl, { ...fast, timeoutMs: 250, retries: 1 });
    const file = await fileOf(source, ZIP_NAME);
    server.setFault(file.path, { kind: 'delay', ms: 1_000, times: 2 });
    await expect(source.fetch(file)).rejects.toThrow(`${file.url}: no complete answer within 250 ms`);
    // Once the server answers in time again, the retry after a timed-out attempt succeeds.
    const patient = new HttpSource(server.baseUrl, { ...fast, timeoutMs: 700, retries: 1 });
    server.setFault(file.path, { kind: 'delay', ms: 2_000, times: 1 });
    expect(Buffer.from(await patient.fetch(file))).toEqual(zip);
  });

  it('reports a folder the server does not have as missing, not as an error', async () => {
    const source = new HttpSource(server.baseUrl, fast);
    expect(await source.list('Reports/Current/Nope')).toBeUndefined();
  });
});
