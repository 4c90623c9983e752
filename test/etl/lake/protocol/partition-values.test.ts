import fc from 'fast-check';
import { CorruptLogError } from '../../../../etl/src/lake/errors';
import {
  decodeLogPath,
  encodeLogPath,
  escapePartitionValue,
  typePartitionValues,
  unescapePartitionValue,
} from '../../../../etl/src/lake/protocol/partition-values';
import {
  type ScalarType,
  formatDecimal,
  formatTimestampMicros,
  parseDecimal,
  parseTimestampMicros,
  parseTypedText,
} from '../../../../etl/src/lake/protocol/values';

const p = (name: string): ScalarType => ({ kind: 'primitive', name }) as ScalarType;

describe('partition values from the log', () => {
  it('types every primitive type', () => {
    const cases: [ScalarType, string, unknown][] = [
      [p('string'), 'A/A', 'A/A'],
      [p('long'), '-9223372036854775808', -9223372036854775808n],
      [p('long'), '2021.0', 2021n], // delta-rs wrote integral values with ".0"
      [p('integer'), '42', 42n],
      [p('short'), '-7', -7n],
      [p('byte'), '127', 127n],
      [p('double'), '9.9', 9.9],
      [p('float'), '10.0', 10],
      [p('boolean'), 'true', true],
      [p('boolean'), 'FALSE', false],
      [p('date'), '2024-02-29', 19782],
      [p('timestamp'), '1970-01-01 00:00:01', 1_000_000n], // zone-less: read as UTC
      [p('timestamp'), '1970-01-01 00:00:00.123456', 123_456n],
      [p('timestamp'), '1970-01-01T00:00:00.000001Z', 1n],
      [p('timestamp'), '1970-01-01T10:00:00+10:00', 0n],
      [p('timestamp_ntz'), '2000-01-01 00:00:00', 946_684_800_000_000n],
      [{ kind: 'decimal', precision: 38, scale: 18 }, '12.000000000000000000', 12n * 10n ** 18n],
      [{ kind: 'decimal', precision: 5, scale: 2 }, '-1.5', -150n],
      [p('binary'), '\u0001\u0002', new Uint8Array([1, 2])],
    ];
    for (const [type, text, expected] of cases)
      expect([text, parseTypedText(text, type)]).toEqual([text, expected]);
  });

  it('rejects values that do not fit their type', () => {
    for (const [type, text] of [
      [p('byte'), '128'],
      [p('integer'), '1.5'],
      [p('date'), '2023-02-29'],
      [p('boolean'), 'yes'],
      [{ kind: 'decimal', precision: 5, scale: 2 }, '1.234'],
      [p('timestamp'), 'noon'],
    ] as const) {
      expect([text, parseTypedText(text, type)]).toEqual([text, undefined]);
    }
  });

  it('reads null and "" as NULL, and names the file and column of a bad value', () => {
    const columns = [
      { name: 'k', type: p('string') },
      { name: 'n', type: p('long') },
    ];
    const typed = typePartitionValues({ k: null, n: '' }, columns, { table: 't', path: 'f' });
    expect([...typed]).toEqual([
      ['k', null],
      ['n', null],
    ]);
    expect(() =>
      typePartitionValues({ k: 'a', n: 'x' }, columns, { table: 't', path: 'n=x/f.parquet' }),
    ).toThrow(new CorruptLogError('t', 'add n=x/f.parquet: partition value "x" of "n" is not a valid long'));
  });
});

describe('paths and escaping', () => {
  it('decodes the doubly encoded special-partition path of delta-rs', () => {
    expect(decodeLogPath('x=A%252FA/part-1.parquet')).toBe('x=A%2FA/part-1.parquet');
    expect(unescapePartitionValue('A%2FA')).toBe('A/A');
    expect(escapePartitionValue('A/A')).toBe('A%2FA');
    expect(escapePartitionValue(null)).toBe('__HIVE_DEFAULT_PARTITION__');
    expect(unescapePartitionValue('__HIVE_DEFAULT_PARTITION__')).toBeNull();
  });

  it('round-trips any value through Hive escaping, and any path through URI encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (value) => {
        const escaped = escapePartitionValue(value);
        expect(escaped).not.toMatch(/[/=:]/);
        expect(unescapePartitionValue(escaped)).toBe(value);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: 1, maxLength: 4 }),
        (segments) => {
          const objectPath = segments.map((s) => s.replace(/\//g, '_')).join('/');
          expect(decodeLogPath(encodeLogPath(objectPath))).toBe(objectPath);
        },
      ),
    );
  });
});

describe('decimal and timestamp text', () => {
  it('round-trips unscaled decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }),
        fc.integer({ min: 0, max: 38 }),
        (n, scale) => {
          expect(parseDecimal(formatDecimal(n, scale), scale)).toBe(n);
        },
      ),
    );
  });

  it('round-trips microsecond timestamps through ISO-8601 UTC', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -62_135_596_800_000_000n, max: 253_402_300_799_999_999n }), (micros) => {
        const text = formatTimestampMicros(micros);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        expect(parseTimestampMicros(text)).toBe(micros);
      }),
    );
  });
});
