import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const update = !!process.env.UPDATE_GOLDEN;

/** Compares with test/golden/<name> byte for byte; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const path = GOLDEN_DIR + name;
  if (update) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`golden file test/golden/${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
  }
  expect(actual, `output differs from test/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(expected);
}

/** Golden files that no test compares against: obsolete ones fail the run (or go, with UPDATE_GOLDEN=1). */
export function obsoleteGoldens(used: readonly string[]): string[] {
  return readdirSync(GOLDEN_DIR).filter((f) => !f.startsWith('.') && !used.includes(f));
}
