// Child-process entry: runs one contender and prints its result (with its own peak RSS) as one JSON line.
import { runDuckDb, runStream } from './contenders';
import { loadShape } from './generate';

async function main(): Promise<void> {
  const [contender, table, zip, outDir] = process.argv.slice(2);
  if (!contender || !table || !zip || !outDir) {
    throw new Error('usage: child.ts <stream|stream-worker|stream-values|duckdb> <table> <zip> <outDir>');
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
