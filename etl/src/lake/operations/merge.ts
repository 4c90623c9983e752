// MERGE (upsert by key), copy-on-write (note §10 trap 13): candidate files are found by partition values and
// key-range stats, only files holding a matched key are rewritten (remove + add, dataChange:true), and inserts
// go to new files; all in one commit. A source row replaces the whole target row it matches.
import pl from 'nodejs-polars';
import type { AddFile } from '../protocol/actions';
import type { StructType } from '../protocol/schema';
import { type BoundPredicate, type Predicate, bindPredicate } from '../read/predicate';
import { selectFiles } from '../read/select-files';
import { isoMicros, writeDataFiles } from '../write/data-file';
import { InvalidWriteError } from '../write/errors';
import { castToSchema } from '../write/schema';
import {
  type CommitResult,
  type WriteContext,
  assertNotAppendOnly,
  commitAndCheckpoint,
  configOf,
  latestSnapshot,
  predicateScope,
  readFiles,
  removeFor,
  tableName,
  assertWritable,
} from './context';
import { type SchemaMode, evolveSchema } from './schema-evolution';
import { writeTable } from './write';

export interface MergeOptions {
  /** Key columns: a source row matches the target row with equal values in all of them (NULL matches nothing). */
  readonly on: readonly string[];
  readonly whenMatched?: 'update' | 'ignore';
  readonly whenNotMatched?: 'insert' | 'ignore';
  readonly schemaMode?: SchemaMode;
  readonly commitInfo?: Readonly<Record<string, unknown>>;
}

/** Distinct key values beyond which pruning uses the key range instead of an IN list. */
const MAX_IN_LIST = 1000;

export async function mergeTable(
  ctx: WriteContext,
  source: pl.DataFrame,
  options: MergeOptions,
): Promise<CommitResult> {
  const whenMatched = options.whenMatched ?? 'update';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  const table = tableName(ctx);
  const snapshot = await latestSnapshot(ctx);
  validateKeys(source, options.on, snapshot?.schema, table);
  if (snapshot === undefined) {
    // Nothing to match: every source row is an insert into a new table.
    if (whenNotMatched === 'ignore')
      throw new InvalidWriteError(table, 'cannot merge into a table that does not exist');
    return writeTable(ctx, source, {
      mode: 'append',
      ...(options.commitInfo ? { commitInfo: options.commitInfo } : {}),
    });
  }
  assertWritable(snapshot);
  if (whenMatched === 'update') assertNotAppendOnly(snapshot, 'merge with whenMatched "update"');
  const evolved = evolveSchema(snapshot, source, options.schemaMode ?? 'strict');
  const data = castToSchema(source, evolved.schema, table);
  const keys = data.select(...options.on);

  const predicate = keyPredicate(data, options.on, evolved.schema);
  const bound: BoundPredicate | undefined =
    predicate === undefined ? undefined : bindPredicate(predicate, snapshot.schema, table);
  const candidates = selectFiles(snapshot, bound).files.map((f) => f.add);

  const on = [...options.on];
  const touched: AddFile[] = [];
  const kept: pl.DataFrame[] = [];
  // Keys of the target rows that match a source row, one entry per target row (duplicates included).
  const matched: pl.DataFrame[] = [];
  for (const file of candidates) {
    const rows = castToSchema(readFiles(snapshot, [file], ctx.locate), evolved.schema, table);
    const hits = rows.select(...on).join(keys, { on, how: 'semi' });
    if (hits.height === 0) continue;
    matched.push(hits);
    if (whenMatched === 'update') {
      touched.push(file);
      kept.push(rows.join(keys, { on, how: 'anti' }));
    }
  }
  const matchedKeys: pl.DataFrame =
    matched.length === 0 ? keys.head(0) : pl.concat(matched, { how: 'vertical' });
  // SQL MERGE updates every matching target row: a key held by two target rows yields two updated rows.
  const updates =
    whenMatched === 'update'
      ? matchedKeys.join(data, { on, how: 'inner' }).select(...data.columns)
      : data.head(0);
  const inserts = whenNotMatched === 'insert' ? data.join(matchedKeys, { on, how: 'anti' }) : data.head(0);
  const output = pl.concat([...kept, updates, inserts], { how: 'vertical' });
  if (touched.length === 0 && output.height === 0 && evolved.metaData === undefined) {
    return { version: snapshot.version, noop: true };
  }

  const config = configOf(snapshot);
  const adds = await writeDataFiles(ctx.storage.objects, output, {
    partitionColumns: snapshot.partitionColumns,
    stats: config.stats,
    schema: evolved.schema,
  });
  const now = Date.now();
  return commitAndCheckpoint(
    ctx,
    {
      operation: 'MERGE',
      operationParameters: {
        predicate: JSON.stringify(options.on.map((c) => `target.${c} = source.${c}`).join(' AND ')),
        matchedPredicates: JSON.stringify(whenMatched === 'update' ? [{ actionType: 'update' }] : []),
        notMatchedPredicates: JSON.stringify(whenNotMatched === 'insert' ? [{ actionType: 'insert' }] : []),
      },
      operationMetrics: {
        numSourceRows: data.height,
        numTargetRowsUpdated: updates.height,
        numTargetRowsInserted: inserts.height,
        numTargetRowsCopied: kept.reduce((n, df) => n + df.height, 0),
        numTargetFilesRemoved: touched.length,
        numTargetFilesAdded: adds.length,
      },
      ...(evolved.metaData ? { metaData: evolved.metaData } : {}),
      adds,
      removes: touched.map((f) => removeFor(f, true, now)),
      ...(options.commitInfo ? { commitInfo: options.commitInfo } : {}),
    },
    predicateScope(snapshot, bound, candidates),
    config,
  );
}

