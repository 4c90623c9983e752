import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readLandedFile } from '../../../etl/src/bronze/report-files';
import { TableBatch } from '../../../etl/src/bronze/table-batch';
import type { Section } from '../../../etl/src/parse';

const section = (columns: string[]): Section => ({
  index: 0,
  lineNumber: 2,
  report: 'DISPATCH',
  subtype: 'INTERCONNECTORRES',
  version: 3,
  columns,
  columnsHash: columns.join('|'),
  id: 'DISPATCH,INTERCONNECTORRES,3',
});

describe('TableBatch', () => {
  it('maps values by column name across sections, back-filling columns that appear later with nulls', () => {
    const batch = new TableBatch('dispatch_interconnectorres_v3');
    const createdAt = new Date('2024-08-01T00:00:00Z');
    batch.add(
      section(['SETTLEMENTDATE', 'MWFLOW']),
      [{ lineNumber: 3, values: ['2024/07/31 23:55:00', '12.5'] }],
      'a.CSV',
      createdAt,
    );
    batch.add(
      section(['MWFLOW', 'SETTLEMENTDATE', 'LOCAL_PRICE_ADJUSTMENT_FROM']),
      [{ lineNumber: 3, values: ['', '2024/08/01 00:05:00', '1'] }],
      'b.CSV',
      null,
    );
    const frame = batch.toFrame({ sourceFile: 'Data/x.zip', landedSha256: 'ab'.repeat(32) });
    expect(frame.columns).toEqual([
      'SETTLEMENTDATE',
      'MWFLOW',
      'LOCAL_PRICE_ADJUSTMENT_FROM',
      'source_file',
      'source_member',
      'row_number',
      'file_created_at',
      'landed_sha256',
    ]);
    expect(frame.toRecords()).toEqual([
      {
        SETTLEMENTDATE: '2024/07/31 23:55:00',
        MWFLOW: '12.5',
        LOCAL_PRICE_ADJUSTMENT_FROM: null,
        source_file: 'Data/x.zip',
        source_member: 'a.CSV',
        row_number: 3,
        file_created_at: createdAt,
        landed_sha256: 'ab'.repeat(32),
      },
      {
        SETTLEMENTDATE: '2024/08/01 00:05:00',
        MWFLOW: null,
        LOCAL_PRICE_ADJUSTMENT_FROM: '1',
        source_file: 'Data/x.zip',
        source_member: 'b.CSV',
        row_number: 3,
        file_created_at: null,
        landed_sha256: 'ab'.repeat(32),
      },
    ]);
    expect(frame.getColumn('MWFLOW').dtype.toString()).toBe('DataType(String)');
  });
});

describe('TableBatch native CSV path', () => {
  const lineage = { sourceFile: 'f.zip', landedSha256: 'cd'.repeat(32) };
  const frames = (columns: string[], rows: { lineNumber: number; values: string[] }[], source: string) => {
    const fast = new TableBatch('t');
    fast.add(section(columns), rows, 'm.CSV', null, source);
    const slow = new TableBatch('t');
    slow.add(section(columns), rows, 'm.CSV', null);
    return { fast: fast.toFrame(lineage).toRecords(), slow: slow.toFrame(lineage).toRecords() };
  };

  it('reads quoted fields, embedded commas, doubled quotes, quoted empties and a missing final newline like the values', () => {
    const source =
      'D,DISPATCH,INTERCONNECTORRES,3,"2024/08/01 00:05:00","SNOWY1 TO, NSW1","say ""hi""",,""\r\n' +
      'D,DISPATCH,INTERCONNECTORRES,3,"2024/08/01 00:10:00",V-SA, a ,1,2';
    const rows = [
      { lineNumber: 3, values: ['2024/08/01 00:05:00', 'SNOWY1 TO, NSW1', 'say "hi"', '', ''] },
      { lineNumber: 4, values: ['2024/08/01 00:10:00', 'V-SA', ' a ', '1', '2'] },
    ];
    const { fast, slow } = frames(['SETTLEMENTDATE', 'INTERCONNECTORID', 'NOTE', 'A', 'B'], rows, source);
    expect(fast).toEqual(slow);
    expect(fast[0]).toMatchObject({
      INTERCONNECTORID: 'SNOWY1 TO, NSW1',
      NOTE: 'say "hi"',
      A: null,
      B: null,
    });
  });

  it('falls back to the values when the text does not have the declared shape', () => {
    const { fast, slow } = frames(['A', 'B'], [{ lineNumber: 3, values: ['1', '2'] }], 'D,X,Y,1,1,2,3\r\n');
    expect(fast).toEqual(slow);
  });
});

describe('TableBatch on every shared AEMO fixture', () => {
  it('builds the same frame from the source text as from the parsed values', async () => {
    const root = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith('.zip')) files.push(full);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(40);
    let chunks = 0;
    for (const file of files) {
      const batches = new Map<string, { fast: TableBatch; slow: TableBatch }>();
      for await (const piece of readLandedFile(path.basename(file), new Uint8Array(readFileSync(file)))) {
        if ('skipped' in piece) continue;
        const { member } = piece;
        for await (const event of piece.events) {
          if (event.kind !== 'rows' || event.rows.length === 0) continue;
          const key = `${event.section.id}#${event.section.columnsHash}`;
          const pair = batches.get(key) ?? { fast: new TableBatch(key), slow: new TableBatch(key) };
          batches.set(key, pair);
          pair.fast.add(event.section, event.rows, member, null, event.source);
          pair.slow.add(event.section, event.rows, member, null);
          chunks += 1;
        }
      }
      const lineage = { sourceFile: file, landedSha256: '' };
      for (const [key, { fast, slow }] of batches) {
        const equal = fast.toFrame(lineage).frameEqual(slow.toFrame(lineage), true);
        expect({ file: path.basename(file), key, equal }).toEqual({
          file: path.basename(file),
          key,
          equal: true,
        });
      }
    }
    expect(chunks).toBeGreaterThan(40);
  });
});
