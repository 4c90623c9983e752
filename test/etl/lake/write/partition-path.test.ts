import fc from 'fast-check';
import { decodeLogPath, unescapePartitionValue } from '../../../../etl/src/lake/protocol/partition-values';
import { toAddPath } from '../../../../etl/src/lake/write/data-file';
import { partitionDirectory } from '../../../../etl/src/lake/write/partition-path';

describe('partitionDirectory', () => {
  it('Hive-escapes separators and reserved characters in values', () => {
    expect(partitionDirectory(['p'], { p: 'A/B=C:D%E#F?G"H' })).toBe('p=A%2FB%3DC%3AD%25E%23F%3FG%22H');
  });

  it('spells null and empty values as __HIVE_DEFAULT_PARTITION__, in partition column order', () => {
    expect(partitionDirectory(['a', 'b', 'c'], { c: 'x', a: null, b: '' })).toBe(
      'a=__HIVE_DEFAULT_PARTITION__/b=__HIVE_DEFAULT_PARTITION__/c=x',
    );
  });

  it('is encoded again as a URI in add.path (x=A%252FA)', () => {
    expect(toAddPath(`${partitionDirectory(['x'], { x: 'A/A' })}/part-0.parquet`)).toBe(
      'x=A%252FA/part-0.parquet',
    );
  });

  it('round-trips any ASCII value through add.path, the directory and back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1 }), (value) => {
        const dir = partitionDirectory(['col'], { col: value });
        expect(dir.split('/')).toHaveLength(1);
        expect(decodeLogPath(toAddPath(dir))).toBe(dir);
        expect(unescapePartitionValue(dir.slice('col='.length))).toBe(value);
      }),
    );
  });
});
