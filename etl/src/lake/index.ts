// The Delta engine's only door: the pipeline and the CLI import from here, never from deep paths.
export * from './errors';
export * from './storage';
