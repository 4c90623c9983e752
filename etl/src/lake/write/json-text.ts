// JSON serialisation that can carry exact numbers: int64 and decimal stats beyond 2^53 must not be rounded by
// a trip through a JS double (PROTOCOL.md "Per-file Statistics"; note §10 trap 5).

/** A number kept as its exact decimal text (`9007199254740993`, `12345678901234567890.12`). */
export class ExactNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) {
      throw new TypeError(`ExactNumber: "${text}" is not a JSON number`);
    }
  }
}

export type JsonLike =
  null | boolean | number | string | ExactNumber | readonly JsonLike[] | { readonly [key: string]: JsonLike };

/** Like JSON.stringify, but writes ExactNumber values as bare number text. */
export function stringifyJson(value: JsonLike): string {
  if (value instanceof ExactNumber) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: JsonLike) => stringifyJson(item)).join(',')}]`;
  const entries = Object.entries(value as { [key: string]: JsonLike });
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stringifyJson(item)}`).join(',')}}`;
}
