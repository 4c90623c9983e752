// SSH for operators: pinned connections, the bastion jump, command execution and interactive shells.
// Invariants: host keys come only from the stack's published lines; private keys stay in memory.
export { connectPinned, type ConnectOptions, type SshClient } from './connect';
export { connectThrough, forwardThrough } from './jump';
export {
  endpointOfLine,
  fingerprint,
  parseKnownHosts,
  type PinnedHostKey,
  type SshEndpoint,
} from './known-hosts';
export { execCommand, interactiveShell, type Terminal } from './session';
