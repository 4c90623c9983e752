// Walks AEMO zips as streams of members: current-report zips (one CSV), MMSDM zips (one large CSV), and
// Reports/Archive daily or weekly zips of 5-minute zips, expanded recursively. Member names are surfaced exactly
// as stored (MMSDM members carry a real `#`). Each member's bytes are checked against the CRC in the zip, and
// any zip that cannot be read (not a zip, cut short, corrupt) raises a CorruptZipError naming it.
import { open as openFile } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';
import { CorruptZipError } from '../errors';

export type ZipSource = { readonly file: string } | { readonly buffer: Buffer; readonly name: string };

export interface ZipMember {
  /** Names from the outermost zip down to this member: `['PUBLIC_DISPATCHIS_20220612.zip', 'PUBLIC_DISPATCHIS_202206120005_….zip', '….CSV']`. */
  readonly path: readonly string[];
  /** The member's own name, as stored. */
  readonly name: string;
  /** `outer.zip!inner.zip!MEMBER.CSV`, for events and errors. */
  readonly displayName: string;
  readonly sizeBytes: number;
  readonly compressedBytes: number;
  /** Opens the member's bytes. Read it before asking the walk for the next member. */
  open(): Promise<Readable>;
}

export interface WalkZipOptions {
  /** Inner zips are expanded in memory (they need random access); larger ones are refused. */
  readonly maxNestedZipBytes?: number;
  readonly maxDepth?: number;
}

const DEFAULT_MAX_NESTED_ZIP_BYTES = 512 * 1024 * 1024;
const ZIP_MAGIC = [0x50, 0x4b];

/** Yields every file in a zip, descending into members whose names end in `.zip`. */
export async function* walkZip(source: ZipSource, options: WalkZipOptions = {}): AsyncGenerator<ZipMember> {
  const name = 'file' in source ? source.file : source.name;
  yield* walk(source, [name], options, 0);
}

async function* walk(
  source: ZipSource,
  path: readonly string[],
  options: WalkZipOptions,
  depth: number,
): AsyncGenerator<ZipMember> {
  const zip = await openZip(source, path);
  try {
    for (;;) {
      const entry = await nextEntry(zip, path);
      if (entry === null) return;
      if (entry.fileName.endsWith('/')) continue;
      const memberPath = [...path, entry.fileName];
      const member: ZipMember = {
        path: memberPath,
        name: entry.fileName,
        displayName: memberPath.join('!'),
        sizeBytes: entry.uncompressedSize,
        compressedBytes: entry.compressedSize,
        open: () => openMember(zip, entry, memberPath),
      };
      if (/\.zip$/i.test(entry.fileName) && depth < (options.maxDepth ?? 4)) {
        const limit = options.maxNestedZipBytes ?? DEFAULT_MAX_NESTED_ZIP_BYTES;
        if (entry.uncompressedSize > limit) {
          throw new CorruptZipError(
            'NESTED_ZIP_TOO_LARGE',
            member.displayName,
            `nested zip of ${entry.uncompressedSize} bytes exceeds the ${limit}-byte limit for in-memory expansion`,
          );
        }
        const buffer = await readAll(await member.open());
        yield* walk({ buffer, name: entry.fileName }, memberPath, options, depth + 1);
        continue;
      }
      yield member;
    }
  } finally {
    zip.close();
  }
}

async function openZip(source: ZipSource, path: readonly string[]): Promise<yauzl.ZipFile> {
  const displayName = path.join('!');
  const head = 'file' in source ? await readHead(source.file) : source.buffer.subarray(0, 4);
  if (head.length < 4 || head[0] !== ZIP_MAGIC[0] || head[1] !== ZIP_MAGIC[1]) {
    throw new CorruptZipError('NOT_A_ZIP', displayName, 'not a zip file (no PK signature at the start)');
  }
  const options: yauzl.Options = {
    lazyEntries: true,
    autoClose: false,
    validateEntrySizes: true,
    strictFileNames: false,
  };
  try {
    return await new Promise<yauzl.ZipFile>((resolve, reject) => {
      const done = (error: Error | null, zip?: yauzl.ZipFile): void =>
        error ? reject(error) : resolve(zip!);
      if ('file' in source) yauzl.open(source.file, options, done);
      else yauzl.fromBuffer(source.buffer, options, done);
    });
  } catch (error) {
    throw translate(error, displayName);
  }
}

function nextEntry(zip: yauzl.ZipFile, path: readonly string[]): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(translate(error, path.join('!')));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function openMember(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  path: readonly string[],
): Promise<Readable> {
  const displayName = path.join('!');
  const raw = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) =>
      error ? reject(translate(error, displayName)) : resolve(stream),
    );
  });
  const checked = new CrcCheck(entry.crc32, displayName);
  raw.on('error', (error) => checked.destroy(translate(error, displayName)));
  return raw.pipe(checked);
}

/** Passes bytes through and fails at the end if their CRC-32 differs from the zip's record. */
class CrcCheck extends Transform {
  private crc = 0;
  constructor(
    private readonly expected: number,
    private readonly displayName: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    if (this.crc >>> 0 === this.expected >>> 0) return callback();
    callback(
      new CorruptZipError(
        'CORRUPT_ZIP',
        this.displayName,
        `CRC-32 mismatch: the zip records ${hex(this.expected)}, the bytes give ${hex(this.crc)}; re-download the file`,
      ),
    );
  }
}

function translate(error: unknown, displayName: string): Error {
  if (error instanceof CorruptZipError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const isTruncated =
    /end of central directory record signature not found|unexpected EOF|truncated|too few bytes|EOCDR|past the end|file ended/i.test(
      message,
    );
  return new CorruptZipError(
    isTruncated ? 'TRUNCATED_ZIP' : 'CORRUPT_ZIP',
    displayName,
    `${isTruncated ? 'the zip is cut short' : 'the zip is corrupt'} (${message}); re-download the file`,
    {},
    { cause: error },
  );
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await openFile(file, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
