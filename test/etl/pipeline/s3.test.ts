import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, selectReports } from '../../../etl/src/catalog';
import pl from 'nodejs-polars';
import { resolveLakeLocation, type LakeLocation } from '../../../etl/src/config';
import { openSource } from '../../../etl/src/crawl';
import { runPipeline } from '../../../etl/src/pipeline';
import { awsTestEnv, TEST_REGION } from '../../rigs/aws-test-env';
import { startS3StandIn, type S3StandIn } from '../../rigs/s3-standin';
import { bronzeContents } from './lake-contents';

const MIRROR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');
const SELECTION = ['daily_reports', 'dudetailsummary'];
const DAILY = 'Reports/Current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip';

describe('etl run into one S3 bucket per layer', () => {
  let s3: S3StandIn;
  let work: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, awsTestEnv());
    s3 = await startS3StandIn({ buckets: ['em-landing', 'em-bronze', 'em-silver', 'em-gold'] });
    work = mkdtempSync(path.join(os.tmpdir(), 'pipeline-s3-'));
  });
  afterAll(async () => {
    await s3.close();
    rmSync(work, { recursive: true, force: true });
    process.env = saved;
  });

  const run = (location: LakeLocation) =>
    runPipeline({
      reports: selectReports(loadCatalog(), SELECTION),
      source: openSource(MIRROR),
      location,
      window: {},
      concurrency: 2,
    });
  const commitKeys = (): string[] =>
    [...s3.buckets.values()]
      .flatMap((objects) => [...objects.keys()].filter((k) => /_delta_log\/\d{20}\.json$/.test(k)))
      .sort();

  // Reads go through the stand-in's memory, not through polars' S3 client: DeltaTable.scan on s3:// does not yet
  // honour a custom endpoint in nodejs-polars 0.25.2 (it would dial amazonaws.com), so a second run on S3 waits for
  // the lake's fix. See docs/pipeline.md, "Known gaps".
  it('lands raw bytes and writes the same bronze rows as a local lake', async () => {
    const location = resolveLakeLocation(
      { s3BucketPrefix: 'em', awsRegion: TEST_REGION, s3Endpoint: s3.endpoint },
      {},
    );
    const summary = await run(location);
    expect(summary.failures).toEqual([]);
    expect(s3.buckets.get('em-landing')!.get(DAILY)!.body).toEqual(
      readFileSync(path.join(MIRROR, ...DAILY.split('/'))),
    );
    expect(commitKeys().filter((k) => k.startsWith('_manifest/'))).toEqual([
      '_manifest/_delta_log/00000000000000000000.json',
    ]);

    const local = path.join(work, 'local');
    await run(resolveLakeLocation({ lake: local }, {}));
    const expected = await bronzeContents(local);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    const bronze = s3.buckets.get('em-bronze')!;
    for (const [table, rows] of Object.entries(expected)) {
      const name = table.slice('bronze/'.length);
      const files = [...bronze.keys()].filter((k) => k.startsWith(`${name}/`) && k.endsWith('.parquet'));
      const height = files.reduce((sum, key) => sum + pl.readParquet(bronze.get(key)!.body).height, 0);
      expect({ table, rows: height }).toEqual({ table, rows: rows.length });
    }
  });
});
