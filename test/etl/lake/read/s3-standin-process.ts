// Runs the loopback S3 stand-in in its own process: polars reads Parquet footers synchronously (LazyFrame.columns),
// which would block a stand-in running on the test's own event loop. Prints its endpoint as one JSON line.
import { startS3StandIn } from '../../../rigs/s3-standin';

void startS3StandIn({ buckets: ['lake'] }).then((s3) => {
  process.stdout.write(JSON.stringify({ endpoint: s3.endpoint }) + '\n');
  process.on('SIGTERM', () => void s3.close().then(() => process.exit(0)));
});
