// Record splitting alone, on the same decoded text: our RecordSplitter against csv-parse (streaming API, the
// library the brief suggested first). Prints one JSON line: MB/s and records for each.
import { parse } from 'csv-parse';
import { RecordSplitter, walkZip } from '../../etl/src/parse';

const CHUNK_CHARS = 64 * 1024;

async function main(): Promise<void> {
  const [zip, limitText = '200'] = process.argv.slice(2);
  if (!zip) throw new Error('usage: splitter.ts <zip> [MB]');
  const text = await readMember(zip, Number(limitText) * 1e6);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks.push(text.slice(i, i + CHUNK_CHARS));
  const mb = text.length / 1e6;
  const results: Record<string, { mbPerS: number; records: number }> = {};
  for (const [name, run] of [
    ['RecordSplitter', () => splitOurs(chunks)],
    ['csv-parse', () => splitCsvParse(chunks)],
  ] as const) {
    const started = performance.now();
    const records = await run();
    results[name] = { mbPerS: mb / ((performance.now() - started) / 1000), records };
  }
  process.stdout.write(JSON.stringify({ mb, results }) + '\n');
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

async function splitCsvParse(chunks: readonly string[]): Promise<number> {
  let records = 0;
  const parser = parse({ relax_column_count: true });
  const done = (async () => {
    for await (const _record of parser) records++;
  })();
  for (const chunk of chunks) {
    if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
  }
  parser.end();
  await done;
  return records;
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
