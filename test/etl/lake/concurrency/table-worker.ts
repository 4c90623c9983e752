// A writer process for the table-level concurrency tests: appends `commits` small frames to one Delta table with
// DeltaTable.write, each tagged with an application transaction (appId = worker id, version = sequence number), so
// a restarted worker that replays every sequence number adds each frame exactly once (Delta `txn` idempotence).
import pl from 'nodejs-polars';
import { openTable, type TableOptions } from '../../../../etl/src/lake';
import { serveTask } from './worker-protocol';

export interface TableWorkerTask {
  readonly uri: string;
  readonly options: TableOptions;
  readonly workerId: string;
  readonly commits: number;
  readonly rowsPerCommit: number;
}

export function frameFor(workerId: string, seq: number, rows: number): pl.DataFrame {
  return pl.DataFrame([
    pl.Series(
      'worker',
      Array.from({ length: rows }, () => workerId),
      pl.Utf8,
    ),
    pl.Series(
      'seq',
      Array.from({ length: rows }, () => seq),
      pl.Int64,
    ),
    pl.Series(
      'row',
      Array.from({ length: rows }, (_, i) => i),
      pl.Int64,
    ),
  ]);
}

async function run(task: TableWorkerTask): Promise<void> {
  const table = openTable(task.uri, task.options);
  for (let seq = 0; seq < task.commits; seq++) {
    const result = await table.write(frameFor(task.workerId, seq, task.rowsPerCommit), {
      mode: 'append',
      txn: { appId: task.workerId, version: seq },
    });
    process.send?.({
      kind: 'committed',
      commitId: `${task.workerId}:${seq}`,
      version: result.version,
      noop: result.noop === true,
    });
  }
}

serveTask(run);
