// `ops plan <stack> --offline [--json]`: infra's offline plan (the real program under mocks), printed as is.
// Evaluation and formatting are infra's; ops only chooses the format and the output.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateStack } from '../../../infra/src/offline/evaluate';
import { formatPlanJson, formatPlanText } from '../../../infra/src/offline/plan';
import { REPOSITORY_ROOT } from '../../../infra/src/offline/stack-files';
import { UsageError } from '../errors';
import type { Io } from '../io';

export interface PlanOptions {
  readonly stack: string;
  /** Must be true: a live plan is `ops preview`. */
  readonly offline: boolean;
  readonly json?: boolean;
}

export async function plan(options: PlanOptions, io: Io): Promise<void> {
  if (!options.offline) {
    throw new UsageError(
      'ops plan only runs offline (--offline); for a plan against AWS use `ops preview <stack>`',
    );
  }
  if (!existsSync(path.join(REPOSITORY_ROOT, `Pulumi.${options.stack}.yaml`))) {
    throw new UsageError(`no stack file Pulumi.${options.stack}.yaml in ${REPOSITORY_ROOT}`);
  }
  const evaluation = await evaluateStack(options.stack);
  io.out(options.json ? formatPlanJson(evaluation) : formatPlanText(evaluation));
}
