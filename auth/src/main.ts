// Container entry: validate the environment, start the server, stop cleanly on SIGTERM.
import { loadConfig } from './config';
import { ConfigError } from './errors';
import { createLogger } from './log';
import { createAuthServer, listen } from './server';

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // The key ring now lives in config only: keep it out of anything that later reads or copies the environment.
  delete process.env.AUTH_COOKIE_SECRET;
  const server = createAuthServer(config, { log });
  const address = await listen(server, config);
  log({ kind: 'listening', address });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`auth service failed to start (a bug): ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
