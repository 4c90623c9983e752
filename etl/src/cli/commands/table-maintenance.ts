// Placeholder until `etl table optimize|vacuum|checkpoint` is built (issue #4).
import type { Command } from 'commander';

export function register(_table: Command): void {}
