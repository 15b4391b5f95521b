/*
 * Every examples/<name>/README.md states how to run migralint on it and what it prints. This
 * test runs each stated command with the real binary and compares output and exit code exactly.
 * `UPDATE_EXAMPLES=1` (root script `examples:update`) rewrites the expected blocks instead.
 *
 * README format:
 *   ```sh
 *   cd examples/<name>                      (optional; default: the repository root)
 *   node ../../packages/cli/dist/bin.js [args]
 *   ```
 *   Expected output (exit code N):
 *   ```text
 *   …
 *   ```
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migralint, REPO } from './cli-helpers.js';

interface Example {
  readme: string;
  cwd: string;
  args: string[];
  code: number;
  expected: string;
  /** Offsets of the expected block's content in the README, for rewriting. */
  start: number;
  end: number;
}

const BLOCK = /```sh\n((?:cd [^\n]+\n)?)node [^\s]*packages\/cli\/dist\/bin\.js([^\n]*)\n```\s*\n+Expected output \(exit code (\d+)\):\s*\n+```text\n/;

function parse(readme: string): Example | undefined {
  const text = readFileSync(readme, 'utf8');
  const m = BLOCK.exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const end = text.indexOf('```', start);
  const dir = m[1]!.trim().replace(/^cd\s+/, '');
  return {
    readme,
    cwd: dir ? join(REPO, dir) : REPO,
    args: m[2]!.trim().split(/\s+/).filter(Boolean),
    code: Number(m[3]),
    expected: text.slice(start, end),
    start,
    end,
  };
}

const readmes = readdirSync(join(REPO, 'examples'))
  .map((d) => join(REPO, 'examples', d, 'README.md'))
  .filter((f) => existsSync(f));

describe('examples/*/README.md expected output', () => {
  it('every example folder has a README with a runnable expected-output block', () => {
    expect(readmes.length).toBeGreaterThan(0);
    expect(readmes.filter((f) => !parse(f)).map((f) => f.slice(REPO.length + 1))).toEqual([]);
  });

  for (const readme of readmes) {
    it(readme.slice(REPO.length + 1), () => {
      const ex = parse(readme);
      if (!ex) return; // reported by the test above
      const r = migralint(ex.args, { cwd: ex.cwd });
      if (process.env.UPDATE_EXAMPLES) {
        const text = readFileSync(readme, 'utf8');
        const updated = text.slice(0, ex.start) + r.stdout + text.slice(ex.end).replace(/^/, '');
        writeFileSync(readme, updated.replace(/Expected output \(exit code \d+\)/, `Expected output (exit code ${r.code})`));
        return;
      }
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(ex.expected);
      expect(r.code).toBe(ex.code);
    });
  }
});
