// Dagster on ECS in the real program: services, health checks, deployment rules, images, the etl task's
// environment, and the instance config the Dagster image renders from each task's environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { evaluateStack, type Evaluation } from '../../../infra/src/offline/evaluate';
import { named, ofType } from '../support';

let dev: Evaluation;

beforeAll(async () => {
  dev = await evaluateStack('dev');
});

describe('Dagster on ECS', () => {
  interface Container {
    name: string;
    image: string;
    command?: string[];
    healthCheck?: { command: string[] };
    logConfiguration: { options: Record<string, string> };
  }
  const container = (e: Evaluation, role: string) =>
    (
      JSON.parse(
        String(
          named(e, 'aws:ecs/taskDefinition:TaskDefinition', `dagster-${role}-task`).inputs
            .containerDefinitions,
        ),
      ) as Container[]
    )[0]!;

  it('gives every long-running service a health check, a rolling circuit breaker and its own log group', () => {
    for (const s of ofType(dev, 'aws:ecs/service:Service')) {
      expect(s.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
      const role = s.name.replace(/^dagster-|-service$/g, '');
      const c = container(dev, role);
      expect(c.healthCheck?.command.length).toBeGreaterThan(1);
      expect(c.logConfiguration.options['awslogs-group']).toBe(`/energy-market/dev/dagster/${role}`);
    }
  });

  it('never runs two daemons at once and serves the read-only webserver with --read-only', () => {
    expect(named(dev, 'aws:ecs/service:Service', 'dagster-daemon-service').inputs).toMatchObject({
      desiredCount: 1,
      deploymentMinimumHealthyPercent: 0,
      deploymentMaximumPercent: 100,
    });
    expect(container(dev, 'webserver-readonly').command).toContain('--read-only');
    expect(container(dev, 'webserver-admin').command).not.toContain('--read-only');
  });

  it('registers the webservers and the code server in Cloud Map, not the daemon', () => {
    const registered = ofType(dev, 'aws:ecs/service:Service')
      .filter((s) => s.inputs.serviceRegistries)
      .map((s) => s.name)
      .sort();
    expect(registered).toEqual([
      'dagster-code-server-service',
      'dagster-webserver-admin-service',
      'dagster-webserver-readonly-service',
    ]);
    expect(ofType(dev, 'aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace')[0]!.inputs.name).toBe(
      'dev.energy-market.internal',
    );
  });

  it('builds each image for arm64 from its Dockerfile and logs in to the registry host', () => {
    const images = ofType(dev, 'docker:index/image:Image');
    expect(
      images
        .map((i) => (i.inputs.build as { dockerfile: string }).dockerfile.replace(/^.*\/docker\//, 'docker/'))
        .sort(),
    ).toEqual([
      'docker/auth.Dockerfile',
      'docker/caddy.Dockerfile',
      'docker/dagster.Dockerfile',
      'docker/etl.Dockerfile',
    ]);
    for (const image of images) {
      expect(image.inputs.build).toMatchObject({ platform: 'linux/arm64' });
      expect(image.inputs.registry).toMatchObject({
        server: '123456789012.dkr.ecr.ap-southeast-2.amazonaws.com',
        username: 'AWS',
      });
      expect(image.inputs.imageName).toMatch(
        /^123456789012\.dkr\.ecr\.ap-southeast-2\.amazonaws\.com\/energy-market-dev-[a-z]+:[0-9a-f]{16}$/,
      );
    }
  });

  it('uses images by digest on arm64 Fargate', () => {
    for (const task of ofType(dev, 'aws:ecs/taskDefinition:TaskDefinition')) {
      expect(task.inputs.runtimePlatform).toEqual({
        operatingSystemFamily: 'LINUX',
        cpuArchitecture: 'ARM64',
      });
      const [c] = JSON.parse(String(task.inputs.containerDefinitions)) as Container[];
      expect(c!.image).toMatch(
        /\.dkr\.ecr\.ap-southeast-2\.amazonaws\.com\/energy-market-dev-(dagster|etl)@sha256:[0-9a-f]{64}$/,
      );
    }
  });

  it('hands the etl task its lake through the variables etl reads', () => {
    const [etl] = JSON.parse(
      String(
        named(dev, 'aws:ecs/taskDefinition:TaskDefinition', 'dagster-etl-task').inputs.containerDefinitions,
      ),
    ) as {
      environment: { name: string; value: string }[];
    }[];
    expect(Object.fromEntries(etl!.environment.map((v) => [v.name, v.value]))).toEqual({
      AWS_REGION: 'ap-southeast-2',
      ETL_BRONZE_BUCKET: 'energy-market-dev-bronze-123456789012',
      ETL_GOLD_BUCKET: 'energy-market-dev-gold-123456789012',
      ETL_LANDING_BUCKET: 'energy-market-dev-landing-123456789012',
      ETL_LOCK_TABLE: 'energy-market-dev-delta-log',
      ETL_SILVER_BUCKET: 'energy-market-dev-silver-123456789012',
    });
  });
});

describe('Dagster instance rendered from the task environment (docker/dagster/render_instance.py)', () => {
  const script = path.resolve(__dirname, '..', '..', '..', 'docker', 'dagster', 'render_instance.py');

  function render(role: string) {
    const task = named(dev, 'aws:ecs/taskDefinition:TaskDefinition', `dagster-${role}-task`);
    const [c] = JSON.parse(String(task.inputs.containerDefinitions)) as {
      environment: { name: string; value: string }[];
    }[];
    const home = mkdtempSync(path.join(tmpdir(), 'dagster-home-'));
    const env = Object.fromEntries(c!.environment.map((v) => [v.name, v.value]));
    const result = spawnSync('python3', [script], {
      env: {
        PATH: process.env.PATH,
        DAGSTER_HOME: home,
        DAGSTER_WORKSPACE_FILE: path.join(home, 'workspace.yaml'),
        ...env,
      },
      encoding: 'utf8',
    });
    expect({ role, status: result.status, stderr: result.stderr }).toEqual({ role, status: 0, stderr: '' });
    return {
      instance: JSON.parse(readFileSync(path.join(home, 'dagster.yaml'), 'utf8')) as Record<
        string,
        Record<string, unknown>
      >,
      workspace: JSON.parse(readFileSync(path.join(home, 'workspace.yaml'), 'utf8')) as unknown,
    };
  }

  it('starts every Dagster role with the environment its task definition gives it', () => {
    for (const role of ['webserver-admin', 'webserver-readonly', 'daemon', 'code-server', 'run-worker'])
      render(role);
  });

  it('loads the ECS run launcher only where a task role can serve it', () => {
    const launchers = Object.fromEntries(
      ['webserver-admin', 'webserver-readonly', 'daemon', 'code-server', 'run-worker'].map((role) => [
        role,
        (render(role).instance.run_launcher as { class?: string } | undefined)?.class ?? 'default',
      ]),
    );
    expect(launchers).toEqual({
      'webserver-admin': 'EcsRunLauncher',
      'webserver-readonly': 'default',
      daemon: 'EcsRunLauncher',
      'code-server': 'default',
      'run-worker': 'EcsRunLauncher',
    });
  });

  it('launches runs as run-worker tasks in the private subnets, with the run-worker group, on Spot in dev', () => {
    const { instance, workspace } = render('daemon');
    const privateSubnets = ofType(dev, 'aws:ec2/subnet:Subnet')
      .filter((s) => (s.inputs.tags as Record<string, string>).tier === 'private')
      .map((s) => `${s.name}-id`);
    expect(instance.run_launcher).toEqual({
      module: 'dagster_aws.ecs',
      class: 'EcsRunLauncher',
      config: {
        task_definition: 'energy-market-dev-run-worker',
        container_name: 'run-worker',
        use_current_ecs_task_config: false,
        secrets_tag: null,
        run_task_kwargs: {
          cluster: 'energy-market-dev-dagster',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: privateSubnets,
              securityGroups: ['network-firewall-runWorker-id'],
              assignPublicIp: 'DISABLED',
            },
          },
        },
      },
    });
    expect(instance.storage).toMatchObject({
      postgres: { postgres_db: { password: { env: 'DAGSTER_PG_PASSWORD' }, params: { sslmode: 'require' } } },
    });
    expect(workspace).toEqual({
      load_from: [
        {
          grpc_server: {
            host: 'code-server.dev.energy-market.internal',
            port: 4000,
            location_name: 'energy-market',
          },
        },
      ],
    });
  });
});
