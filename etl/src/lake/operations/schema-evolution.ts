// Additive schema evolution (schemaMode 'merge'; note §10 trap 12): new columns join the schema as nullable and
// older files read them as null. Type changes are refused: they need a rewrite (or typeWidening, a writer-7 feature).
import type pl from 'nodejs-polars';
import type { Snapshot } from '../log/snapshot';
import type { Metadata } from '../protocol/actions';
import { type StructType, dataTypeToJson } from '../protocol/schema';
import { mergeSchema } from '../write/schema';

export type SchemaMode = 'strict' | 'merge';

export interface EvolvedSchema {
  readonly schema: StructType;
  /** The new metaData to commit, when the schema grew. */
  readonly metaData?: Metadata;
  readonly addedColumns: readonly string[];
}

export function evolveSchema(snapshot: Snapshot, df: pl.DataFrame, mode: SchemaMode): EvolvedSchema {
  if (mode === 'strict') return { schema: snapshot.schema, addedColumns: [] };
  const merged = mergeSchema(snapshot.schema, df, snapshot.table);
  if (merged === snapshot.schema) return { schema: snapshot.schema, addedColumns: [] };
  const addedColumns = merged.fields.slice(snapshot.schema.fields.length).map((f) => f.name);
  return {
    schema: merged,
    metaData: { ...snapshot.metadata, schemaString: JSON.stringify(dataTypeToJson(merged)) },
    addedColumns,
  };
}
