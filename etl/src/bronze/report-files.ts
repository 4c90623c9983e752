// The report files inside one landed file, from its bytes: a bare CSV is one; a zip yields its members, nested
// zips (Reports/Archive zips of zips) expanded in order. Each is read with the AEMO readers into parse events.
import { Readable } from 'node:stream';
import { readReport, walkZip, type ParseEvent } from '../parse';

export type ReportFileEvents =
  | {
      /** Member path inside the landed file (`inner.zip!MEMBER.CSV`), '' for a bare CSV. */
      readonly member: string;
      readonly events: AsyncGenerator<ParseEvent>;
    }
  | {
      readonly member: string;
      /** A zip member that is not a CSV (a readme, a PDF): not a report; said out loud, never parsed. */
      readonly skipped: true;
    };

export interface GasReadOptions {
  readonly headerlessColumns?: readonly string[];
}

export async function* readLandedFile(
  name: string,
  bytes: Uint8Array,
  gas: GasReadOptions = {},
): AsyncGenerator<ReportFileEvents> {
  const options = gas.headerlessColumns ? { gas: { declaredColumns: gas.headerlessColumns } } : {};
  if (!/\.zip$/i.test(name)) {
    yield { member: '', events: readReport(chunks(bytes), name, options) };
    return;
  }
  for await (const member of walkZip({
    buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    name,
  })) {
    const memberPath = member.path.slice(1).join('!');
    if (!/\.csv$/i.test(member.name)) {
      yield { member: memberPath, skipped: true };
      continue;
    }
    const stream = await member.open();
    yield { member: memberPath, events: readReport(stream, member.displayName, options) };
  }
}

function chunks(bytes: Uint8Array): Readable {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = 1 << 20;
  const parts: Buffer[] = [];
  for (let at = 0; at < buffer.byteLength; at += size) parts.push(buffer.subarray(at, at + size));
  return Readable.from(parts);
}
