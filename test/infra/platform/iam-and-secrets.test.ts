// Every IAM statement of every workload role, and every place a secret could leak (inputs, user data, task
// environment, outputs), for both stacks, from the real program evaluated under mocks.
import { ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS } from '../../../infra/src/iam/policy';
import { evaluateStack, type Evaluation } from '../../../infra/src/offline/evaluate';
import { MOCK_PRIVATE_KEY_MARKER, MOCK_SECRET_MARKER } from '../../../infra/src/offline/mock-state';
import { iamStatements, named, ofType, stringsIn } from '../support';

let dev: Evaluation;
let prod: Evaluation;

beforeAll(async () => {
  dev = await evaluateStack('dev');
  prod = await evaluateStack('prod');
});

/** `role Sid actions -> resources [condition]`, with this account and region shortened to `A:<service>:`. */
function statementLines(e: Evaluation): string[] {
  const short = (text: string) =>
    text
      .replace(/arn:aws:([a-z0-9-]+):ap-southeast-2:123456789012:/g, 'A:$1:')
      .replace(/arn:aws:iam::123456789012:/g, 'IAM:');
  return iamStatements(e)
    .map((s) => {
      expect(s.Effect).toBe('Allow');
      const condition = s.Condition ? ` if ${short(JSON.stringify(s.Condition))}` : '';
      return short(`${s.role} ${s.Sid} ${s.Action.join(',')} -> ${s.Resource.join(' ')}${condition}`);
    })
    .sort();
}

