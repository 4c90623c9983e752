// The report selection and window the end-to-end pipeline tests share: eight fixture files from Current and
// MMSDM (both namings), C/I/D with several sections and versions per file.
export const SELECTION = [
  'next_day_dispatch',
  'daily_reports',
  'dispatch_scada',
  'dudetailsummary',
  'next_day_intermittent_gen_scada',
];
/** 2021-01-01 00:00 market time (AEST). */
export const FROM = new Date('2020-12-31T14:00:00Z');
/** A smaller selection for the kill-and-rerun test (four files, five child processes). */
export const CRASH_SELECTION = ['daily_reports', 'dispatch_scada', 'next_day_intermittent_gen_scada'];
