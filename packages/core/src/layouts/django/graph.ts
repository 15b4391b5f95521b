/**
 * Django's migration graph (django/db/migrations/loader.py, graph.py): `dependencies` across
 * apps (`__first__`, `__latest__`), `run_before`, and squashed migrations (`replaces`).
 * Dependencies on apps that have no migrations here (django.contrib.*, third-party apps) are
 * outside the graph; a missing migration of an app that is here is a problem.
 */
import type { Span } from '../../model/source.js';
import { topologicalOrder } from '../python/order.js';

export interface DepRef {
  app: string;
  name: string;
  span: Span;
}

export interface DjangoNode {
  app: string;
  name: string;
  file: string;
  dependencies: DepRef[];
  runBefore: DepRef[];
  replaces: DepRef[];
  /** Where the Migration class starts (for graph-wide problems). */
  classSpan: Span;
  /** The file has a Python syntax error: what it declares is not reliable. */
  broken?: boolean;
}

export interface DjangoGraph {
  order: DjangoNode[];
  /** Squashed migrations whose replaced migrations are still on disk: Django runs them only on databases where none of those ran. */
  shadowed: Map<DjangoNode, DjangoNode[]>;
  problems: Array<{ file: string; span: Span; message: string }>;
}

const key = (app: string, name: string) => `${app}\0${name}`;
const cmp = (a: DjangoNode, b: DjangoNode) => (a.app < b.app ? -1 : a.app > b.app ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function buildDjangoGraph(nodes: readonly DjangoNode[]): DjangoGraph {
  const problems: DjangoGraph['problems'] = [];
  const byKey = new Map<string, DjangoNode>();
  for (const n of nodes) {
    const prev = byKey.get(key(n.app, n.name));
    if (prev) problems.push({ file: n.file, span: n.classSpan, message: `Migration ${n.app}.${n.name} is also defined in ${prev.file}` });
    else byKey.set(key(n.app, n.name), n);
  }
  const apps = new Set(nodes.map((n) => n.app));
  const shadowed = new Map<DjangoNode, DjangoNode[]>();
  const remap = new Map<string, DjangoNode>();
  for (const n of byKey.values()) {
    if (!n.replaces.length) continue;
    const present = n.replaces.map((r) => byKey.get(key(r.app, r.name))).filter((x): x is DjangoNode => !!x);
    if (present.length) shadowed.set(n, present);
    for (const r of n.replaces) if (!byKey.has(key(r.app, r.name))) remap.set(key(r.app, r.name), n);
  }

  const parents = new Map<DjangoNode, Set<DjangoNode>>([...byKey.values()].map((n) => [n, new Set<DjangoNode>()]));
  const appNodes = (app: string) => [...byKey.values()].filter((n) => n.app === app && !shadowed.has(n));
  const sameAppParents = (n: DjangoNode) => n.dependencies.filter((d) => d.app === n.app);
  for (const n of byKey.values()) {
    for (const d of n.dependencies) {
      if (d.name === '__first__' || d.name === '__latest__') {
        if (!apps.has(d.app) || d.app === n.app) continue;
        const group = appNodes(d.app);
        const chosen =
          d.name === '__first__'
            ? group.filter((g) => !sameAppParents(g).some((p) => byKey.has(key(p.app, p.name)) || remap.has(key(p.app, p.name))))
            : group.filter((g) => !group.some((o) => sameAppParents(o).some((p) => p.name === g.name)));
        for (const c of chosen) parents.get(n)!.add(c);
        continue;
      }
      const target = byKey.get(key(d.app, d.name)) ?? remap.get(key(d.app, d.name));
      if (target) {
        if (target !== n) parents.get(n)!.add(target);
      } else if (apps.has(d.app) && !n.broken) {
        problems.push({
          file: n.file,
          span: d.span,
          message: `Dependency ('${d.app}', '${d.name}') names no migration: ${d.app} has no migration ${d.name}. Django stops with NodeNotFoundError before running any migration.`,
        });
      }
    }
    for (const r of n.runBefore) {
      const target = byKey.get(key(r.app, r.name)) ?? remap.get(key(r.app, r.name));
      if (target) parents.get(target)!.add(n);
      else if (apps.has(r.app)) problems.push({ file: n.file, span: r.span, message: `run_before ('${r.app}', '${r.name}') names no migration: ${r.app} has no migration ${r.name}` });
    }
  }
  // A squashed migration shown next to the migrations it replaces comes after them.
  for (const [s, replaced] of shadowed) for (const r of replaced) parents.get(s)!.add(r);

  const { order, children } = topologicalOrder(parents, cmp);
  const cyclic = [...byKey.values()].filter((n) => !order.includes(n)).sort(cmp);
  for (const n of cyclic) problems.push({ file: n.file, span: n.classSpan, message: `Migration ${n.app}.${n.name} is part of a dependency cycle: Django cannot order it (CircularDependencyError)` });
  order.push(...cyclic);

  // Conflicts: two leaves in one app (`migrate` refuses until `makemigrations --merge`).
  for (const app of [...apps].sort()) {
    const group = [...byKey.values()].filter((n) => n.app === app && !shadowed.has(n) && !n.broken);
    const leaves = group.filter((g) => !(children.get(g) ?? []).some((c) => c.app === app)).sort(cmp);
    if (leaves.length > 1) {
      const names = leaves.map((l) => l.name).join(', ');
      for (const l of leaves) {
        problems.push({ file: l.file, span: l.classSpan, message: `Conflicting migrations in ${app}: ${names} are all leaves. \`manage.py migrate\` refuses to run until they are merged (\`makemigrations --merge\`).` });
      }
    }
  }
  return { order, shadowed, problems };
}

