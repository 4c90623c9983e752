// The ops workspace's public surface: the CLI entry and each command as a typed function.
export { EXIT_CODES, main } from './cli';
export { deploy, type DeployOptions } from './commands/deploy';
export { destroy, type DestroyOptions } from './commands/destroy';
export { plan, type PlanOptions } from './commands/plan';
export { preview, type PreviewOptions } from './commands/preview';
export { redeploy, type RedeployOptions } from './commands/redeploy';
export { ssh, type SshOptions } from './commands/ssh';
export { status, type StatusOptions } from './commands/status';
export { tunnel, type Tunnel, type TunnelOptions } from './commands/tunnel';
export { OpsError, type OpsErrorCode } from './errors';
export { readStackOutputs, type StackOutputs } from './stack';
