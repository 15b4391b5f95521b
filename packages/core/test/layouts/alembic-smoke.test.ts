import { it } from 'vitest';
import { lint, resolveConfig, type Rule } from '@migralint/core';
import { rules } from '@migralint/rules';
it('smoke', async () => {
  const dir = process.env.SMOKE_DIR!;
  const config = resolveConfig({ file: undefined, dir, config: {} }, rules as unknown as Rule<never>[]);
  const results = await lint([{ path: '.' }], config, { cwd: dir });
  for (const r of results) {
    console.log(r.file, JSON.stringify(r.migrations.map((m) => [m.id, m.orderKey, m.transactional, m.operations])));
    for (const d of r.diagnostics) console.log(`  ${d.ruleId}@${d.span.start.line}:${d.span.start.column} ${d.message}`);
  }
});
