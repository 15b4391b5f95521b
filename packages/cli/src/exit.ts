import { ConfigError } from '@migralint/core';
import type { CliIO } from './main.js';

/** A mistake in how migralint was called: exit 2 with a pointer to `--help`. */
export class UsageError extends Error {}

/** Reports an error that ends a run; every such error exits 2. */
export function reportFailure(io: CliIO, err: unknown): 2 {
  if (err instanceof ConfigError) io.stderr.write(`migralint: config error: ${err.message}\n`);
  else if (err instanceof UsageError) io.stderr.write(`migralint: ${err.message}\nRun 'migralint --help' for usage.\n`);
  else io.stderr.write(`migralint: internal error: ${(err as Error).stack ?? String(err)}\n`);
  return 2;
}

/** Argument parsing ended the run (--help, --version, a usage error): prints what it said and gives the exit code. */
export function writeParseExit(io: CliIO, outcome: { code: number; output: string }): number {
  (outcome.code === 0 ? io.stdout : io.stderr).write(outcome.output);
  return outcome.code;
}
