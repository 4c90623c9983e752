import * as pulumi from '@pulumi/pulumi';
import { assumeRolePolicy, policyDocument, PolicyStatementError } from '../../../infra/src/iam/policy';

const resolve = (o: pulumi.Output<string>) => new Promise<string>((done) => o.apply((v) => done(v)));

describe('policyDocument', () => {
  it('refuses a wildcard action', () => {
    expect(() =>
      policyDocument([{ sid: 'All', actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }]),
    ).toThrow(
      new PolicyStatementError(
        'statement All: action "s3:*" is not a single service:Action; wildcards are not allowed',
      ),
    );
    expect(() => policyDocument([{ sid: 'Star', actions: ['*'], resources: ['arn:aws:s3:::b'] }])).toThrow(
      /wildcards are not allowed/,
    );
  });

  it('refuses "*" resources for actions that support resource-level permissions', () => {
    expect(() =>
      policyDocument([
        { sid: 'Mixed', actions: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage'], resources: ['*'] },
      ]),
    ).toThrow('statement Mixed: resource "*" for ecr:BatchGetImage; name the resources these act on');
  });

  it('refuses a statement without resources', () => {
    expect(() => policyDocument([{ sid: 'None', actions: ['s3:GetObject'], resources: [] }])).toThrow(
      'statement None: lists no resources',
    );
  });

  it('renders statements with resolved resources and conditions', async () => {
    const doc = JSON.parse(
      await resolve(
        policyDocument([
          { sid: 'Login', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
          {
            sid: 'Pass',
            actions: ['iam:PassRole'],
            resources: [pulumi.output('arn:aws:iam::1:role/r')],
            conditions: { StringEquals: { 'iam:PassedToService': pulumi.output('ecs-tasks.amazonaws.com') } },
          },
        ]),
      ),
    ) as unknown;
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Login', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
        {
          Sid: 'Pass',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: ['arn:aws:iam::1:role/r'],
          Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        },
      ],
    });
  });

  it('writes a trust policy for one service', () => {
    expect(JSON.parse(assumeRolePolicy('ec2.amazonaws.com'))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });
});
