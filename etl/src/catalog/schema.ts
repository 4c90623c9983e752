// The shape of one catalogue entry: everything the crawler, landing and bronze stages need to know about a report.
// Adding a report is adding an entry that passes this schema; no code changes.
import { z } from 'zod';

/** `{ts:FMT}` timestamp, `{id}` 8–16 digit id, `{digits}`, `{n}` chunk number, `{version}`, `{any}`, `{sep}`. */
const filePattern = z
  .string()
  .min(3)
  .refine((p) => !p.includes('/'), 'a file pattern names a file, not a path');

const folder = z
  .string()
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_./-]*[A-Za-z0-9_]$/,
    'a folder relative to the site root, no leading or trailing /',
  );

export const CADENCES = ['5min', '30min', 'daily', 'weekly', 'monthly', 'irregular'] as const;
export type Cadence = (typeof CADENCES)[number];

const location = z.strictObject({
  folder,
  file: filePattern,
  cadence: z.enum(CADENCES).optional(),
  /** Also list the folder's subfolders, one level deep (VicGas keeps reports in subfolders); DUPLICATE is skipped. */
  withSubfolders: z.boolean().optional(),
});

export const reportEntrySchema = z.strictObject({
  /** Stable identifier used in selections, asset keys and the ledger: lower snake case. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower snake case'),
  title: z.string().min(3),
  market: z.enum(['nem', 'gas']),
  /** Gas sub-market, for gas reports. */
  gasMarket: z.enum(['gbb', 'sttm', 'dwgm']).optional(),
  /** `cid`: AEMO's C/I/D CSV (several sections per file); `csv`: one header row then data. */
  format: z.enum(['cid', 'csv']),
  cadence: z.enum(CADENCES),
  /** What the file-name timestamp marks: the end of the last interval, or the start of the covered period. */
  stamp: z.enum(['interval-end', 'period-start', 'publish-time']),
  current: location.optional(),
  archive: location.optional(),
  mmsdm: z
    .strictObject({
      tables: z.array(z.string().regex(/^[A-Z0-9_]+$/)).min(1),
      /** From this month (YYYY-MM) on AEMO files the tables in another folder (predispatch: PREDISP_ALL_DATA). */
      laterFolder: z
        .strictObject({ fromMonth: z.string().regex(/^\d{4}-\d{2}$/), folder: z.string() })
        .optional(),
    })
    .optional(),
  /** I-row sections (`REPORT,SUBTYPE`) the report is known to carry, for the asset graph; informative only. */
  sections: z.array(z.string().regex(/^[A-Z0-9_]+,[A-Z0-9_]*$/)).default([]),
  /** Headered-CSV reports: the bronze table stem, and the column list for files that come without a header. */
  csv: z
    .strictObject({
      table: z.string().regex(/^[a-z][a-z0-9_]*$/),
      headerlessColumns: z.array(z.string()).optional(),
    })
    .optional(),
  /** Where the entry's facts come from, so the docs can say honestly what is checked. */
  evidence: z.enum(['fixture', 'listing', 'note', 'spec']),
  reference: z.string().min(3),
});

export type ReportEntry = z.infer<typeof reportEntrySchema>;
