// One error base for the operator CLI. Every expected failure has a stable `code`, and the CLI maps each code
// to an exit status (the table lives in cli.ts and docs/ops.md).

export type OpsErrorCode =
  | 'USAGE'
  | 'STACK_OUTPUTS'
  | 'PROTECTED_STACK'
  | 'PULUMI_FAILED'
  | 'AWS_REQUEST'
  | 'SSH_CONNECT'
  | 'HOST_KEY_MISMATCH'
  | 'SSH_FORWARD_DENIED'
  | 'NOT_STABLE';

export class OpsError extends Error {
  constructor(
    readonly code: OpsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends OpsError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export class StackOutputsError extends OpsError {
  constructor(
    readonly origin: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('STACK_OUTPUTS', `${origin}: ${message}`, options);
  }
}

export class ProtectedStackError extends OpsError {
  constructor(readonly stackName: string) {
    super(
      'PROTECTED_STACK',
      `stack "${stackName}" is protected (its data is kept: protectData or prod); ` +
        'refusing to destroy it. Pass --allow-protected-stack if you really mean to.',
    );
  }
}

export class PulumiFailedError extends OpsError {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    options?: { cause?: unknown },
  ) {
    super(
      'PULUMI_FAILED',
      `${command} failed with exit code ${exitCode ?? 'unknown'}` +
        (exitCode === 127
          ? ' (pulumi not found on PATH: install the Pulumi CLI, or use --outputs-file)'
          : ''),
      options,
    );
  }
}

export class AwsRequestError extends OpsError {
  constructor(
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('AWS_REQUEST', `${operation}: ${message}`, options);
  }
}

export class SshConnectError extends OpsError {
  constructor(
    readonly host: string,
    readonly port: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('SSH_CONNECT', `ssh ${host}:${port}: ${message}`, options);
  }
}

export class HostKeyMismatchError extends OpsError {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly presentedFingerprint: string,
    readonly pinnedFingerprints: readonly string[],
  ) {
    super(
      'HOST_KEY_MISMATCH',
      `host key of ${host}:${port} is ${presentedFingerprint}, but the stack publishes ` +
        (pinnedFingerprints.length > 0 ? pinnedFingerprints.join(', ') : 'no key for it') +
        '; refusing to connect. If the host was replaced, run `pulumi up` (or refresh the outputs) and retry; ' +
        'otherwise treat this as a possible interception.',
    );
  }
}

export class ForwardDeniedError extends OpsError {
  constructor(
    readonly via: string,
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(
      'SSH_FORWARD_DENIED',
      `${via} refused to open a channel to ${target} (sshd PermitOpen/AllowTcpForwarding); ` +
        'only the targets the bastion permits can be reached',
      options,
    );
  }
}

export class NotStableError extends OpsError {
  constructor(message: string) {
    super('NOT_STABLE', message);
  }
}
