// Splits decoded CSV text into records, chunk by chunk, with AEMO's quoting rules (CSV Data Format Standard):
// fields containing commas or edge spaces are double-quoted, a quote inside is doubled, lines end in CRLF (LF is
// accepted), the last line may lack its newline. Only an unfinished record is carried between chunks, and a
// record longer than `maxRecordChars` is refused, so memory stays bounded whatever the file size.
//
// Speed: AEMO quotes every datetime, so most lines hold quotes. A line is split with the native `split(',')` and
// quoted pieces are stitched back only when a quoted field contains a comma; the character-level scanner runs
// only for records whose quotes span a line break (or are malformed, to name the problem exactly).
import { ParseError } from '../errors';

/**
 * Receives each record: its fields (unquoted), the 1-based physical line it starts on, and where its source text
 * lies in `RecordSplitter.scanText` (from `start` to `next`, the index after its line break).
 */
export type RecordSink = (fields: string[], line: number, start: number, next: number) => void;

const QUOTE = 34;
const CR = 13;
const LF = 10;
const COMMA = 44;
export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

export class RecordSplitter {
  private carry = '';
  private nextLine = 1;
  private text = '';

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
    private readonly maxRecordChars = DEFAULT_MAX_RECORD_CHARS,
  ) {}

  /** The text being scanned; valid inside a sink call, where the record's offsets point into it. */
  get scanText(): string {
    return this.text;
  }

  /** Physical lines consumed so far (the next record starts on `linesSeen + 1`). */
  get linesSeen(): number {
    return this.nextLine - 1;
  }

  push(chunk: string): void {
    const text = this.carry.length === 0 ? chunk : this.carry + chunk;
    this.carry = '';
    const consumed = this.scan(text, false);
    if (consumed < text.length) {
      this.carry = text.slice(consumed);
      if (this.carry.length > this.maxRecordChars) {
        throw new ParseError(
          'UNTERMINATED_QUOTE',
          this.file,
          `a record runs past ${this.maxRecordChars} characters without ending; an opening quote is probably never closed`,
          { line: this.nextLine },
        );
      }
    }
  }

  /** Flushes the last record (which may lack a final newline). */
  end(): void {
    if (this.carry.length === 0) return;
    const text = this.carry;
    this.carry = '';
    this.scan(text, true);
  }

  /** Emits every complete record of `text`; returns how many characters were consumed. */
  private scan(text: string, isFinal: boolean): number {
    this.text = text;
    const length = text.length;
    let pos = 0;
    let nextQuote = text.indexOf('"');
    while (pos < length) {
      let newline = text.indexOf('\n', pos);
      if (newline === -1) {
        if (!isFinal) return pos;
        newline = length;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      let end = newline;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      const fields = text.slice(pos, end).split(',');
      if (nextQuote === -1 || nextQuote >= end || unquoteInPlace(fields)) {
        this.sink(fields, this.nextLine, pos, Math.min(newline + 1, length));
        this.nextLine++;
        pos = newline + 1;
      } else {
        const next = this.scanQuotedRecord(text, pos, isFinal);
        if (next === -1) return pos;
        pos = next;
      }
    }
    return Math.min(pos, length);
  }

  /**
   * Character-level scan of one record starting at `start`, for quotes that span lines or are malformed.
   * Returns the index after the record, or -1 when the record continues past the end of `text`.
   */
  private scanQuotedRecord(text: string, start: number, isFinal: boolean): number {
    const length = text.length;
    const fields: string[] = [];
    let lineBreaks = 0;
    let i = start;
    const finish = (next: number): number => {
      this.sink(fields, this.nextLine, start, next);
      this.nextLine += 1 + lineBreaks;
      return next;
    };
    for (;;) {
      if (i < length && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1 || (quote + 1 >= length && !isFinal)) {
            if (!isFinal) return -1;
            throw new ParseError('UNTERMINATED_QUOTE', this.file, 'a quoted field is never closed', {
              line: this.nextLine,
              field: `field ${fields.length + 1}`,
            });
          }
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          i = quote + 1;
          break;
        }
        lineBreaks += countLineFeeds(value);
        fields.push(value);
        if (i >= length) return finish(length);
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) return finish(i + 1);
        if (c === CR && i + 1 >= length) return isFinal ? finish(length) : -1;
        if (c === CR && text.charCodeAt(i + 1) === LF) return finish(i + 2);
        throw new ParseError(
          'STRAY_QUOTE',
          this.file,
          `unexpected ${JSON.stringify(text[i])} after a closing quote; expected "," or the end of the line (a quote inside a quoted field must be doubled)`,
          { line: this.nextLine + lineBreaks, field: `field ${fields.length}` },
        );
      }
      let newline = text.indexOf('\n', i);
      if (newline === -1) {
        if (!isFinal) return -1;
        newline = length;
      }
      const comma = text.indexOf(',', i);
      if (comma !== -1 && comma < newline) {
        fields.push(text.slice(i, comma));
        i = comma + 1;
        continue;
      }
      let end = newline;
      if (end > i && text.charCodeAt(end - 1) === CR) end--;
      fields.push(text.slice(i, end));
      return finish(Math.min(newline + 1, length));
    }
  }
}

/**
 * Removes AEMO quoting from the pieces of a line split at every comma, re-joining pieces of a quoted field that
 * held commas. Returns false when a quote is still open at the end of the line (the record spans lines or is
 * malformed); the caller then rescans it character by character.
 */
function unquoteInPlace(parts: string[]): boolean {
  const count = parts.length;
  let write = 0;
  for (let read = 0; read < count; read++) {
    let piece = parts[read]!;
    if (piece.charCodeAt(0) !== QUOTE) {
      parts[write++] = piece;
      continue;
    }
    while (!isClosedQuotedField(piece)) {
      read++;
      if (read >= count) return false;
      piece += ',' + parts[read]!;
    }
    let inner = piece.slice(1, -1);
    if (inner.indexOf('"') !== -1) {
      if (!hasOnlyDoubledQuotes(inner)) return false;
      inner = inner.replaceAll('""', '"');
    }
    parts[write++] = inner;
  }
  parts.length = write;
  return true;
}

function isClosedQuotedField(piece: string): boolean {
  const last = piece.length - 1;
  if (last < 1 || piece.charCodeAt(last) !== QUOTE) return false;
  if (piece.indexOf('"', 1) === last) return true;
  let quotes = 0;
  for (let i = 0; i <= last; i++) if (piece.charCodeAt(i) === QUOTE) quotes++;
  return quotes % 2 === 0;
}

function hasOnlyDoubledQuotes(inner: string): boolean {
  for (let i = inner.indexOf('"'); i !== -1; i = inner.indexOf('"', i + 2)) {
    if (inner.charCodeAt(i + 1) !== QUOTE) return false;
  }
  return true;
}

function countLineFeeds(value: string): number {
  let n = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) n++;
  return n;
}
