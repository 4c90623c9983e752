// The CLI's single error handler: expected errors print their message alone and exit with the documented code.
import { EXIT_CODES, main } from '../../ops/src/cli';
import { captureIo } from './support';

describe('ops cli', () => {
  it('exits 4 with the message alone when destroying prod without the flag', async () => {
    const io = captureIo();
    expect(await main(['destroy', 'prod'], io)).toBe(EXIT_CODES.PROTECTED_STACK);
    expect(io.stderr()).toBe(
      'ops: stack "prod" is protected (its data is kept: protectData or prod); refusing to destroy it. ' +
        'Pass --allow-protected-stack if you really mean to.\n',
    );
    expect(io.stdout()).toBe('');
  });

  it('exits 2 on usage errors: unknown command, bad choice, bad number', async () => {
    const unknown = captureIo();
    expect(await main(['launch', 'dev'], unknown)).toBe(2);
    expect(unknown.stderr()).toContain("error: unknown command 'launch'");
    const badHost = captureIo();
    expect(await main(['ssh', 'database', 'dev'], badHost)).toBe(2);
    expect(badHost.stderr()).toContain(
      "error: command-argument value 'database' is invalid for argument 'host'. Allowed choices are bastion, caddy.",
    );
    const badDelay = captureIo();
    expect(await main(['redeploy', 'dagster', 'dev', '--poll-delay', 'soon'], badDelay)).toBe(2);
    expect(badDelay.stderr()).toContain('--poll-delay must be a positive number, got "soon"');
  });

  it('exits 3 naming the file when the outputs file is missing', async () => {
    const io = captureIo();
    expect(await main(['status', 'dev', '--outputs-file', '/nonexistent/outputs.json'], io)).toBe(3);
    expect(io.stderr()).toBe('ops: /nonexistent/outputs.json: cannot read the outputs file\n');
  });

  it('exits 2 for plan without --offline', async () => {
    const io = captureIo();
    expect(await main(['plan', 'dev'], io)).toBe(2);
    expect(io.stderr()).toBe(
      'ops: ops plan only runs offline (--offline); for a plan against AWS use `ops preview <stack>`\n',
    );
  });
});
