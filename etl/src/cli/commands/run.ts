// `etl run [selection...]`: crawl the selected reports from NEMWeb (or a mirror folder), land new files and load
// them into bronze. Progress bars on a terminal, JSON lines with --json, a summary table at the end.
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadCatalog, selectReports } from '../../catalog';
import {
  ConfigError,
  DEFAULT_SOURCE,
  addLakeOptions,
  lakeInputsFrom,
  parsePositiveInt,
  parseWindowBound,
  resolveLakeLocation,
} from '../../config';
import { DEFAULT_HTTP_OPTIONS, openSource } from '../../crawl';
import { formatSummary, runPipeline, type PipelineEvent, type RunSummary } from '../../pipeline';

export interface RunCommandOptions {
  readonly selection: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly source?: string;
  readonly concurrency?: string;
  readonly timeoutMs?: string;
  readonly retries?: string;
  readonly json?: boolean;
  readonly lake: Record<string, unknown>;
}

/** Raised after the summary when some files could not be fetched: exit code 1, the run's work is kept. */
export class RunIncompleteError extends Error {
  readonly code = 'RUN_INCOMPLETE';
  readonly expected = true;
  constructor(readonly failures: number) {
    super(`${failures} file(s) or listing(s) could not be fetched; the next run tries them again`);
    this.name = 'RunIncompleteError';
  }
}

/** SIGINT/SIGTERM: the run stops after recording what finished (exit code 1). */
export class RunInterruptedError extends Error {
  readonly code = 'RUN_INTERRUPTED';
  readonly expected = true;
  constructor() {
    super('interrupted; finished files are recorded, run again to continue');
    this.name = 'RunInterruptedError';
  }
}

export async function runCommand(
  options: RunCommandOptions,
  io: {
    stdout: NodeJS.WritableStream & { isTTY?: boolean };
    stderr: NodeJS.WritableStream;
    env: NodeJS.ProcessEnv;
  } = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  },
): Promise<RunSummary> {
  const catalog = loadCatalog();
  const reports = selectReports(catalog, options.selection);
  const location = resolveLakeLocation(lakeInputsFrom(options.lake), io.env);
  const window = {
    ...(options.from ? { from: parseWindowBound(options.from, '--from') } : {}),
    ...(options.to ? { to: parseWindowBound(options.to, '--to') } : {}),
  };
  if (window.from && window.to && window.from >= window.to) {
    throw new ConfigError([`--from ${options.from} is not before --to ${options.to}`]);
  }
  const http = {
    ...DEFAULT_HTTP_OPTIONS,
    ...(options.timeoutMs
      ? { timeoutMs: parsePositiveInt(options.timeoutMs, '--timeout-ms', 3_600_000) }
      : {}),
    ...(options.retries ? { retries: parsePositiveInt(options.retries, '--retries', 20) } : {}),
  };
  const sourceText = options.source ?? io.env.ETL_SOURCE ?? DEFAULT_SOURCE;
  const concurrency = options.concurrency ? parsePositiveInt(options.concurrency, '--concurrency', 64) : 4;

  const controller = new AbortController();
  const stop = (): void => controller.abort(new RunInterruptedError());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const render = options.json ? jsonRenderer(io.stdout) : textRenderer(io.stdout, io.stderr);
  try {
    const summary = await runPipeline({
      reports,
      source: openSource(sourceText, { ...http, onRetry: (r) => render({ kind: 'fetch-retry', ...r }) }),
      location,
      window,
      concurrency,
      emit: render,
      signal: controller.signal,
    });
    if (summary.failures.length > 0) throw new RunIncompleteError(summary.failures.length);
    return summary;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

function jsonRenderer(stdout: NodeJS.WritableStream): (event: PipelineEvent) => void {
  return (event) => stdout.write(`${JSON.stringify(event)}\n`);
}

/** A progress bar over files on a terminal; otherwise one line per finished file. Then the summary table. */
function textRenderer(
  stdout: NodeJS.WritableStream & { isTTY?: boolean },
  stderr: NodeJS.WritableStream,
): (event: PipelineEvent) => void {
  const isTty = stdout.isTTY === true;
  let bar: SingleBar | undefined;
  let planned = 0;
  const line = (text: string): void => {
    if (bar) bar.stop();
    stdout.write(`${text}\n`);
    if (bar) bar.start(planned, done);
  };
  let done = 0;
  const tick = (): void => {
    done += 1;
    bar?.update(done);
  };
  return (event) => {
    switch (event.kind) {
      case 'run-started':
        stdout.write(
          `run ${event.runId}: ${event.reports.length} report(s) from ${event.source} into ${event.lake}\n`,
        );
        break;
      case 'report-planned':
        planned += event.files;
        if (isTty && !bar && planned > 0) {
          bar = new SingleBar(
            { format: 'files {bar} {value}/{total} | {eta_formatted}', hideCursor: true },
            Presets.shades_classic,
          );
          bar.start(planned, done);
        } else bar?.setTotal(planned);
        break;
      case 'file-skipped':
        tick();
        break;
      case 'file-ingested':
        tick();
        if (!isTty) {
          const tables = Object.values(event.tables).filter((rows) => rows > 0).length;
          line(`ingested ${event.path}: ${event.rows} rows into ${tables} table(s)`);
        }
        break;
      case 'quarantined':
        tick();
        line(`quarantined ${event.path} (${event.stage}): ${event.code}: ${event.message}`);
        break;
      case 'fetch-failed':
        tick();
        line(`failed ${event.path}: ${event.message}`);
        break;
      case 'fetch-retry':
        if (!isTty) stderr.write(`retry ${event.attempt} in ${event.delayMs} ms: ${event.reason}\n`);
        break;
      case 'run-finished':
        bar?.stop();
        bar = undefined;
        stdout.write(`\n${formatSummary(event.summary)}\n`);
        break;
      default:
        break;
    }
  };
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('crawl NEMWeb (or a mirror folder), land new files and load them into bronze')
    .argument('[selection...]', 'report ids, nem, gas, gbb, sttm, dwgm or a prefix* (default: every report)')
    .option(
      '--from <date>',
      'first market interval to cover, exclusive (YYYY-MM-DD[THH:MM] AEST); older history comes from Archive and MMSDM',
    )
    .option('--to <date>', 'last market interval to cover, inclusive (YYYY-MM-DD[THH:MM] AEST)')
    .option(
      '--source <url|dir>',
      `NEMWeb base URL or a mirror folder with the same layout (default ${DEFAULT_SOURCE}, env ETL_SOURCE)`,
    )
    .option('--concurrency <n>', 'parallel listings and downloads (default 4)')
    .option('--timeout-ms <ms>', 'per-request timeout (default 60000)')
    .option('--retries <n>', 'retries per request after the first attempt (default 4)')
    .option('--json', 'print every event as a JSON line instead of progress and a summary');
  addLakeOptions(command);
  command.action(async (selection: string[], opts: Record<string, unknown>) => {
    await runCommand({
      selection,
      lake: opts,
      ...(typeof opts.from === 'string' ? { from: opts.from } : {}),
      ...(typeof opts.to === 'string' ? { to: opts.to } : {}),
      ...(typeof opts.source === 'string' ? { source: opts.source } : {}),
      ...(typeof opts.concurrency === 'string' ? { concurrency: opts.concurrency } : {}),
      ...(typeof opts.timeoutMs === 'string' ? { timeoutMs: opts.timeoutMs } : {}),
      ...(typeof opts.retries === 'string' ? { retries: opts.retries } : {}),
      ...(opts.json === true ? { json: true } : {}),
    });
  });
}
