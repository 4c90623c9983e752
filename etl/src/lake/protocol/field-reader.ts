// Typed access to the fields of one action object, failing with CorruptLogError that names the file, line and field.
import { CorruptLogError } from '../errors';
import type { ActionSource } from './actions';

export type Json = Record<string, unknown>;

export class FieldReader {
  constructor(
    private readonly source: ActionSource,
    private readonly action: string,
    private readonly json: Json,
  ) {}

  private fail(field: string, expected: string): never {
    const where = `${this.source.file}${this.source.line === undefined ? '' : ` line ${this.source.line}`}`;
    throw new CorruptLogError(
      this.source.table,
      `${where}: ${this.action}.${field} must be ${expected}, found ${JSON.stringify(this.json[field]) ?? 'nothing'}`,
      this.source.version,
    );
  }

  string(field: string): string {
    const value = this.json[field];
    return typeof value === 'string' ? value : this.fail(field, 'a string');
  }

  optString(field: string): string | undefined {
    const value = this.json[field];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : this.fail(field, 'a string');
  }

  number(field: string): number {
    const value = toNumber(this.json[field]);
    return value ?? this.fail(field, 'a number');
  }

  optNumber(field: string): number | undefined {
    const raw = this.json[field];
    if (raw === undefined || raw === null) return undefined;
    return toNumber(raw) ?? this.fail(field, 'a number');
  }

  boolean(field: string, fallback?: boolean): boolean {
    const value = this.json[field];
    if (typeof value === 'boolean') return value;
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    return this.fail(field, 'true or false');
  }

  optBoolean(field: string): boolean | undefined {
    const value = this.json[field];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'boolean' ? value : this.fail(field, 'true or false');
  }

  stringList(field: string, required: boolean): string[] | undefined {
    const value = this.json[field];
    if (value === undefined || value === null)
      return required ? this.fail(field, 'a list of strings') : undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    return this.fail(field, 'a list of strings');
  }

  /** A string map; the classic checkpoint schema stores maps as JS objects too (hyparquet). */
  stringMap(field: string, required: boolean): Record<string, string | null> | undefined {
    const value = this.json[field];
    if (value === undefined || value === null) return required ? {} : undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return this.fail(field, 'an object of strings');
    const out: Record<string, string | null> = {};
    for (const [key, v] of Object.entries(value as Json)) {
      if (v === null || v === undefined) out[key] = null;
      else if (typeof v === 'string') out[key] = v;
      else return this.fail(field, 'an object of strings');
    }
    return out;
  }

  object(field: string): Json | undefined {
    const value = this.json[field];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'object' && !Array.isArray(value)
      ? (value as Json)
      : this.fail(field, 'an object');
  }

  sub(field: string): FieldReader | undefined {
    const value = this.object(field);
    return value === undefined ? undefined : new FieldReader(this.source, `${this.action}.${field}`, value);
  }
}

/** JSON numbers, and the bigints hyparquet returns for INT64 checkpoint columns. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}
