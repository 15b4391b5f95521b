// Writes packages/rules/docs from the built rules (run `tsc -b` first; `pnpm docs` does both).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { rules } from '../dist/index.js';
import { docFileName, renderDoc, renderIndex } from '../dist/docs/render.js';

const dir = new URL('../docs/', import.meta.url);
mkdirSync(dir, { recursive: true });
const wanted = new Set(['README.md']);
for (const rule of rules) {
  const name = docFileName(rule.meta.id);
  wanted.add(name);
  writeFileSync(new URL(name, dir), renderDoc(rule));
}
writeFileSync(new URL('README.md', dir), renderIndex(rules));
// A page whose rule is gone would otherwise linger.
for (const f of readdirSync(dir)) if (f.endsWith('.md') && !wanted.has(f)) rmSync(new URL(f, dir));
console.log(`wrote ${rules.length} rule pages and README.md to packages/rules/docs`);
