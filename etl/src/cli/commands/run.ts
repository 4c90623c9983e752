// Placeholder until the command is built (see the issue that owns it); registers nothing yet.
import type { Command } from 'commander';

export function register(_program: Command): void {}
