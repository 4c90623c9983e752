// Jest runs TypeScript through SWC (transpile only); `npm run typecheck` owns type checking.
// ESM-only dependencies are transpiled to CommonJS as well so tests can load them.
const esmOnly = [
  'openid-client',
  'oauth4webapi',
  'jose',
  'hyparquet',
  'hyparquet-compressors',
  'hyparquet-writer',
  'hysnappy',
  'p-limit',
  'yocto-queue',
  'commander',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
