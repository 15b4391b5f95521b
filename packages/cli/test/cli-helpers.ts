import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = join(REPO, 'packages/cli/dist/bin.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the real built binary, as a user would run it. */
export function migralint(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
  delete env.FORCE_COLOR;
  if (!options.env?.NO_COLOR) delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, input: options.input ?? '', encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary project: files by relative path (strings or bytes). */
export function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migralint-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