function validateKeys(
  source: pl.DataFrame,
  on: readonly string[],
  schema: StructType | undefined,
  table: string,
): void {
  const problems: string[] = [];
  if (on.length === 0) problems.push('"on" names no key column');
  for (const column of on) {
    if (!source.columns.includes(column)) problems.push(`key column "${column}" is not in the source`);
    if (schema !== undefined && !schema.fields.some((f) => f.name === column)) {
      problems.push(`key column "${column}" is not in the table`);
    }
  }
  if (problems.length === 0 && source.height > 0) {
    const duplicates = Number(
      source
        .select(...on)
        .isDuplicated()
        .cast(pl.UInt32)
        .sum(),
    );
    if (duplicates > 0) {
      problems.push(
        `${duplicates} source rows share a key with another source row; each target row may match one source row`,
      );
    }
  }
  if (problems.length > 0) throw new InvalidWriteError(table, `cannot merge: ${problems.join('; ')}`);
}

/**
 * A predicate every file holding a source key satisfies: per key column, IN the distinct source values (or
 * within their range when there are many). Columns whose values cannot be written as literals are left out.
 */
function keyPredicate(data: pl.DataFrame, on: readonly string[], schema: StructType): Predicate | undefined {
  const parts: Predicate[] = [];
  for (const column of on) {
    const type = schema.fields.find((f) => f.name === column)?.type;
    if (type === undefined || !(type.kind === 'decimal' || type.kind === 'primitive') || isUnprunable(type))
      continue;
    const values = literalTexts(data.getColumn(column));
    if (values.length === 0) return { column, op: 'in', values: [] };
    if (values.length <= MAX_IN_LIST) parts.push({ column, op: 'in', values });
    else {
      const range = data.select(pl.col(column).min().alias('lo'), pl.col(column).max().alias('hi'));
      const [lo, hi] = [literalTexts(range.getColumn('lo')), literalTexts(range.getColumn('hi'))];
      if (lo[0] !== undefined && hi[0] !== undefined) {
        parts.push({
          and: [
            { column, op: '>=', value: lo[0] },
            { column, op: '<=', value: hi[0] },
          ],
        });
      }
    }
  }
  return parts.length === 0 ? undefined : { and: parts };
}

function isUnprunable(type: { kind: string; name?: string }): boolean {
  return (
    type.kind === 'primitive' &&
    ['binary', 'boolean', 'float', 'double', 'void', 'variant'].includes(type.name ?? '')
  );
}

/** Distinct non-null values as text literals the predicate binder parses exactly (timestamps in ISO µs). */
function literalTexts(series: pl.Series): string[] {
  const distinct = series.dropNulls().unique();
  if (distinct.dtype.variant === 'Datetime') {
    return (distinct.cast(pl.Int64).cast(pl.Utf8).toArray() as string[]).map((us) => isoMicros(BigInt(us)));
  }
  return distinct.cast(pl.Utf8).toArray() as string[];
}
