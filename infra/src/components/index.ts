// The platform's components, one concern each. Invariant: components receive everything through their args
// (never pulumi.Config) and parent every child to themselves.
export { Alerts, type AlertsArgs } from './alerts';
export { Bastion, type BastionArgs } from './bastion';
export { Buckets, BUCKET_KINDS, BUCKET_PLANS, type BucketKind, type BucketsArgs } from './buckets';
export { CaddyHost, renderCaddyUserData, type CaddyHostArgs } from './caddy-host';
export { Dagster, WEBSERVER_PORT, type DagsterArgs } from './dagster';
export { Database, DATABASE_NAME, DATABASE_USER, type DatabaseArgs } from './database';
export { Identity, USER_GROUPS, type IdentityArgs } from './identity';
export { Images, IMAGE_NAMES, type ImageName, type ImagesArgs } from './images';
export { LockTable, type LockTableArgs } from './lock-table';
export { Network, planSubnets, type NetworkArgs } from './network';
export { AdminKey, HostKey } from './ssh';
