// Running something on a connected host: one command (exit status returned), or an interactive shell on a
// PTY with raw stdin and window-size changes passed through.
import { constants } from 'node:os';
import type { ClientChannel } from 'ssh2';
import type { SshClient } from './connect';

export interface Terminal {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

function exitStatusOf(channel: ClientChannel): Promise<number> {
  return new Promise((resolve) => {
    let status = 255;
    channel.on('exit', (code: number | null, signal?: string) => {
      // A remote death by signal N is reported as a shell would: 128 + N.
      const signalNumber = signal ? constants.signals[`SIG${signal}` as NodeJS.Signals] : undefined;
      status = code ?? (signalNumber !== undefined ? 128 + signalNumber : 255);
    });
    channel.on('close', () => resolve(status));
  });
}

/**
 * Runs one command. Piped stdin (`ops ssh caddy dev -- sudo tee /x < file`) is forwarded and its end closes the
 * remote stdin; a terminal's stdin is not read, so the command sees EOF at once instead of waiting for the user.
 */
export function execCommand(
  client: SshClient,
  command: string,
  io: {
    stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WritableStream;
  },
): Promise<number> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      channel.pipe(io.stdout, { end: false });
      channel.stderr.pipe(io.stderr, { end: false });
      const { stdin } = io;
      if (stdin && !stdin.isTTY) stdin.pipe(channel);
      else channel.end();
      resolve(
        exitStatusOf(channel).then((status) => {
          if (stdin && !stdin.isTTY) {
            stdin.unpipe(channel);
            stdin.pause();
          }
          return status;
        }),
      );
    });
  });
}

export function interactiveShell(client: SshClient, terminal: Terminal): Promise<number> {
  const { stdin, stdout } = terminal;
  return new Promise((resolve, reject) => {
    client.shell(
      { term: process.env.TERM ?? 'xterm-256color', rows: stdout.rows ?? 24, cols: stdout.columns ?? 80 },
      (error, channel) => {
        if (error) return reject(error);
        const onResize = () => channel.setWindow(stdout.rows ?? 24, stdout.columns ?? 80, 0, 0);
        const wasRaw = stdin.isTTY ? stdin.isRaw : false;
        if (stdin.isTTY) stdin.setRawMode(true);
        stdout.on('resize', onResize);
        stdin.pipe(channel);
        channel.pipe(stdout, { end: false });
        channel.stderr.pipe(terminal.stderr, { end: false });
        void exitStatusOf(channel).then((status) => {
          stdout.off('resize', onResize);
          stdin.unpipe(channel);
          if (stdin.isTTY) stdin.setRawMode(wasRaw);
          stdin.pause();
          resolve(status);
        });
      },
    );
  });
}
