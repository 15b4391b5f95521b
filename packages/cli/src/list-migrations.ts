import { compareOrderKeys, type LintResult } from '@migralint/core';

export interface ListedMigration {
  /** 1-based position in the order migralint lints (and the framework runs) them. */
  order: number;
  id: string;
  file: string;
  layout: string;
  engine: string;
  direction: string;
  transactional: string;
  /** The framework's sort key, for tools that want to compare. */
  orderKey: ReadonlyArray<string | number>;
}

/** Every migration found, in the frameworks' own order. */
export function listedMigrations(results: readonly LintResult[]): ListedMigration[] {
  const all = results.flatMap((r) => r.migrations.map((m) => ({ m, file: r.file })));
  all.sort((a, b) => compareOrderKeys(a.m.orderKey, b.m.orderKey) || (a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : 0));
  return all.map(({ m, file }, i) => ({
    order: i + 1,
    id: m.id,
    file,
    layout: m.layout,
    engine: m.engine,
    direction: m.direction,
    transactional: m.transactional,
    orderKey: m.orderKey,
  }));
}

/** `--list-migrations`: per migration, its layout, engine, order, direction and transaction (text or JSON). */
export function listMigrations(results: readonly LintResult[], json: boolean): string {
  const rows = listedMigrations(results);
  if (json) return `${JSON.stringify({ migrations: rows }, null, 2)}\n`;
  if (!rows.length) return 'No migrations found.\n';
  const header = ['#', 'layout', 'engine', 'direction', 'transaction', 'migration'];
  const cells = rows.map((r) => [String(r.order), r.layout, r.engine, r.direction, r.transactional, r.id]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
