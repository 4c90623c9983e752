// Configuration read once at the edge (CLI flags, environment) into frozen, typed values.
export { ConfigError } from './errors';
export {
  LAYERS,
  describeLakeLocation,
  layerUri,
  resolveLakeLocation,
  type LakeInputs,
  type LakeLocation,
  type Layer,
} from './lake-location';
export { storageOptionsFor } from './storage-options';
export {
  DEFAULT_SOURCE,
  addLakeOptions,
  lakeInputsFrom,
  parsePositiveInt,
  parseWindowBound,
} from './cli-options';
