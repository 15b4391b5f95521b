/**
 * Alembic's revision graph, as alembic/script/revision.py builds it: `down_revision` (a tuple
 * for a merge point) makes the parent edges, `depends_on` adds ordering edges (by revision id or
 * branch label), `branch_labels` name branches. Heads are revisions that no revision names as
 * its `down_revision`.
 */
import type { Span } from '../../model/source.js';
import { topologicalOrder } from '../python/order.js';

export interface RevisionNode {
  revision: string;
  downRevisions: string[];
  dependsOn: string[];
  branchLabels: string[];
  file: string;
  /** Where `revision = …` / `down_revision = …` / `depends_on = …` are written. */
  revisionSpan: Span;
  downSpan: Span;
  dependsSpan: Span;
}

export interface GraphProblem {
  file: string;
  span: Span;
  message: string;
}

export interface RevisionGraph {
  /** Revisions in an order Alembic could apply them (parents and dependencies first). */
  order: RevisionNode[];
  heads: RevisionNode[];
  problems: GraphProblem[];
}

export function buildRevisionGraph(nodes: readonly RevisionNode[]): RevisionGraph {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, RevisionNode>();
  for (const n of [...nodes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const prev = byId.get(n.revision);
    if (prev) {
      problems.push({ file: n.file, span: n.revisionSpan, message: `Revision '${n.revision}' is also defined in ${prev.file}: Alembic cannot tell them apart` });
      continue;
    }
    byId.set(n.revision, n);
  }
  const labels = new Map<string, RevisionNode>();
  for (const n of byId.values()) for (const l of n.branchLabels) labels.set(l, n);

  // Resolves a reference: a revision id, a unique prefix of one (Alembic accepts those), or a branch label.
  const resolve = (ref: string): RevisionNode | undefined => {
    const exact = byId.get(ref) ?? labels.get(ref);
    if (exact) return exact;
    if (ref.length >= 4) {
      const hits = [...byId.keys()].filter((k) => k.startsWith(ref));
      if (hits.length === 1) return byId.get(hits[0]!);
    }
    return undefined;
  };

  const parents = new Map<RevisionNode, RevisionNode[]>();
  const isParent = new Set<RevisionNode>();
  for (const n of byId.values()) {
    const ps: RevisionNode[] = [];
    for (const d of n.downRevisions) {
      const p = resolve(d);
      if (!p) problems.push({ file: n.file, span: n.downSpan, message: `down_revision '${d}' names no revision in this Alembic project: Alembic stops with "Revision ${d} referenced from ${n.revision} is not present"` });
      else {
        ps.push(p);
        isParent.add(p);
      }
    }
    for (const d of n.dependsOn) {
      const p = resolve(d);
      if (!p) problems.push({ file: n.file, span: n.dependsSpan, message: `depends_on '${d}' names no revision or branch label in this Alembic project` });
      else ps.push(p);
    }
    parents.set(n, ps);
  }

  // Ties broken by file path so that the order is stable.
  const byFile = (a: RevisionNode, b: RevisionNode) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const { order } = topologicalOrder(parents, byFile);
  const cyclic = [...byId.values()].filter((n) => !order.includes(n)).sort(byFile);
  for (const n of cyclic) {
    problems.push({ file: n.file, span: n.downSpan, message: `Revision '${n.revision}' is part of a cycle in the revision graph: Alembic cannot order it` });
  }
  order.push(...cyclic);

  const heads = [...byId.values()].filter((n) => !isParent.has(n)).sort(byFile);
  if (heads.length > 1 && !separateBranches(heads, parents)) {
    const list = heads.map((h) => `${h.revision} (${h.file})`).join(', ');
    for (const h of heads) {
      problems.push({
        file: h.file,
        span: h.revisionSpan,
        message: `Multiple heads: ${list}. \`alembic upgrade head\` fails until they are merged (\`alembic merge heads\`), and the order between the branches is not defined.`,
      });
    }
  }
  return { order, heads, problems };
}

/**
 * True when every head lies on its own labelled branch (independent branches such as a
 * separate schema, which Alembic upgrades with `upgrade heads` or `<label>@head`).
 */
function separateBranches(heads: RevisionNode[], parents: Map<RevisionNode, RevisionNode[]>): boolean {
  const labelsOf = (n: RevisionNode): Set<string> => {
    const out = new Set<string>();
    const seen = new Set<RevisionNode>();
    const stack = [n];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const l of x.branchLabels) out.add(l);
      stack.push(...(parents.get(x) ?? []).filter((p) => x.downRevisions.includes(p.revision)));
    }
    return out;
  };
  const sets = heads.map(labelsOf);
  // Each head needs a label of its own (`<label>@head` names it alone).
  return sets.every((s, i) => [...s].some((l) => sets.every((o, j) => j === i || !o.has(l))));
}
