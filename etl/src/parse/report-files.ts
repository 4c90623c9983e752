// One door for "a file on disk that holds AEMO reports": a bare .csv/.CSV, or a zip (nested zips expanded). Each
// report file comes with a name for events and a way to open its bytes.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { walkZip, type WalkZipOptions } from './zip/zip-members';

export interface ReportFile {
  /** `MEMBER.CSV`, or `outer.zip!inner.zip!MEMBER.CSV` for zip members. */
  readonly displayName: string;
  /** Names from the file on disk down to the report (one element for a bare CSV). */
  readonly path: readonly string[];
  open(): Promise<Readable>;
}

/** Yields the report files inside `file`; open and read each before asking for the next. */
export async function* listReportFiles(
  file: string,
  options: WalkZipOptions = {},
): AsyncGenerator<ReportFile> {
  const name = basename(file);
  if (!/\.zip$/i.test(name)) {
    yield { displayName: name, path: [name], open: () => Promise.resolve(createReadStream(file)) };
    return;
  }
  for await (const member of walkZip({ file }, options)) {
    const path = [name, ...member.path.slice(1)];
    yield { displayName: path.join('!'), path, open: () => member.open() };
  }
}
