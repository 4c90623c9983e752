// The four images this repository builds: their Dockerfiles and the sources that change them.

export const IMAGE_NAMES = ['etl', 'auth', 'caddy', 'dagster'] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];

export interface ImageSpec {
  readonly name: ImageName;
  /** Dockerfile path relative to the repository root (the build context). */
  readonly dockerfile: string;
  /** Files and folders whose content determines the image. */
  readonly inputs: readonly string[];
}

const NODE_WORKSPACE_ROOT = ['package.json', 'package-lock.json', 'tsconfig.base.json'];

export const IMAGE_SPECS: Readonly<Record<ImageName, ImageSpec>> = {
  etl: {
    name: 'etl',
    dockerfile: 'docker/etl.Dockerfile',
    inputs: ['docker/etl.Dockerfile', ...NODE_WORKSPACE_ROOT, 'etl'],
  },
  auth: {
    name: 'auth',
    dockerfile: 'docker/auth.Dockerfile',
    inputs: ['docker/auth.Dockerfile', ...NODE_WORKSPACE_ROOT, 'auth'],
  },
  caddy: {
    name: 'caddy',
    dockerfile: 'docker/caddy.Dockerfile',
    inputs: ['docker/caddy.Dockerfile', 'docker/caddy'],
  },
  // The Dagster image embeds `etl assets --json`, so the etl sources change it too.
  dagster: {
    name: 'dagster',
    dockerfile: 'docker/dagster.Dockerfile',
    inputs: ['docker/dagster.Dockerfile', 'docker/dagster', ...NODE_WORKSPACE_ROOT, 'etl'],
  },
};

/** ECR lifecycle: untagged layers go after a week; at most 30 images stay (older digests are no longer deployed). */
export const ECR_LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'expire untagged images after 7 days',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: 'keep the 30 newest images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
      action: { type: 'expire' },
    },
  ],
});
