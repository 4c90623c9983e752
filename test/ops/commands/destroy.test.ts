// deploy / preview / destroy shell out to the pulumi CLI (a recording stand-in here) after saying what will run;
// destroying a protected stack needs --allow-protected-stack.
import { deploy } from '../../../ops/src/commands/deploy';
import { destroy } from '../../../ops/src/commands/destroy';
import { preview } from '../../../ops/src/commands/preview';
import { ProtectedStackError, PulumiFailedError } from '../../../ops/src/errors';
import { installFakePulumi, type FakePulumi } from '../pulumi-fake';
import { captureIo, useEnv } from '../support';

let pulumi: FakePulumi | undefined;
afterEach(() => {
  pulumi?.restore();
  pulumi = undefined;
});

describe('ops destroy', () => {
  it('refuses prod without --allow-protected-stack and runs nothing', async () => {
    pulumi = installFakePulumi();
    const io = captureIo();
    await expect(destroy({ stack: 'prod' }, io)).rejects.toEqual(new ProtectedStackError('prod'));
    await expect(destroy({ stack: 'prod' }, io)).rejects.toThrow(
      'stack "prod" is protected (its data is kept: protectData or prod); refusing to destroy it. ' +
        'Pass --allow-protected-stack if you really mean to.',
    );
    expect(pulumi.calls()).toEqual([]);
    expect(io.stderr()).toBe('');
  });

  it('destroys prod when the flag is given, printing the command first', async () => {
    pulumi = installFakePulumi();
    const io = captureIo();
    await destroy({ stack: 'prod', allowProtectedStack: true, yes: true }, io);
    expect(io.stderr()).toBe('will run: pulumi destroy --stack prod --yes\n');
    expect(pulumi.calls()).toEqual([['destroy', '--stack', 'prod', '--yes']]);
  });

  it('destroys dev (protectData false) without the flag; --dry-run only prints', async () => {
    pulumi = installFakePulumi();
    const io = captureIo();
    await destroy({ stack: 'dev', dryRun: true }, io);
    expect(io.stderr()).toBe('will run: pulumi destroy --stack dev\n');
    expect(pulumi.calls()).toEqual([]);
    await destroy({ stack: 'dev' }, io);
    expect(pulumi.calls()).toEqual([['destroy', '--stack', 'dev']]);
  });
});

describe('ops deploy and preview', () => {
  it('says how to proceed when the pulumi CLI is not installed', async () => {
    const restore = useEnv({ PATH: '/nonexistent' });
    try {
      await expect(preview({ stack: 'dev' }, captureIo())).rejects.toThrow(
        'pulumi preview --diff --stack dev failed with exit code 127 ' +
          '(pulumi not found on PATH: install the Pulumi CLI, or use --outputs-file)',
      );
    } finally {
      restore();
    }
  });

  it('runs pulumi up and pulumi preview --diff for the stack', async () => {
    pulumi = installFakePulumi();
    const io = captureIo();
    await deploy({ stack: 'dev', yes: true }, io);
    await preview({ stack: 'prod' }, io);
    expect(io.stderr()).toBe(
      'will run: pulumi up --stack dev --yes\nwill run: pulumi preview --diff --stack prod\n',
    );
    expect(pulumi.calls()).toEqual([
      ['up', '--stack', 'dev', '--yes'],
      ['preview', '--diff', '--stack', 'prod'],
    ]);
  });

  it('reports a failing pulumi with its command line and exit code', async () => {
    pulumi = installFakePulumi({ exitCode: 255 });
    await expect(deploy({ stack: 'dev' }, captureIo())).rejects.toEqual(
      new PulumiFailedError('pulumi up --stack dev', 255),
    );
  });
});
