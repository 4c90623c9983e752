// `ops tunnel <stack> <local-port> <target>`: listen on 127.0.0.1:<local-port> and carry each connection
// through the bastion to <target> (host:port, or `database` for the stack's RDS endpoint).
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { openBastion, DEFAULT_SSH_USER } from '../access';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { forwardThrough, type SshEndpoint } from '../ssh';
import { readStackOutputs, type StackOutputs, type StackOutputsSource } from '../stack';

export interface TunnelOptions extends StackOutputsSource {
  /** 0 picks a free port (tests). */
  readonly localPort: number;
  readonly target: string;
  readonly user?: string;
}

export interface Tunnel {
  readonly localPort: number;
  /** Settles when the tunnel stops: after close(), or when the bastion connection ends. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export function resolveTarget(target: string, outputs: StackOutputs): SshEndpoint {
  if (target === 'database') {
    if (!outputs.database) throw new UsageError('the stack outputs have no database endpoint');
    return { host: outputs.database.address, port: outputs.database.port };
  }
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(target);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new UsageError(`target "${target}" is not host:port (or "database")`);
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

export async function tunnel(options: TunnelOptions, io: Io): Promise<Tunnel> {
  if (!Number.isInteger(options.localPort) || options.localPort < 0 || options.localPort > 65535) {
    throw new UsageError(`local port "${options.localPort}" is not a port number`);
  }
  const outputs = await readStackOutputs(options);
  const target = resolveTarget(options.target, outputs);
  const access = await openBastion(outputs, options.user ?? DEFAULT_SSH_USER, io);
  const server: Server = createServer((socket) => {
    forwardThrough(access.bastion, 'bastion', target).then(
      (channel) => {
        socket.pipe(channel).pipe(socket);
        socket.on('error', () => channel.destroy());
        channel.on('error', () => socket.destroy());
      },
      (error: Error) => {
        io.err(`${error.message}\n`);
        socket.destroy();
      },
    );
  });
  server.listen(options.localPort, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch (error) {
    access.bastion.end();
    throw new UsageError(`cannot listen on 127.0.0.1:${options.localPort}: ${(error as Error).message}`);
  }
  const address = server.address();
  const localPort = typeof address === 'object' && address ? address.port : options.localPort;
  io.err(
    `forwarding 127.0.0.1:${localPort} → ${target.host}:${target.port} through the bastion (Ctrl-C stops)\n`,
  );
  let stop!: () => void;
  const closed = new Promise<void>((resolve) => (stop = resolve));
  const close = async () => {
    server.close();
    access.bastion.end();
    stop();
  };
  access.bastion.once('close', () => {
    server.close();
    stop();
  });
  return { localPort, closed, close };
}
