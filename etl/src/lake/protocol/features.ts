// Protocol gating (PROTOCOL.md "Protocol Evolution", notes §9): a reader must refuse a table whose protocol asks
// for something it does not implement, because reading it anyway returns wrong rows silently (deletion vectors)
// or wrong columns (column mapping).
import { UnsupportedFeatureError } from '../errors';
import type { Metadata, Protocol } from './actions';

/** Reader features this engine implements, with why each is safe. */
const SUPPORTED_READER_FEATURES: ReadonlySet<string> = new Set([
  'timestampNtz', // read as a zone-less polars Datetime('us')
  'vacuumProtocolCheck', // only constrains VACUUM, which checks the protocol before deleting anything
]);

/** Writer features this engine's writer honours (writer version 2 semantics). */
const SUPPORTED_WRITER_FEATURES: ReadonlySet<string> = new Set(['appendOnly', 'invariants']);

/** `delta.columnMapping.mode`; `none` (or absent) means physical names are the logical names. */
export function columnMappingMode(metadata: Metadata): string {
  return metadata.configuration['delta.columnMapping.mode'] ?? 'none';
}

/**
 * Throws UnsupportedFeatureError naming the first feature this reader cannot honour. Column mapping is refused
 * only when a mapping mode is in effect: with mode `none` names are physical and the table reads correctly.
 */
export function assertReadSupported(protocol: Protocol, metadata: Metadata, table: string): void {
  const reader = protocol.minReaderVersion;
  const mapping = columnMappingMode(metadata);
  if (!Number.isInteger(reader) || reader < 1 || reader > 3) {
    throw new UnsupportedFeatureError(
      table,
      `minReaderVersion ${reader}`,
      'this reader implements reader versions 1 to 3',
    );
  }
  if (reader === 2 && mapping !== 'none') {
    throw new UnsupportedFeatureError(table, 'columnMapping', `mode "${mapping}" (reader version 2)`);
  }
  if (reader === 3) {
    const features = protocol.readerFeatures;
    if (features === undefined) {
      throw new UnsupportedFeatureError(
        table,
        'readerFeatures',
        'reader version 3 without a readerFeatures list',
      );
    }
    for (const feature of features) {
      if (SUPPORTED_READER_FEATURES.has(feature)) continue;
      if (feature === 'columnMapping' && mapping === 'none') continue;
      throw new UnsupportedFeatureError(table, feature, describeReaderFeature(feature));
    }
  }
  if (mapping !== 'none') {
    throw new UnsupportedFeatureError(table, 'columnMapping', `mode "${mapping}"`);
  }
}

/** Throws unless every writer obligation of the protocol is implemented (writer version ≤ 2 semantics). */
export function assertWriteSupported(protocol: Protocol, table: string): void {
  const writer = protocol.minWriterVersion;
  if (writer === 7) {
    for (const feature of protocol.writerFeatures ?? []) {
      if (!SUPPORTED_WRITER_FEATURES.has(feature)) {
        throw new UnsupportedFeatureError(
          table,
          feature,
          'this writer implements appendOnly and invariants only',
        );
      }
    }
    return;
  }
  if (!Number.isInteger(writer) || writer < 1 || writer > 2) {
    throw new UnsupportedFeatureError(
      table,
      `minWriterVersion ${writer}`,
      'this writer implements writer versions 1 and 2 (and 7 with appendOnly/invariants only)',
    );
  }
}

function describeReaderFeature(feature: string): string {
  switch (feature) {
    case 'deletionVectors':
      return 'rows deleted through deletion vectors would be returned';
    case 'columnMapping':
      return 'physical column names differ from the schema';
    case 'v2Checkpoint':
      return 'V2 (UUID-named, sidecar) checkpoints are not implemented';
    case 'typeWidening':
    case 'typeWidening-preview':
      return 'files may hold narrower types than the schema';
    case 'variantType':
    case 'variantType-preview':
      return 'the variant type is not implemented';
    default:
      return 'unknown or unimplemented reader feature';
  }
}
