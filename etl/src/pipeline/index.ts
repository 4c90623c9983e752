// Run orchestration on top of the stages: crawl → landing → bronze, typed events and the run summary.
export type { EventSink, PipelineEvent, ReportSummary, RunSummary } from './events';
export { openLakeHandles, type LakeHandles } from './lake-handles';
export { processLandedFile, type FileOutcome } from './process-file';
export { runPipeline, type RunOptions } from './run';
export { retryQuarantined, listOpenQuarantine, type OpenQuarantineEntry } from './quarantine-ops';
export { formatSummary } from './summary-table';
