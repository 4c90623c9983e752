// ECR repositories and the images built from this repository's Dockerfiles with @pulumi/docker. Workloads use
// images by digest (`repo@sha256:…`), published in SSM for the hosts, so a tag can never move under them.
import * as aws from '@pulumi/aws';
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import { parameterPath, physicalName, type StackIdentity } from '../../naming';
import { contextDigest } from './context-digest';
import { ECR_LIFECYCLE_POLICY, IMAGE_NAMES, IMAGE_SPECS, type ImageName } from './specs';

export { contextDigest } from './context-digest';
export { ECR_LIFECYCLE_POLICY, IMAGE_NAMES, IMAGE_SPECS, type ImageName, type ImageSpec } from './specs';

export interface ImagesArgs {
  readonly identity: StackIdentity;
  /** Repository root: the Docker build context. */
  readonly repositoryRoot: string;
  readonly protectData: boolean;
}

export interface BuiltImage {
  readonly repositoryArn: pulumi.Output<string>;
  readonly repositoryUrl: pulumi.Output<string>;
  /** `<repositoryUrl>@sha256:…` */
  readonly imageRef: pulumi.Output<string>;
  readonly parameterName: string;
  readonly parameterArn: pulumi.Output<string>;
}

export class Images extends pulumi.ComponentResource {
  readonly images: Readonly<Record<ImageName, BuiltImage>>;
  readonly registry: pulumi.Output<string>;

  constructor(name: string, args: ImagesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:images:Images', name, {}, opts);
    const child = { parent: this };
    const images = {} as Record<ImageName, BuiltImage>;
    let registry: pulumi.Output<string> | undefined;
    for (const imageName of IMAGE_NAMES) {
      const spec = IMAGE_SPECS[imageName];
      const repository = new aws.ecr.Repository(
        `${name}-${imageName}`,
        {
          name: physicalName(args.identity, imageName),
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: 'AES256' }],
          forceDelete: !args.protectData,
        },
        child,
      );
      new aws.ecr.LifecyclePolicy(
        `${name}-${imageName}-lifecycle`,
        { repository: repository.name, policy: ECR_LIFECYCLE_POLICY },
        child,
      );
      // `<account>.dkr.ecr.<region>.amazonaws.com`: docker logs in to the registry host, not the repository path.
      const registryHost = repository.repositoryUrl.apply((url) => url.split('/')[0] as string);
      const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, child);
      const tag = contextDigest(args.repositoryRoot, spec.inputs).slice(0, 16);
      const image = new docker.Image(
        `${name}-${imageName}-image`,
        {
          imageName: pulumi.interpolate`${repository.repositoryUrl}:${tag}`,
          build: {
            context: args.repositoryRoot,
            dockerfile: `${args.repositoryRoot}/${spec.dockerfile}`,
            platform: 'linux/arm64',
          },
          registry: {
            server: registryHost,
            username: token.userName,
            password: pulumi.secret(token.password),
          },
        },
        child,
      );
      const parameterName = parameterPath(args.identity, 'images', imageName);
      const parameter = new aws.ssm.Parameter(
        `${name}-${imageName}-ref`,
        {
          name: parameterName,
          type: 'String',
          value: image.repoDigest,
          description: `${imageName} image by digest`,
        },
        child,
      );
      registry ??= registryHost;
      images[imageName] = {
        repositoryArn: repository.arn,
        repositoryUrl: repository.repositoryUrl,
        imageRef: image.repoDigest,
        parameterName,
        parameterArn: parameter.arn,
      };
    }
    this.images = images;
    this.registry = registry as pulumi.Output<string>;
    this.registerOutputs({});
  }
}
