// Splitter alone vs the full C/I/D reader on the same in-memory text: how much the reader adds per row.
//   npx tsx bench/aemo/reader-profile.ts <zip> [MB]
import { CidReader, RecordSplitter, walkZip } from '../../etl/src/parse';

async function main(): Promise<void> {
  const [zip, limit = '50'] = process.argv.slice(2);
  if (!zip) throw new Error('usage: reader-profile.ts <zip> [MB]');
  const chunks: string[] = [];
  let size = 0;
  for await (const member of walkZip({ file: zip })) {
    const stream = await member.open();
    for await (const chunk of stream) {
      chunks.push((chunk as Buffer).toString('latin1'));
      size += (chunk as Buffer).length;
      if (size > Number(limit) * 1e6) break;
    }
    stream.destroy();
    break;
  }
  const last = chunks.pop()!;
  chunks.push(last.slice(0, last.lastIndexOf('\n') + 1));
  for (let round = 0; round < 3; round++) {
    let started = performance.now();
    let records = 0;
    const splitter = new RecordSplitter('x', () => {
      records++;
    });
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    const splitMs = performance.now() - started;
    started = performance.now();
    const reader = new CidReader('x');
    let rows = 0;
    for (const chunk of chunks)
      for (const event of reader.push(chunk)) if (event.kind === 'rows') rows += event.rows.length;
    reader.end();
    const readMs = performance.now() - started;
    const mb = size / 1e6;
    console.log(
      `splitter ${(mb / (splitMs / 1000)).toFixed(0)} MB/s (${records} records), reader ${(mb / (readMs / 1000)).toFixed(0)} MB/s (${rows} rows)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
