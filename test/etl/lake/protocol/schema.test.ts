import fc from 'fast-check';
import pl from 'nodejs-polars';
import {
  type DataType,
  PRIMITIVE_TYPES,
  dataTypeToJson,
  formatDataType,
  parseSchemaString,
  toPolarsType,
} from '../../../../etl/src/lake/protocol/schema';

const field = (name: string, type: unknown, nullable = true) => ({ name, type, nullable, metadata: {} });
const schemaOf = (...fields: unknown[]) => JSON.stringify({ type: 'struct', fields });

describe('parseSchemaString', () => {
  it('parses every primitive type', () => {
    const schema = parseSchemaString(schemaOf(...PRIMITIVE_TYPES.map((t) => field(`c_${t}`, t))), 't');
    expect(schema.fields.map((f) => f.type)).toEqual(
      PRIMITIVE_TYPES.map((name) => ({ kind: 'primitive', name })),
    );
  });

  it('parses decimals, nested structs, arrays and maps', () => {
    const schema = parseSchemaString(
      schemaOf(
        field('d', 'decimal(38,18)'),
        field('s', { type: 'struct', fields: [field('x', 'long', false)] }),
        field('a', { type: 'array', elementType: 'timestamp', containsNull: false }),
        field('m', { type: 'map', keyType: 'string', valueType: 'decimal(5,2)', valueContainsNull: true }),
      ),
      't',
    );
    expect(schema.fields.map((f) => formatDataType(f.type))).toEqual([
      'decimal(38,18)',
      'struct<x:long>',
      'array<timestamp>',
      'map<string,decimal(5,2)>',
    ]);
    expect(schema.fields[1]!.type).toEqual({
      kind: 'struct',
      fields: [{ name: 'x', type: { kind: 'primitive', name: 'long' }, nullable: false, metadata: {} }],
    });
  });

  it('names the field of an unknown type, and refuses bad decimals and duplicate names', () => {
    expect(() => parseSchemaString(schemaOf(field('a', 'int128')), 't')).toThrow(
      /schemaString schema\.fields\[0\] \(a\): expected a primitive type/,
    );
    expect(() => parseSchemaString(schemaOf(field('a', 'decimal(39,2)')), 't')).toThrow(/1 ≤ p ≤ 38/);
    expect(() => parseSchemaString(schemaOf(field('a', 'long'), field('A', 'long')), 't')).toThrow(
      /column "A" twice \(names are case-insensitive\)/,
    );
    expect(() => parseSchemaString('', 't')).toThrow(/not valid JSON/);
  });

  it('round-trips through dataTypeToJson', () => {
    const primitive = fc.constantFrom(...PRIMITIVE_TYPES);
    const decimal = fc
      .integer({ min: 1, max: 38 })
      .chain((p) => fc.integer({ min: 0, max: p }).map((s) => `decimal(${p},${s})`));
    const type: fc.Arbitrary<unknown> = fc.letrec<{ t: unknown }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small' },
        primitive,
        decimal,
        fc.record({ type: fc.constant('array'), elementType: tie('t'), containsNull: fc.boolean() }),
        fc.record({
          type: fc.constant('map'),
          keyType: primitive,
          valueType: tie('t'),
          valueContainsNull: fc.boolean(),
        }),
        fc
          .uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 3 })
          .chain((names) =>
            fc
              .tuple(...names.map((n) => tie('t').map((t) => field(n, t))))
              .map((fields) => ({ type: 'struct', fields })),
          ),
      ),
    })).t;
    fc.assert(
      fc.property(type, (t) => {
        const text = schemaOf(field('root', t));
        const parsed = parseSchemaString(text, 't');
        expect(dataTypeToJson(parsed)).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe('toPolarsType', () => {
  const p = (name: string): DataType => ({ kind: 'primitive', name }) as DataType;
  it('maps Delta types to the polars dtypes of the notes (§4)', () => {
    const cases: [DataType, unknown][] = [
      [p('long'), pl.Int64],
      [p('integer'), pl.Int32],
      [p('short'), pl.Int16],
      [p('byte'), pl.Int8],
      [p('float'), pl.Float32],
      [p('double'), pl.Float64],
      [p('boolean'), pl.Bool],
      [p('string'), pl.Utf8],
      [p('date'), pl.Date],
      [p('timestamp'), pl.Datetime('us', 'UTC')],
      [p('timestamp_ntz'), pl.Datetime('us')],
      [{ kind: 'decimal', precision: 10, scale: 2 }, pl.Decimal(10, 2)],
      [{ kind: 'array', elementType: p('long'), containsNull: true }, pl.List(pl.Int64)],
      [
        { kind: 'map', keyType: p('string'), valueType: p('integer'), valueContainsNull: true },
        pl.List(pl.Struct({ key: pl.Utf8, value: pl.Int32 })),
      ],
    ];
    for (const [delta, polars] of cases) expect(String(toPolarsType(delta))).toBe(String(polars));
    expect(toPolarsType(p('binary'))).toBeUndefined(); // nodejs-polars cannot name Binary
  });
});
