// Worker thread for the `stream-worker` contender: turns one batch's validated source text into a Parquet file
// with polars, while the main thread parses the next batch.
import { parentPort } from 'node:worker_threads';
import { writeBatchFromSource, type SourceBatch } from './bronze-batches';

parentPort!.on('message', (batch: SourceBatch) => {
  try {
    writeBatchFromSource(batch);
    parentPort!.postMessage({ ok: true });
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
