// A lazy scan of a snapshot (notes §3 step 7, §11): one polars scanParquet per selected file, each projected to the
// requested columns present in that file and cast to the table schema (INT96 and ns timestamps become
// Datetime('us','UTC')), partition columns added as typed literals from the log, then concatenated with
// diagonalRelaxed so columns missing from older files (schema evolution) read as null. Nothing is collected here.
import pl, { type LazyDataFrame } from 'nodejs-polars';
import { LakeError } from '../errors';
import type { Snapshot } from '../log/snapshot';
import { decodeLogPath, isAbsolutePath } from '../protocol/partition-values';
import { type DataType, type StructField, findField, toPolarsType } from '../protocol/schema';
import { type Predicate, bindPredicate, toPolarsExpr, typedLiteral } from './predicate';
import { selectFiles } from './select-files';

export interface ScanOptions {
  /** Columns to return, in this order (default: the whole schema). */
  readonly columns?: readonly string[];
  readonly filter?: Predicate;
}

/** Where polars reads a data file from: a local path or an object-store URL with its options. */
export interface DataFileSource {
  readonly source: string;
  /** object_store keys (`aws_region`, `aws_endpoint_url`, …); string values only. */
  readonly cloudOptions?: Record<string, string>;
}

/** Maps a (decoded) data file path, relative to the table root or absolute, to a polars source. */
export type DataFileLocator = (path: string) => DataFileSource;

/** A scan could not be planned (a binary partition column nodejs-polars cannot build, …). */
export class ScanError extends LakeError {
  readonly code = 'SCAN_ERROR';
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`${table}: cannot scan: ${detail}`);
  }
}

export function scanSnapshot(
  snapshot: Snapshot,
  locate: DataFileLocator,
  options: ScanOptions = {},
): LazyDataFrame {
  const frames = scanSnapshotByFile(snapshot, locate, options);
  if (frames.length === 0) {
    const fields = projectFields(snapshot, options.columns);
    return pl
      .DataFrame({})
      .lazy()
      .select(...fields.map(nullColumn))
      .limit(0);
  }
  return frames.length === 1 ? frames[0]! : pl.concat(frames, { how: 'diagonalRelaxed' });
}

/**
 * One lazy frame per selected data file, each already projected, typed, null-filled and filtered, all with the
 * same columns: consumers that stream (the CLI) collect them one at a time, so memory is bounded by one file.
 */
export function scanSnapshotByFile(
  snapshot: Snapshot,
  locate: DataFileLocator,
  options: ScanOptions = {},
): LazyDataFrame[] {
  const table = snapshot.table;
  const fields = projectFields(snapshot, options.columns);
  const bound =
    options.filter === undefined ? undefined : bindPredicate(options.filter, snapshot.schema, table);
  // Columns the filter reads must be scanned even when not returned.
  const filterColumns = options.filter === undefined ? [] : columnsOf(options.filter);
  const scanned = [...new Set([...fields, ...projectFields(snapshot, filterColumns)])]; // fields are unique objects
  const selection = selectFiles(snapshot, bound);
  const partitionTypes = new Map(selection.partitionColumns.map((c) => [c.name, c.type]));

  return selection.files.map((file) => {
    const { source, cloudOptions } = locate(decodeLogPath(file.add.path));
    const lf = pl.scanParquet(source, cloudOptions === undefined ? {} : { cloudOptions });
    const present = new Set(lf.columns);
    // withColumns broadcasts literals to the file's row count (a select of literals alone would yield one row);
    // partition values come from the log and win over any copy a writer stored in the file; columns missing
    // from the file (added by schema evolution, or `void`) read as typed nulls.
    const exprs = scanned.map((field) => {
      const partitionType = partitionTypes.get(field.name);
      if (partitionType !== undefined) {
        return typedLiteral(file.partitionValues.get(field.name) ?? null, partitionType).alias(field.name);
      }
      return present.has(field.name)
        ? castTo(pl.col(field.name), field.type).alias(field.name)
        : nullColumn(field);
    });
    let frame = lf.withColumns(...exprs);
    if (bound !== undefined) frame = frame.filter(toPolarsExpr(bound));
    return frame.select(...fields.map((f) => f.name));
  });
}

function projectFields(snapshot: Snapshot, columns: readonly string[] | undefined): StructField[] {
  if (columns === undefined) return [...snapshot.schema.fields];
  return columns.map((name) => {
    const field = findField(snapshot.schema, name);
    if (field === undefined) {
      throw new ScanError(
        snapshot.table,
        `no column "${name}" to select; columns: ${snapshot.schema.fields.map((f) => f.name).join(', ')}`,
      );
    }
    return field;
  });
}

function columnsOf(predicate: Predicate): string[] {
  if ('and' in predicate) return predicate.and.flatMap(columnsOf);
  if ('or' in predicate) return predicate.or.flatMap(columnsOf);
  return [predicate.column];
}

function castTo(expr: pl.Expr, type: DataType): pl.Expr {
  const dtype = toPolarsType(type);
  return dtype === undefined ? expr : expr.cast(dtype);
}

function nullColumn(field: StructField): pl.Expr {
  const dtype = toPolarsType(field.type);
  const lit = pl.lit(null);
  return (dtype === undefined ? lit : lit.cast(dtype)).alias(field.name);
}

/** The locator for a table whose root is a local directory (absolute `file:` paths in the log are honoured). */
export function localLocator(root: string): DataFileLocator {
  return (path) => {
    if (isAbsolutePath(path)) {
      if (!/^file:/i.test(path))
        throw new ScanError(root, `data file ${path} is not on the local filesystem`);
      return { source: new URL(path).pathname };
    }
    return { source: `${root.replace(/\/+$/, '')}/${path}` };
  };
}
