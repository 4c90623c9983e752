// The report catalogue: reports as data (one validated entry each) and the asset graph derived from them.
export {
  loadCatalog,
  selectReports,
  mmsdmFolder,
  MMSDM_PATTERNS,
  type Catalog,
  type Report,
} from './catalog';
export { buildAssetGraph, bronzeTableName, BOOKKEEPING_TABLES, type AssetNode } from './assets';
export {
  compileFilePattern,
  parseFileTimestamp,
  type CompiledPattern,
  type FileNameMatch,
} from './file-pattern';
export { CatalogError } from './errors';
export { CADENCES, type Cadence, type ReportEntry } from './schema';
