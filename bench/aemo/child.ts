// Child-process entry: runs one contender and prints its result (with its own peak RSS) as one JSON line.
import { runBronzeContender, runDuckDb, runStream } from './contenders';
import { loadShape } from './generate';

async function main(): Promise<void> {
  const [contender, table, zip, outDir] = process.argv.slice(2);
  if (!contender || !table || !zip || !outDir) {
    throw new Error(
      'usage: child.ts <bronze|stream|stream-worker|stream-values|duckdb> <table> <zip> <outDir>',
    );
  }
  if (contender === 'bronze') {
    // Peak RSS is taken before the read-back check, which is not part of the measured path.
    const result = await runBronzeContender(table, zip, outDir);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const result =
    contender === 'duckdb'
      ? await runDuckDb(zip, outDir, (await loadShape(table)).section)
      : await runStream(
          zip,
          outDir,
          ({ stream: 'source', 'stream-worker': 'source-worker' } as const)[contender as 'stream'] ??
            'values',
        );
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ...result, peakRssMiB }) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
