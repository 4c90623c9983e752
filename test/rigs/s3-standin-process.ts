// The S3 stand-in in a child process. Needed when the code under test does blocking I/O on the test's own thread:
// polars' `scanParquet('s3://…')` and `sinkParquet` fetch synchronously, so an in-process stand-in could never answer.
import { fork } from 'node:child_process';
import * as path from 'node:path';

export interface S3StandInProcess {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  close(): Promise<void>;
}

export async function startS3StandInProcess(buckets: readonly string[]): Promise<S3StandInProcess> {
  const child = fork(path.join(__dirname, 's3-standin-main.ts'), [...buckets], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`S3 stand-in process exited early with code ${code}`)));
    child.on('message', (message: { kind: string; endpoint: string }) => {
      if (message.kind === 'listening') resolve(message.endpoint);
    });
  });
  child.removeAllListeners('exit');
  return {
    endpoint,
    pid: child.pid!,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect(); // the child closes its server and exits
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
