// Rules across several settings, checked after the schema so every message can name exact keys.
import { checkFargateSize } from './fargate-size';
import type { ParsedStackConfig } from './schema';

export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The hosted zone id committed in the example stack files; a real deployment must replace it. */
export const PLACEHOLDER_HOSTED_ZONE_ID = 'Z00000000000000000000';

export interface RuleOptions {
  /** Offline evaluation (tests, `npm run plan`) accepts the example placeholders; `pulumi up` does not. */
  readonly allowPlaceholders?: boolean;
}

export function checkRules(config: ParsedStackConfig, options: RuleOptions = {}): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!options.allowPlaceholders && config.hostedZoneId === PLACEHOLDER_HOSTED_ZONE_ID) {
    problems.push({
      path: ['hostedZoneId'],
      message: `is the example placeholder; set the id of the Route 53 hosted zone serving ${config.domain}`,
    });
  }
  const db = config.database;
  if (db.maxAllocatedStorageGiB < db.allocatedStorageGiB) {
    problems.push({
      path: ['database', 'maxAllocatedStorageGiB'],
      message: `is ${db.maxAllocatedStorageGiB}; it must be at least database.allocatedStorageGiB (${db.allocatedStorageGiB})`,
    });
  }
  for (const [name, size] of Object.entries(config.services)) {
    const problem = checkFargateSize(size.cpu, size.memoryMiB);
    if (problem) problems.push({ path: ['services', name], message: problem });
  }
  // Dagster supports exactly one daemon per deployment (dagster docs, "Dagster daemon").
  if (config.services.daemon.desiredCount !== 1) {
    problems.push({
      path: ['services', 'daemon', 'desiredCount'],
      message: `is ${config.services.daemon.desiredCount}; Dagster runs exactly one daemon, set 1`,
    });
  }
  if (config.database.multiAz && config.azCount < 2) {
    problems.push({
      path: ['database', 'multiAz'],
      message: 'is true while azCount is 1; a Multi-AZ database belongs to a stack with azCount 2 or more',
    });
  }
  return problems;
}
