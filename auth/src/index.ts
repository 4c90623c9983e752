// The auth workspace's public surface: config loading, the server, and the pure rules tests and docs cite.
export { loadConfig, type AuthConfig } from './config';
export { createAuthServer, listen } from './server';
export { decideAccess, knownGroups, type AccessDecision, type Group } from './access';
export { checkReturnPath, returnPathFromForwarded } from './return-to';
export { AuthError, ConfigError } from './errors';
