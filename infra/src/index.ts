// Pulumi entry point: validate the stack configuration, build the platform, export what ops and operators need.
import { loadConfig } from './config';
import { createPlatform } from './platform';

const outputs = createPlatform(loadConfig());

export const region = outputs.region;
export const vpcId = outputs.vpcId;
export const natInstanceIds = outputs.natInstanceIds;
export const natPublicIps = outputs.natPublicIps;
export const bastion = outputs.bastion;
export const caddy = outputs.caddy;
export const url = outputs.url;
export const knownHosts = outputs.knownHosts;
export const sshPrivateKeyParameter = outputs.sshPrivateKeyParameter;
export const parameterPath = outputs.parameterPath;
export const cognito = outputs.cognito;
export const ecs = outputs.ecs;
export const logGroups = outputs.logGroups;
export const database = outputs.database;
export const buckets = outputs.buckets;
export const lockTableName = outputs.lockTableName;
export const images = outputs.images;
export const alertTopicArn = outputs.alertTopicArn;
