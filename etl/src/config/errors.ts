// Errors of the pipeline's configuration edge (CLI flags, environment). Each carries a stable `code`.

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  /** Marks the error as one the user can act on: the CLI prints the message alone. */
  readonly expected = true;
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `invalid configuration: ${problems[0]}`
        : `invalid configuration:\n${problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}
