// SSH identities: the operators' key pair and each host's pinned host key.
export { AdminKey, type AdminKeyArgs } from './admin-key';
export { HostKey, type HostKeyArgs } from './host-key';
export { installHostKeyScript, scriptHeader } from './boot-script';
