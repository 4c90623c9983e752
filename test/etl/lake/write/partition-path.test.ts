import fc from 'fast-check';
import {
  escapeHivePathSegment,
  partitionDirectory,
  toAddPath,
} from '../../../../etl/src/lake/write/partition-path';

describe('partition paths', () => {
  it('Hive-escapes separators and reserved characters in values', () => {
    expect(escapeHivePathSegment('A/B=C:D%E#F?G "H')).toBe('A%2FB%3DC%3AD%25E%23F%3FG%20%22H');
    expect(escapeHivePathSegment('tab\there')).toBe('tab%09here');
  });

  it('spells null and empty values as __HIVE_DEFAULT_PARTITION__', () => {
    expect(partitionDirectory(['a', 'b', 'c'], { a: null, b: '', c: 'x' })).toBe(
      'a=__HIVE_DEFAULT_PARTITION__/b=__HIVE_DEFAULT_PARTITION__/c=x',
    );
  });

  it('encodes the escaped directory again as a URI in add.path (x=A%252FA)', () => {
    expect(toAddPath(`${partitionDirectory(['x'], { x: 'A/A' })}/part-0.parquet`)).toBe(
      'x=A%252FA/part-0.parquet',
    );
  });

  it('round-trips any value: URI-decode then Hive-unescape gives the value back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (value) => {
        const dir = partitionDirectory(['col'], { col: value });
        expect(dir.split('/')).toHaveLength(1);
        const decoded = decodeURIComponent(toAddPath(dir));
        expect(decoded).toBe(dir);
        expect(decodeURIComponent(dir.slice('col='.length))).toBe(value);
      }),
    );
  });
});
