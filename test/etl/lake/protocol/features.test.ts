import { UnsupportedFeatureError } from '../../../../etl/src/lake/errors';
import type { Metadata, Protocol } from '../../../../etl/src/lake/protocol/actions';
import { assertReadSupported, assertWriteSupported } from '../../../../etl/src/lake/protocol/features';

const metadata = (configuration: Record<string, string> = {}): Metadata => ({
  id: 'x',
  format: { provider: 'parquet', options: {} },
  schemaString: '{"type":"struct","fields":[]}',
  partitionColumns: [],
  configuration,
});

function refusal(protocol: Protocol, configuration?: Record<string, string>): string | undefined {
  try {
    assertReadSupported(protocol, metadata(configuration), 't');
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedFeatureError);
    return (error as UnsupportedFeatureError).feature;
  }
}

describe('assertReadSupported', () => {
  it('reads reader version 1 and reader 3 with only implemented features', () => {
    expect(refusal({ minReaderVersion: 1, minWriterVersion: 2 })).toBeUndefined();
    expect(
      refusal({ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['changeDataFeed'] }),
    ).toBeUndefined();
    expect(
      refusal({
        minReaderVersion: 3,
        minWriterVersion: 7,
        readerFeatures: ['timestampNtz', 'vacuumProtocolCheck'],
      }),
    ).toBeUndefined();
  });

  it('refuses each unimplemented reader feature by name', () => {
    for (const feature of [
      'deletionVectors',
      'v2Checkpoint',
      'typeWidening',
      'variantType',
      'catalogManaged',
      'blahabl',
    ]) {
      expect(refusal({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [feature] })).toBe(feature);
    }
  });

  it('refuses column mapping in name or id mode, reads mode none', () => {
    expect(
      refusal({ minReaderVersion: 2, minWriterVersion: 5 }, { 'delta.columnMapping.mode': 'name' }),
    ).toBe('columnMapping');
    expect(
      refusal(
        { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['columnMapping'] },
        { 'delta.columnMapping.mode': 'id' },
      ),
    ).toBe('columnMapping');
    expect(refusal({ minReaderVersion: 2, minWriterVersion: 5 })).toBeUndefined();
  });

  it('refuses reader versions beyond 3 and a reader 3 without its feature list', () => {
    expect(refusal({ minReaderVersion: 4, minWriterVersion: 7 })).toBe('minReaderVersion 4');
    expect(refusal({ minReaderVersion: 3, minWriterVersion: 7 })).toBe('readerFeatures');
  });

  it('explains the refusal in the message', () => {
    expect(() =>
      assertReadSupported(
        { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'] },
        metadata(),
        's3://b/t',
      ),
    ).toThrow(
      's3://b/t: table uses "deletionVectors", which this engine does not support: rows deleted through deletion vectors would be returned',
    );
  });
});

describe('assertWriteSupported', () => {
  it('writes writer 1–2 and writer 7 with appendOnly/invariants only', () => {
    expect(() => assertWriteSupported({ minReaderVersion: 1, minWriterVersion: 2 }, 't')).not.toThrow();
    expect(() =>
      assertWriteSupported(
        { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['appendOnly', 'invariants'] },
        't',
      ),
    ).not.toThrow();
    expect(() => assertWriteSupported({ minReaderVersion: 1, minWriterVersion: 4 }, 't')).toThrow(
      /minWriterVersion 4/,
    );
    expect(() =>
      assertWriteSupported(
        { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['changeDataFeed'] },
        't',
      ),
    ).toThrow(/"changeDataFeed"/);
  });
});
