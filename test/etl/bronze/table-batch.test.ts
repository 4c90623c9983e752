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