describe('IAM statements', () => {
  it('grant dev exactly the reviewed permissions, per workload', () => {
    const p = 'energy-market-dev';
    const bucket = (kind: string) => `arn:aws:s3:::${p}-${kind}-123456789012`;
    const runCondition = ` if {"ArnEquals":{"ecs:cluster":"A:ecs:cluster/${p}-dagster"}}`;
    const passCondition = ' if {"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}';
    const tagCondition = ' if {"StringEquals":{"ecs:CreateAction":"RunTask"}}';
    const tasks = `A:ecs:task/${p}-dagster/*`;
    const pull = 'ecr:BatchGetImage,ecr:GetDownloadUrlForLayer,ecr:BatchCheckLayerAvailability';
    const dagsterLogs = ['webserver-admin', 'webserver-readonly', 'daemon', 'code-server', 'run-worker']
      .map((r) => `A:logs:log-group:/energy-market/dev/dagster/${r}:log-stream:*`)
      .join(' ');
    expect(statementLines(dev)).toEqual(
      [
        `${p}-bastion ReadOwnHostKey ssm:GetParameter -> A:ssm:parameter/energy-market/dev/bastion/ssh-host-key`,
        `${p}-caddy EcrLogin ecr:GetAuthorizationToken -> *`,
        `${p}-caddy PullEdgeImages ${pull} -> A:ecr:repository/${p}-caddy A:ecr:repository/${p}-auth`,
        `${p}-caddy ReadOwnParameters ssm:GetParameter -> A:ssm:parameter/energy-market/dev/caddy/ssh-host-key ` +
          'A:ssm:parameter/energy-market/dev/auth/cookie-secret A:ssm:parameter/energy-market/dev/images/caddy ' +
          'A:ssm:parameter/energy-market/dev/images/auth',
        `${p}-daemon RunPassTaskRoles iam:PassRole -> IAM:role/${p}-run-worker IAM:role/${p}-dagster-execution${passCondition}`,
        `${p}-daemon RunReadTaskDefinitions ecs:DescribeTaskDefinition -> *`,
        `${p}-daemon RunRunTask ecs:RunTask -> A:ecs:task-definition/${p}-run-worker:*${runCondition}`,
        `${p}-daemon RunTagOnLaunch ecs:TagResource -> ${tasks}${tagCondition}`,
        `${p}-daemon RunWatchTasks ecs:DescribeTasks,ecs:StopTask -> ${tasks}`,
        `${p}-dagster-execution EcrLogin ecr:GetAuthorizationToken -> *`,
        `${p}-dagster-execution PullImage ${pull} -> A:ecr:repository/${p}-dagster`,
        `${p}-dagster-execution ReadSecrets secretsmanager:GetSecretValue -> A:secretsmanager:secret:rds!db-5f9cd6fd`,
        `${p}-dagster-execution WriteLogs logs:CreateLogStream,logs:PutLogEvents -> ${dagsterLogs}`,
        `${p}-etl CoordinateCommits dynamodb:GetItem,dynamodb:PutItem,dynamodb:UpdateItem,dynamodb:Query,dynamodb:DescribeTable -> A:dynamodb:table/${p}-delta-log`,
        `${p}-etl LandFiles s3:GetObject,s3:PutObject -> ${bucket('landing')}/*`,
        `${p}-etl ListLake s3:ListBucket -> ${['landing', 'bronze', 'silver', 'gold'].map(bucket).join(' ')}`,
        `${p}-etl MaintainLandingBookkeeping s3:DeleteObject -> ${bucket('landing')}/_*`,
        `${p}-etl WriteTables s3:GetObject,s3:PutObject,s3:DeleteObject -> ${['bronze', 'silver', 'gold'].map((k) => `${bucket(k)}/*`).join(' ')}`,
        `${p}-etl-execution EcrLogin ecr:GetAuthorizationToken -> *`,
        `${p}-flow-logs WriteFlowLogs logs:CreateLogStream,logs:PutLogEvents,logs:DescribeLogStreams -> ` +
          'A:logs:log-group:/energy-market/dev/vpc/rejected A:logs:log-group:/energy-market/dev/vpc/rejected:log-stream:*',
        `${p}-etl-execution PullImage ${pull} -> A:ecr:repository/${p}-etl`,
        `${p}-etl-execution WriteLogs logs:CreateLogStream,logs:PutLogEvents -> A:logs:log-group:/energy-market/dev/etl:log-stream:*`,
        `${p}-run-worker EtlPassTaskRoles iam:PassRole -> IAM:role/${p}-etl IAM:role/${p}-etl-execution${passCondition}`,
        `${p}-run-worker EtlReadTaskDefinitions ecs:DescribeTaskDefinition -> *`,
        `${p}-run-worker EtlRunTask ecs:RunTask -> A:ecs:task-definition/${p}-etl:*${runCondition}`,
        `${p}-run-worker EtlTagOnLaunch ecs:TagResource -> ${tasks}${tagCondition}`,
        `${p}-run-worker EtlWatchTasks ecs:DescribeTasks,ecs:StopTask -> ${tasks}`,
        `${p}-run-worker FollowEtlLogs logs:GetLogEvents,logs:FilterLogEvents -> A:logs:log-group:/energy-market/dev/etl A:logs:log-group:/energy-market/dev/etl:log-stream:*`,
        `${p}-webserver-admin ReadTaskDefinitions ecs:DescribeTaskDefinition -> *`,
        `${p}-webserver-admin StopRuns ecs:DescribeTasks,ecs:StopTask -> ${tasks}`,
      ].sort(),
    );
  });

  it('grant prod the same statements, scoped to prod names only', () => {
    const devShape = statementLines(dev).map((l) =>
      l.replaceAll('energy-market-dev', 'P').replaceAll('/energy-market/dev/', '/P/'),
    );
    const prodLines = statementLines(prod);
    expect(prodLines.join('\n')).not.toMatch(/energy-market-dev|\/energy-market\/dev\//);
    const prodShape = prodLines.map((l) =>
      l.replaceAll('energy-market-prod', 'P').replaceAll('/energy-market/prod/', '/P/'),
    );
    // The RDS-generated secret name differs per stack; everything else is identical in shape.
    const withoutSecret = (lines: string[]) => lines.map((l) => l.replace(/rds!db-[0-9a-f]+/, 'rds!db-X'));
    expect(withoutSecret(prodShape)).toEqual(withoutSecret(devShape));
  });

  it('never allows a wildcard action, and uses "*" resources only where AWS offers nothing narrower', () => {
    for (const e of [dev, prod]) {
      for (const s of iamStatements(e)) {
        for (const action of s.Action) expect(action).not.toContain('*');
        if (s.Resource.includes('*')) {
          expect(s.Action.every((a) => ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.has(a))).toBe(true);
        }
      }
    }
  });

  it('lets no role delete raw landed files', () => {
    for (const e of [dev, prod]) {
      for (const s of iamStatements(e).filter((st) => st.Action.includes('s3:DeleteObject'))) {
        for (const r of s.Resource.filter((res) => res.includes('-landing-')))
          expect(r).toMatch(/-landing-\d{12}\/_\*$/);
      }
    }
  });

  it('scopes SSM reads to the stack parameter path', () => {
    for (const e of [dev, prod]) {
      const ssm = iamStatements(e).filter((s) => s.Action.some((a) => a.startsWith('ssm:')));
      expect(ssm.length).toBeGreaterThan(0);
      for (const s of ssm) {
        for (const r of s.Resource) expect(r).toMatch(new RegExp(`:parameter/energy-market/${e.stack}/`));
      }
    }
  });

  it('gives each workload its own role with the right trust', () => {
    for (const e of [dev, prod]) {
      const trust = Object.fromEntries(
        ofType(e, 'aws:iam/role:Role').map((r) => [
          String(r.inputs.name).replace(`energy-market-${e.stack}-`, ''),
          (
            JSON.parse(String(r.inputs.assumeRolePolicy)) as {
              Statement: { Principal: { Service: string } }[];
            }
          ).Statement[0]!.Principal.Service,
        ]),
      );
      expect(trust).toEqual({
        bastion: 'ec2.amazonaws.com',
        caddy: 'ec2.amazonaws.com',
        'dagster-execution': 'ecs-tasks.amazonaws.com',
        'etl-execution': 'ecs-tasks.amazonaws.com',
        etl: 'ecs-tasks.amazonaws.com',
        'run-worker': 'ecs-tasks.amazonaws.com',
        daemon: 'ecs-tasks.amazonaws.com',
        'webserver-admin': 'ecs-tasks.amazonaws.com',
        'flow-logs': 'vpc-flow-logs.amazonaws.com',
      });
    }
  });

  it('lets VPC flow logs of this account alone assume the flow-log role', () => {
    const role = ofType(dev, 'aws:iam/role:Role').find(
      (r) => r.inputs.name === 'energy-market-dev-flow-logs',
    )!;
    expect(
      (JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: { Condition: unknown }[] })
        .Statement[0]!.Condition,
    ).toEqual({
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:ap-southeast-2:123456789012:vpc-flow-log/*' },
      StringEquals: { 'aws:SourceAccount': '123456789012' },
    });
  });

  it('lets only ECS tasks of this account and region assume the ECS roles', () => {
    for (const e of [dev, prod]) {
      const ecsRoles = ofType(e, 'aws:iam/role:Role').filter((r) =>
        String(r.inputs.assumeRolePolicy).includes('ecs-tasks'),
      );
      expect(ecsRoles).toHaveLength(6);
      for (const r of ecsRoles) {
        expect(
          (JSON.parse(String(r.inputs.assumeRolePolicy)) as { Statement: { Condition: unknown }[] })
            .Statement[0]!.Condition,
        ).toEqual({
          ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:ap-southeast-2:123456789012:*' },
          StringEquals: { 'aws:SourceAccount': '123456789012' },
        });
      }
    }
  });

  it('runs the read-only webserver and the code server without any task role', () => {
    for (const role of ['webserver-readonly', 'code-server']) {
      expect(
        named(dev, 'aws:ecs/taskDefinition:TaskDefinition', `dagster-${role}-task`).inputs.taskRoleArn,
      ).toBeUndefined();
    }
  });
});

/** Pulumi marks a whole object secret when one of its fields is (e.g. an image's `registry`). */
const isUnderSecret = (secretPaths: readonly string[], path: string) =>
  secretPaths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));

describe('secrets', () => {
  const isSecretMaterial = (text: string) =>
    text.includes(MOCK_PRIVATE_KEY_MARKER) || text.includes(MOCK_SECRET_MARKER);

  it('appear only as secret inputs of SSM SecureStrings (and the ECR login of the image build)', () => {
    for (const e of [dev, prod]) {
      const places = e.resources.flatMap((r) =>
        stringsIn(r.inputs)
          .filter((s) => isSecretMaterial(s.text))
          .map((s) => ({
            resource: `${r.type}::${r.name}`,
            path: s.path,
            isSecret: isUnderSecret(r.secretPaths, s.path),
            r,
          })),
      );
      expect(places.length).toBeGreaterThan(0);
      for (const { r, ...place } of places) {
        expect(place).toEqual({ ...place, isSecret: true });
        if (r.type === 'aws:ssm/parameter:Parameter') expect(r.inputs.type).toBe('SecureString');
        else
          expect(place).toMatchObject({
            resource: expect.stringMatching(/^docker:index\/image:Image::/),
            path: 'registry.password',
          });
      }
      const secureNames = ofType(e, 'aws:ssm/parameter:Parameter')
        .filter((p) => p.inputs.type === 'SecureString')
        .map((p) => p.inputs.name)
        .sort();
      expect(secureNames).toEqual(
        ['auth/cookie-secret', 'bastion/ssh-host-key', 'bastion/ssh-private-key', 'caddy/ssh-host-key'].map(
          (n) => `/energy-market/${e.stack}/${n}`,
        ),
      );
    }
  });

  it('never reach user data, task definitions or stack outputs', () => {
    for (const e of [dev, prod]) {
      for (const instance of ofType(e, 'aws:ec2/instance:Instance')) {
        expect(isSecretMaterial(String(instance.inputs.userData ?? ''))).toBe(false);
      }
      for (const task of ofType(e, 'aws:ecs/taskDefinition:TaskDefinition')) {
        expect(isSecretMaterial(String(task.inputs.containerDefinitions))).toBe(false);
      }
      expect(stringsIn(e.outputs).filter((s) => isSecretMaterial(s.text))).toEqual([]);
    }
  });

  it('give Dagster its database password from Secrets Manager, never as plain environment', () => {
    const task = named(dev, 'aws:ecs/taskDefinition:TaskDefinition', 'dagster-daemon-task');
    const [container] = JSON.parse(String(task.inputs.containerDefinitions)) as {
      environment: { name: string }[];
      secrets: { name: string; valueFrom: string }[];
    }[];
    expect(container!.environment.map((v) => v.name)).not.toContain('DAGSTER_PG_PASSWORD');
    expect(container!.secrets).toEqual([
      {
        name: 'DAGSTER_PG_USERNAME',
        valueFrom: expect.stringMatching(/^arn:aws:secretsmanager:.*:username::$/),
      },
      {
        name: 'DAGSTER_PG_PASSWORD',
        valueFrom: expect.stringMatching(/^arn:aws:secretsmanager:.*:password::$/),
      },
    ]);
    const db = ofType(dev, 'aws:rds/instance:Instance')[0]!;
    expect(db.inputs).toMatchObject({ manageMasterUserPassword: true });
    expect(db.inputs.password).toBeUndefined();
  });

  it('installs host keys by fetching them at boot, by parameter name', () => {
    const userData = String(named(dev, 'aws:ec2/instance:Instance', 'bastion-instance').inputs.userData);
    expect(userData).toContain("--name '/energy-market/dev/bastion/ssh-host-key' --with-decryption");
    expect(userData).not.toContain('BEGIN OPENSSH PRIVATE KEY');
  });
});
