// The stack configuration schema: the one place that names every setting, its type and its default.
// docs/infrastructure.md has the same table for humans; keep them in step.
import { z } from 'zod';

const ipv4Cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function isIpv4Cidr(value: string): boolean {
  const m = ipv4Cidr.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(m[5]) <= 32;
}

function isIpv6Cidr(value: string): boolean {
  return z.cidrv6().safeParse(value).success;
}

function prefixLength(cidr: string): number {
  return Number(cidr.slice(cidr.lastIndexOf('/') + 1));
}

/** An admin range: IPv4 or IPv6, never the whole internet. */
const adminCidr = z.string().superRefine((value, ctx) => {
  if (!isIpv4Cidr(value) && !isIpv6Cidr(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/32',
    });
  } else if (prefixLength(value) === 0) {
    ctx.addIssue({ code: 'custom', message: 'list office or VPN ranges only' });
  }
});

const vpcCidr = z.string().superRefine((value, ctx) => {
  if (!isIpv4Cidr(value) || prefixLength(value) < 16 || prefixLength(value) > 20) {
    ctx.addIssue({ code: 'custom', message: 'expected an IPv4 CIDR from /16 to /20 such as 10.40.0.0/16' });
  }
});

const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  message: 'expected a lower-case DNS name such as dev.energy.example.org',
});

const amiId = z
  .string()
  .regex(/^ami-[0-9a-f]{8,17}$/, { message: 'expected an AMI id such as ami-0123456789abcdef0' });

const arm64InstanceType = z.string().regex(/^(t4g|c6g|c7g|m6g|m7g|r6g|r7g)\.[a-z0-9]+$/, {
  message: 'expected a Graviton (arm64) type such as t4g.nano',
});

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
] as const;

/** Interface endpoints the program knows how to add (each costs per AZ-hour, hence opt-in). */
export const INTERFACE_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'logs',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'secretsmanager',
  'sts',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
] as const;

const capacity = z.enum(['spot', 'on-demand']);

const serviceSize = z.strictObject({
  cpu: z.number().int(),
  memoryMiB: z.number().int(),
  desiredCount: z.number().int().min(0).max(10).default(1),
  capacity,
});

const taskSize = z.strictObject({
  cpu: z.number().int(),
  memoryMiB: z.number().int(),
  capacity,
});

export const stackConfigSchema = z.strictObject({
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'expected an AWS region such as ap-southeast-2' })
    .default('ap-southeast-2'),
  azCount: z.number().int().min(1).max(3),
  vpcCidr,
  adminCidrs: z.array(adminCidr).min(1),
  domain: hostname,
  hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, {
    message: 'expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
  }),
  alertEmail: z.email(),
  instanceTypes: z
    .strictObject({
      nat: arm64InstanceType.default('t4g.nano'),
      bastion: arm64InstanceType.default('t4g.nano'),
      caddy: arm64InstanceType.default('t4g.small'),
    })
    .prefault({}),
  amis: z
    .strictObject({ nat: amiId.optional(), bastion: amiId.optional(), caddy: amiId.optional() })
    .prefault({}),
  interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).default([]),
  logRetentionDays: z.number().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `expected a CloudWatch retention period: one of ${LOG_RETENTION_DAYS.join(', ')}`,
  }),
  /** Production guard: RDS deletion protection + final snapshot, Cognito and DynamoDB deletion protection, no force-destroy of buckets and repositories. */
  protectData: z.boolean(),
  certificateVolumeGiB: z.number().int().min(1).max(16).default(1),
  database: z.strictObject({
    instanceClass: z
      .string()
      .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { message: 'expected an RDS class such as db.t4g.micro' }),
    engineVersion: z.coerce
      .string()
      .regex(/^17(\.\d+)?$/, { message: 'expected PostgreSQL 17 (the current major), e.g. 17 or 17.6' })
      .default('17'),
    allocatedStorageGiB: z.number().int().min(20).max(65536),
    maxAllocatedStorageGiB: z.number().int().min(20).max(65536),
    backupRetentionDays: z.number().int().min(1).max(35),
    multiAz: z.boolean().default(false),
  }),
  cognito: z.strictObject({ mfa: z.enum(['optional', 'required']) }),
  services: z.strictObject({
    webserverAdmin: serviceSize,
    webserverReadOnly: serviceSize,
    daemon: serviceSize,
    codeServer: serviceSize,
    runWorker: taskSize,
    etl: taskSize,
  }),
});

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedStackConfig = z.output<typeof stackConfigSchema>;
export type ServiceSize = z.output<typeof serviceSize>;
export type TaskSize = z.output<typeof taskSize>;
export type Capacity = z.output<typeof capacity>;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];
