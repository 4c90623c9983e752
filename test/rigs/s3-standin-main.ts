// Entry point that runs the S3 stand-in in its own process (see s3-standin-process.ts). Buckets come from argv.
import { startS3StandIn } from './s3-standin';

startS3StandIn({ buckets: process.argv.slice(2) }).then(
  (standIn) => {
    process.send?.({ kind: 'listening', endpoint: standIn.endpoint });
    process.on('disconnect', () => void standIn.close().then(() => process.exit(0)));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
