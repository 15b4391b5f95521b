/**
 * Orders the nodes of a migration graph (Alembic revisions, Django migrations) parents first, as
 * Kahn's algorithm does, with ties broken by `cmp` so that the order is stable.
 */
export function topologicalOrder<N>(parents: ReadonlyMap<N, Iterable<N>>, cmp: (a: N, b: N) => number): { order: N[]; children: Map<N, N[]> } {
  const children = new Map<N, N[]>();
  const pending = new Map<N, number>();
  for (const [n, ps] of parents) {
    const unique = new Set(ps);
    pending.set(n, unique.size);
    for (const p of unique) children.set(p, [...(children.get(p) ?? []), n]);
  }
  const ready = [...pending].filter(([, c]) => c === 0).map(([n]) => n);
  const order: N[] = [];
  while (ready.length) {
    ready.sort(cmp);
    const n = ready.shift()!;
    order.push(n);
    for (const c of children.get(n) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  return { order, children };
}
