// The one error class of the infra program: a stack configuration that cannot be deployed.

/** One problem found in the stack configuration, with the key it concerns. */
export interface ConfigProblem {
  /** Full config key path as the Pulumi CLI spells it, e.g. `energy-market:adminCidrs[2]`. */
  readonly key: string;
  /** What is wrong and what to do, e.g. `is 0.0.0.0/0; list office or VPN ranges only`. */
  readonly message: string;
}

/** Thrown once, at program start, listing every problem in the stack configuration. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const noun = problems.length === 1 ? 'problem' : 'problems';
    const lines = problems.map((p, i) => `  ${i + 1}. ${p.key} ${p.message}`);
    super(`${source} has ${problems.length} ${noun}:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
  }
}
