// The report selection and window the end-to-end pipeline tests share: five fixture files from Current and
// MMSDM (both namings), C/I/D with several sections and versions per file. Kept small: each bronze commit of a
// wide table costs the lake's writer up to a second on these machines.
export const SELECTION = [
  'daily_reports',
  'dispatch_scada',
  'dudetailsummary',
  'next_day_intermittent_gen_scada',
];
/** 2021-01-01 00:00 market time (AEST). */
export const FROM = new Date('2020-12-31T14:00:00Z');
/** A smaller selection for the kill-and-rerun test (four files, four child processes). */
export const CRASH_SELECTION = ['daily_reports', 'dispatch_scada', 'next_day_intermittent_gen_scada'];
