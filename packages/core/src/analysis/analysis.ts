import type { Migration, Transactional } from '../model/migration.js';
import type { ObjectRef, Operation } from '../model/operation.js';

/**
 * Shared facts about migrations, computed once per run and offered to every rule through
 * `ctx.analysis`, so that no rule re-derives them. Later work extends this (schema replay,
 * lock windows, table sizes) without changing how rules reach it.
 */
export interface Analysis {
  /**
   * True when the table is created by an earlier operation of the same migration (same file,
   * changeSet or revision). Tables from earlier migrations are existing, even in the same run.
   */
  isNewTable(table: ObjectRef, at: Operation): boolean;
  /** Whether the operation runs inside a transaction block: the layout's own plus explicit BEGIN. */
  inTransaction(op: Operation): Transactional;
}

interface MigrationFacts {
  /** Operation index → transaction state when it runs. */
  tx: Transactional[];
  /** Table key → index of the operation that created it in this migration. */
  created: Map<string, number>;
  index: Map<Operation, number>;
}

function refKeys(engine: Migration['engine'], t: ObjectRef): string[] {
  const fold = (s: string) => (engine === 'postgresql' ? s : s.toLowerCase());
  const name = fold(t.name);
  if (t.schema) {
    const schema = fold(t.schema);
    // An unqualified name usually resolves to the default schema; accept both spellings.
    return engine === 'postgresql' && schema === 'public' ? [`public.${name}`, name] : [`${schema}.${name}`];
  }
  return engine === 'postgresql' ? [name, `public.${name}`] : [name];
}

export class RunAnalysis implements Analysis {
  private readonly facts = new WeakMap<Migration, MigrationFacts>();

  private factsFor(m: Migration): MigrationFacts {
    let f = this.facts.get(m);
    if (f) return f;
    f = { tx: [], created: new Map(), index: new Map() };
    let implicit = m.transactional;
    let explicit = false;
    m.operations.forEach((op, i) => {
      f!.index.set(op, i);
      if (op.kind === 'transaction') {
        if (op.action === 'begin') explicit = true;
        if (op.action === 'commit' || op.action === 'rollback') {
          explicit = false;
          // COMMIT inside a tool's implicit transaction ends that one too.
          if (implicit === 'yes') implicit = 'no';
        }
      }
      const state: Transactional = op.outsideTransaction ? 'no' : explicit ? 'yes' : implicit;
      f!.tx.push(state);
      if (op.kind === 'createTable') {
        for (const k of refKeys(m.engine, op.table)) if (!f!.created.has(k)) f!.created.set(k, i);
      }
      if (op.kind === 'renameTable') {
        const from = refKeys(m.engine, op.table).find((k) => f!.created.has(k));
        if (from !== undefined) {
          const at = f!.created.get(from)!;
          for (const k of refKeys(m.engine, { schema: op.table.schema, name: op.newName })) f!.created.set(k, at);
        }
      }
    });
    this.facts.set(m, f);
    return f;
  }

  isNewTable(table: ObjectRef, at: Operation): boolean {
    const f = this.factsFor(at.migration);
    const i = f.index.get(at) ?? Infinity;
    return refKeys(at.migration.engine, table).some((k) => (f.created.get(k) ?? Infinity) < i);
  }

  inTransaction(op: Operation): Transactional {
    const f = this.factsFor(op.migration);
    const i = f.index.get(op);
    return i === undefined ? 'unknown' : f.tx[i]!;
  }
}
