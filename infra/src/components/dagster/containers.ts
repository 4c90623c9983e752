// ECS container definitions for Dagster and the etl task: commands, health checks, logs and environment.
// Pure functions returning plain objects, so tests read exactly what ECS will receive.

export const WEBSERVER_PORT = 3000;
export const CODE_SERVER_PORT = 4000;
export const DAGSTER_WORKSPACE = '/opt/dagster/workspace.yaml';
export const DEFINITIONS_MODULE = 'energy_market_dagster.definitions';

export type DagsterRole = 'webserver-admin' | 'webserver-readonly' | 'daemon' | 'code-server' | 'run-worker';

export interface ContainerSecret {
  readonly name: string;
  readonly valueFrom: string;
}

export interface ContainerInput {
  readonly image: string;
  readonly region: string;
  readonly logGroup: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: readonly ContainerSecret[];
}

function pythonHttpCheck(url: string): string[] {
  return ['CMD-SHELL', `python -c "import urllib.request; urllib.request.urlopen('${url}', timeout=4)"`];
}

const ROLE_SHAPES: Record<
  DagsterRole,
  { command?: string[]; port?: number; healthCheck?: string[]; startPeriod: number }
> = {
  'webserver-admin': {
    command: ['dagster-webserver', '-h', '0.0.0.0', '-p', String(WEBSERVER_PORT), '-w', DAGSTER_WORKSPACE],
    port: WEBSERVER_PORT,
    healthCheck: pythonHttpCheck(`http://127.0.0.1:${WEBSERVER_PORT}/server_info`),
    startPeriod: 60,
  },
  'webserver-readonly': {
    command: [
      'dagster-webserver',
      '-h',
      '0.0.0.0',
      '-p',
      String(WEBSERVER_PORT),
      '-w',
      DAGSTER_WORKSPACE,
      '--read-only',
    ],
    port: WEBSERVER_PORT,
    healthCheck: pythonHttpCheck(`http://127.0.0.1:${WEBSERVER_PORT}/server_info`),
    startPeriod: 60,
  },
  daemon: {
    command: ['dagster-daemon', 'run', '-w', DAGSTER_WORKSPACE],
    // Fails when the daemon's heartbeats in the run storage go stale (dagster-daemon liveness-check).
    healthCheck: ['CMD', 'dagster-daemon', 'liveness-check'],
    startPeriod: 120,
  },
  'code-server': {
    command: [
      'dagster',
      'code-server',
      'start',
      '-h',
      '0.0.0.0',
      '-p',
      String(CODE_SERVER_PORT),
      '-m',
      DEFINITIONS_MODULE,
    ],
    port: CODE_SERVER_PORT,
    healthCheck: ['CMD', 'dagster', 'api', 'grpc-health-check', '-p', String(CODE_SERVER_PORT)],
    startPeriod: 60,
  },
  // The ECS run launcher replaces the command with `dagster api execute_run …`.
  'run-worker': { startPeriod: 0 },
};

function envList(environment: Readonly<Record<string, string>>) {
  return Object.entries(environment)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
}

function logConfiguration(input: ContainerInput, prefix: string) {
  return {
    logDriver: 'awslogs',
    options: {
      'awslogs-group': input.logGroup,
      'awslogs-region': input.region,
      'awslogs-stream-prefix': prefix,
    },
  };
}

/** The single container of a Dagster task; its name is the role (the run launcher refers to `run-worker`). */
export function dagsterContainer(role: DagsterRole, input: ContainerInput) {
  const shape = ROLE_SHAPES[role];
  return {
    name: role,
    image: input.image,
    essential: true,
    ...(shape.command ? { command: shape.command } : {}),
    ...(shape.port ? { portMappings: [{ containerPort: shape.port, protocol: 'tcp' }] } : {}),
    ...(shape.healthCheck
      ? {
          healthCheck: {
            command: shape.healthCheck,
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: shape.startPeriod,
          },
        }
      : {}),
    environment: envList(input.environment),
    secrets: input.secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
    logConfiguration: logConfiguration(input, role),
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: 30,
  };
}

export const ETL_CONTAINER = 'etl';

/** The etl container launched by Dagster Pipes; Pipes overrides its command per run. */
export function etlContainer(input: ContainerInput) {
  return {
    name: ETL_CONTAINER,
    image: input.image,
    essential: true,
    environment: envList(input.environment),
    secrets: input.secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
    logConfiguration: logConfiguration(input, ETL_CONTAINER),
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: 60,
  };
}
