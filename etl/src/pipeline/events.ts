// Typed events of a pipeline run, keyed by `kind`. Library code emits them and never prints; the CLI renders them
// (progress bars and a summary on a terminal, JSON lines with --json) and Dagster Pipes can forward them.
import type { Tier } from '../crawl';

export type PipelineEvent =
  | {
      readonly kind: 'run-started';
      readonly runId: string;
      readonly source: string;
      readonly lake: string;
      readonly reports: readonly string[];
      readonly from?: string;
      readonly to?: string;
    }
  | { readonly kind: 'listing-read'; readonly folder: string; readonly url: string; readonly files: number }
  | { readonly kind: 'listing-missing'; readonly folder: string }
  | {
      readonly kind: 'report-planned';
      readonly reportId: string;
      readonly files: number;
      readonly tiers: Readonly<Partial<Record<Tier, number>>>;
    }
  | {
      readonly kind: 'file-listed';
      readonly reportId: string;
      readonly path: string;
      readonly tier: Tier;
      readonly timestamp?: string;
    }
  | {
      readonly kind: 'file-skipped';
      readonly reportId: string;
      readonly path: string;
      readonly reason: 'ingested' | 'quarantined';
    }
  | {
      readonly kind: 'fetch-retry';
      readonly url: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'fetch-failed';
      readonly reportId: string;
      readonly path: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly kind: 'file-landed';
      readonly reportId: string;
      readonly path: string;
      readonly sizeBytes: number;
      readonly sha256: string;
      readonly how: 'fetched' | 'adopted' | 'already-landed';
    }
  | {
      readonly kind: 'rows-written';
      readonly path: string;
      readonly table: string;
      readonly rows: number;
      readonly version: number;
      readonly batch: number;
      readonly isNoop: boolean;
    }
  | {
      readonly kind: 'parse-warning';
      readonly path: string;
      readonly member: string;
      readonly code: string;
      readonly message: string;
      readonly line?: number;
    }
  | {
      readonly kind: 'file-ingested';
      readonly reportId: string;
      readonly path: string;
      readonly rows: number;
      readonly tables: Readonly<Record<string, number>>;
    }
  | {
      readonly kind: 'quarantined';
      readonly reportId: string;
      readonly path: string;
      readonly stage: 'fetch' | 'bronze';
      readonly code: string;
      readonly message: string;
      readonly member?: string;
      readonly line?: number;
    }
  | {
      readonly kind: 'bookkeeping-committed';
      readonly manifestRows: number;
      readonly ingestRows: number;
      readonly quarantineRows: number;
      readonly ledgerRows: number;
    }
  | { readonly kind: 'run-finished'; readonly summary: RunSummary };

export type EventSink = (event: PipelineEvent) => void;

export interface ReportSummary {
  readonly reportId: string;
  listed: number;
  landed: number;
  skipped: number;
  ingested: number;
  quarantined: number;
  failed: number;
  rows: number;
}

export interface RunSummary {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly reports: readonly ReportSummary[];
  /** Rows per bronze table written in this run. */
  readonly tables: Readonly<Record<string, number>>;
  readonly failures: readonly { readonly path: string; readonly code: string; readonly message: string }[];
  readonly missingFolders: readonly string[];
}
