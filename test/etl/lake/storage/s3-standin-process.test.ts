import pl from 'nodejs-polars';
import { S3ObjectStore, createS3Client } from '../../../../etl/src/lake';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../rigs/aws-test-env';
import { startS3StandInProcess, type S3StandInProcess } from '../../../rigs/s3-standin-process';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

describe('the S3 stand-in in its own process', () => {
  let standIn: S3StandInProcess;
  beforeAll(async () => {
    standIn = await startS3StandInProcess(['lake']);
  });
  afterAll(() => standIn.close());

  it("serves a Parquet file written through S3ObjectStore to polars' own (blocking) S3 reader", async () => {
    const client = createS3Client({
      endpoint: standIn.endpoint,
      region: TEST_REGION,
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
    });
    try {
      const store = new S3ObjectStore(client, 'lake', 'silver/t');
      const df = pl.DataFrame([pl.Series('a', [1, 2, 3], pl.Int64)]);
      await store.put('part-0.parquet', df.writeParquet());
      // object_store takes string values only; booleans make polars ignore the options (and go to AWS).
      const read = pl
        .scanParquet('s3://lake/silver/t/part-0.parquet', {
          cloudOptions: {
            aws_endpoint_url: standIn.endpoint,
            aws_allow_http: 'true',
            aws_region: TEST_REGION,
            aws_access_key_id: TEST_CREDENTIALS.accessKeyId,
            aws_secret_access_key: TEST_CREDENTIALS.secretAccessKey,
            aws_virtual_hosted_style_request: 'false',
          },
        })
        .collectSync();
      expect(read.getColumn('a').toArray()).toEqual([1, 2, 3]);
    } finally {
      client.destroy();
    }
  });
});
