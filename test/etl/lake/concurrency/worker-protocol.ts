// The worker side of the harness's IPC: announce "ready", run the task from "go", then report "done" or "failed"
// and exit. Kept apart from harness.ts so forked workers do not load the rigs (S3 stand-in, dynalite) at start-up.

/** Serves one task in a forked worker process with `run`. */
export function serveTask<Task>(run: (task: Task) => Promise<void>): void {
  process.on('message', (message: { kind: string; task?: Task }) => {
    if (message.kind !== 'go' || !message.task) return;
    run(message.task).then(
      () => process.send?.({ kind: 'done' }, () => process.exit(0)),
      (error: unknown) => {
        process.send?.(
          { kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          () => process.exit(1),
        );
      },
    );
  });
  process.send?.({ kind: 'ready' });
}
