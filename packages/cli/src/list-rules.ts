import type { ResolvedConfig } from '@migralint/core';

/** `--list-rules`: every rule with its engines, its preset level and whether it is on in this config. */
export function listRules(config: ResolvedConfig, json: boolean): string {
  const rows = [...config.registry.values()]
    .map((r) => ({
      id: r.meta.id,
      engines: [...r.meta.engines],
      recommended: r.meta.recommended || null,
      preset: r.meta.recommended ? 'recommended' : 'all',
      fixable: r.meta.fixable ?? null,
      configured: (() => {
        const e = config.rules[r.meta.id];
        return e === undefined ? 'off' : Array.isArray(e) ? e[0] : e;
      })(),
      description: r.meta.description,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (json) return `${JSON.stringify(rows, null, 2)}\n`;
  const w = Math.max(...rows.map((r) => r.id.length), 4);
  const lines = rows.map(
    (r) => `${r.id.padEnd(w)}  ${r.configured.padEnd(5)}  ${r.preset.padEnd(11)}  ${r.engines.join(',').padEnd(10)}  ${r.description}`,
  );
  return `${'rule'.padEnd(w)}  level  preset       engines     description\n${lines.join('\n')}\n`;
}
