// Async drivers of the synchronous readers: bytes in (a Node Readable, or any AsyncIterable of chunks), typed
// events out. Iteration pulls the source only as events are consumed, so a slow consumer applies backpressure,
// and memory holds one input chunk and its rows at a time.
import { StringDecoder } from 'node:string_decoder';
import { CidReader } from './cid/cid-reader';
import type { ParseEvent } from './events';
import { HeaderedCsvReader, type HeaderedCsvOptions } from './gas/headered-csv-reader';
import { identifyGasFile } from './gas/gas-file-name';

export type ByteSource = AsyncIterable<Uint8Array | string>;

interface SyncReader {
  push(text: string): ParseEvent[];
  end(): ParseEvent[];
}

/** Reads an AEMO C/I/D report. `file` names the input in events and errors (`outer.zip!MEMBER.CSV`). */
export function readCid(source: ByteSource, file: string): AsyncGenerator<ParseEvent> {
  return drive(source, new CidReader(file));
}

/** Reads a headered gas CSV as one section. */
export function readHeaderedCsv(
  source: ByteSource,
  file: string,
  options: HeaderedCsvOptions,
): AsyncGenerator<ParseEvent> {
  return drive(source, new HeaderedCsvReader(file, options));
}

export interface ReadReportOptions {
  /** For headered CSVs: identity and declared columns; defaults come from the file name. */
  readonly gas?: Partial<HeaderedCsvOptions>;
}

/**
 * Reads either format, chosen by the first bytes: AEMO C/I/D files start with their `C,` header row; anything else
 * is a headered CSV (gas). The GBB GSH trades file is C/I/D and is read as such.
 */
export async function* readReport(
  source: ByteSource,
  file: string,
  options: ReadReportOptions = {},
): AsyncGenerator<ParseEvent> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? '' : first.value;
  const rest: ByteSource = {
    [Symbol.asyncIterator]: () => {
      let isHeadPending = !first.done;
      return {
        next: () => {
          if (isHeadPending) {
            isHeadPending = false;
            return Promise.resolve({ done: false, value: head });
          }
          return iterator.next();
        },
        return: (value?: unknown) =>
          iterator.return
            ? iterator.return(value)
            : Promise.resolve({ done: true as const, value: undefined }),
      };
    },
  };
  // `C,` starts every C/I/D file; a gas header may start with a C (`CapacityType`) but not with `C,`.
  if (startsWithCComma(head)) {
    yield* readCid(rest, file);
    return;
  }
  const identity = identifyGasFile(file);
  yield* readHeaderedCsv(rest, file, {
    report: identity.report,
    version: identity.version,
    ...options.gas,
  });
}

async function* drive(source: ByteSource, reader: SyncReader): AsyncGenerator<ParseEvent> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const events = reader.push(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    for (const event of events) yield event;
  }
  const tail = decoder.end();
  const events = tail.length > 0 ? [...reader.push(tail), ...reader.end()] : reader.end();
  for (const event of events) yield event;
}

function startsWithCComma(head: Uint8Array | string): boolean {
  if (typeof head === 'string') return head === 'C' || head.startsWith('C,');
  return head[0] === 0x43 && (head.length === 1 || head[1] === 0x2c);
}
