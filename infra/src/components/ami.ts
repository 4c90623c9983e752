// Amazon Linux 2023 (arm64) for our hosts: a pinned id from config, or the newest one looked up once; the host
// then ignores later `ami` changes so a newly published AMI never replaces a running host (issue #3).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export function amazonLinuxAmi(
  pinned: string | undefined,
  opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
  if (pinned) return pulumi.output(pinned);
  return aws.ec2.getAmiOutput(
    {
      owners: ['amazon'],
      mostRecent: true,
      filters: [
        { name: 'name', values: ['al2023-ami-2023.*-kernel-*-arm64'] },
        { name: 'architecture', values: ['arm64'] },
      ],
    },
    opts,
  ).id;
}

/** Resource option that keeps a running host when only the looked-up AMI changed. */
export function amiDriftOptions(
  pinned: string | undefined,
): Pick<pulumi.CustomResourceOptions, 'ignoreChanges'> {
  return { ignoreChanges: pinned ? [] : ['ami'] };
}
