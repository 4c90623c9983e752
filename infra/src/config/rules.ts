// Rules across several settings, checked after the schema so every message can name exact keys.
import { checkFargateSize } from './fargate-size';
import type { ParsedStackConfig } from './schema';

export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export function checkRules(config: ParsedStackConfig): RuleProblem[] {
  const problems: RuleProblem[] = [];
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
