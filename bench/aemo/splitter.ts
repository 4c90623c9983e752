// Record splitting alone, on the same decoded text: our RecordSplitter against csv-parse (streaming API, the
// library the brief suggested first). Prints one JSON line: MB/s and records for each.
import { parse } from 'csv-parse';
import { RecordSplitter, walkZip } from '../../etl/src/parse';

const CHUNK_CHARS = 64 * 1024;

async function main(): Promise<void> {
  const [zip, limitText = '200'] = process.argv.slice(2);
  if (!zip) throw new Error('usage: splitter.ts <zip> [MB]');
  const text = await readMember(zip, Number(limitText) * 1e6);
  const chunks = chunk(text);
  // csv-parse builds an error object for every record whose width differs from the first record's (the C header),
  // which is every record of a C/I/D file: measured both on the text as it comes and on the uniform D rows alone.
  const dataChunks = chunk(text.slice(text.indexOf('\nD,') + 1));
  const mb = text.length / 1e6;
  const results: Record<string, { mbPerS: number; records: number }> = {};
  for (const [name, input, run] of [
    ['RecordSplitter', chunks, splitOurs],
    ['csv-parse', chunks, splitCsvParse],
    ['csv-parse, D rows only', dataChunks, splitCsvParse],
  ] as const) {
    const size = input.reduce((sum, c) => sum + c.length, 0) / 1e6;
    const started = performance.now();
    const records = await run(input);
    results[name] = { mbPerS: size / ((performance.now() - started) / 1000), records };
  }
  process.stdout.write(JSON.stringify({ mb, results }) + '\n');
}

function chunk(text: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks.push(text.slice(i, i + CHUNK_CHARS));
  return chunks;
}

function splitOurs(chunks: readonly string[]): Promise<number> {
  let records = 0;
  const splitter = new RecordSplitter('bench', () => {
    records++;
  });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return Promise.resolve(records);
}

/** csv-parse's streaming API driven the fast way: Buffer chunks in, records pulled in a `readable` loop. */
function splitCsvParse(chunks: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let records = 0;
    const parser = parse({ relax_column_count: true });
    parser.on('readable', () => {
      while (parser.read() !== null) records++;
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(records));
    for (const chunk of chunks) parser.write(Buffer.from(chunk, 'latin1'));
    parser.end();
  });
}

async function readMember(zip: string, limitChars: number): Promise<string> {
  const parts: string[] = [];
  let length = 0;
  for await (const member of walkZip({ file: zip })) {
    const stream = await member.open();
    for await (const chunk of stream) {
      const text = (chunk as Buffer).toString('latin1');
      parts.push(text);
      length += text.length;
      if (length >= limitChars) {
        stream.destroy();
        break;
      }
    }
    break;
  }
  const text = parts.join('');
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
