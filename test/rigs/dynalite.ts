// In-memory DynamoDB (dynalite) on loopback for tests: enforces conditional writes and serves Query.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

// dynalite ships no types; this is the part we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

export interface DynaliteRig {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startDynalite(host = '127.0.0.1'): Promise<DynaliteRig> {
  if (!host.startsWith('127.')) throw new Error(`dynalite must bind a loopback address, got ${host}`);
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
