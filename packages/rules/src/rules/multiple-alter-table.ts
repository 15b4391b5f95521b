import { defineRule, lockBlocks, strongerLock, type LockMode, type Operation } from '@migralint/core';
import { qualified } from '../util/names.js';

// Sub-commands that PostgreSQL accepts side by side in one ALTER TABLE. VALIDATE CONSTRAINT is
// left out on purpose: it belongs in a transaction of its own, under its weaker lock.
const COMBINABLE = new Set(['addColumn', 'dropColumn', 'alterColumnType', 'setNotNull', 'dropNotNull', 'setDefault', 'dropDefault', 'addConstraint', 'dropConstraint', 'other']);

interface Statement {
  ops: Operation[];
  table?: string;
  line: number;
}

export default defineRule({
  meta: {
    id: 'multiple-alter-table',
    description: 'Suggest one ALTER TABLE instead of several in a row on the same table that already exists',
    engines: ['postgresql'],
    recommended: false,
    messages: {
      separate:
        'ALTER TABLE {{table}} runs {{count}} times in a row outside a transaction block (lines {{lines}}): each statement queues again for its own {{mode}} lock on {{table}}, blocking {{blocked}} while it waits{{passes}}. One ALTER TABLE with the clauses separated by commas queues once and makes at most one pass over the rows.',
      passes:
        'Separate passes over {{table}}: {{count}} ALTER TABLE statements in a row (lines {{lines}}) each rewrite or scan it while the transaction block holds its {{mode}} lock, blocking {{blocked}} all that time. One ALTER TABLE with the clauses separated by commas makes a single pass.',
    },
    help: 'Combine them: {{combined}}',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/multiple-alter-table.md' },
    examples: {
      bad: ['ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ADD COLUMN bio text;'],
      good: ['ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN bio text;', 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE orders ADD COLUMN note text;'],
    },
  },
  create(ctx) {
    const a = ctx.analysis;
    const m = ctx.migration;
    const isAlterTable = (op: Operation) => (op.sql?.node as { AlterTableStmt?: { objtype?: string } } | undefined)?.AlterTableStmt?.objtype === 'OBJECT_TABLE';
    const combinable = (op: Operation) => COMBINABLE.has(op.kind) && (op.kind !== 'other' || /^ALTER TABLE /.test(op.statement));
    const stmtOf = (op: Operation) => op.sql?.statementSpan.start.offset ?? -1;
    return {
      'migration:exit'() {
        // Statements in order, each with its operations; only ALTER TABLE ones on an existing table carry a table key.
        const statements: Statement[] = [];
        for (const op of m.operations) {
          const last = statements[statements.length - 1];
          if (op.sql && last && stmtOf(last.ops[0]!) === stmtOf(op)) {
            last.ops.push(op);
            if (!(combinable(op) && 'table' in op && op.table && last.table === a.schema.key(op.table))) delete last.table;
            continue;
          }
          const s: Statement = { ops: [op], line: op.sql?.statementSpan.start.line ?? op.span.start.line };
          if (isAlterTable(op) && combinable(op) && 'table' in op && op.table && !a.isNewTable(op.table, op)) s.table = a.schema.key(op.table);
          statements.push(s);
        }
        let run: Statement[] = [];
        const flush = () => {
          if (run.length > 1) report(run);
          run = [];
        };
        for (const s of statements) {
          if (s.table === undefined) flush();
          else if (run.length && run[0]!.table !== s.table) {
            flush();
            run.push(s);
          } else run.push(s);
        }
        flush();
      },
    };

    function report(run: Statement[]): void {
      const ops = run.flatMap((s) => s.ops);
      const first = ops[0] as Operation & { table: { schema?: string; name: string } };
      const table = qualified(first.table);
      let mode: LockMode = 'ACCESS SHARE';
      const passLines: number[] = [];
      for (const s of run) {
        const effects = s.ops.map((o) => a.effect(o));
        for (const e of effects) for (const l of e.locks) if (l.kind === 'table' && a.schema.key(l.relation) === run[0]!.table) mode = strongerLock(mode, l.mode);
        if (effects.some((e) => e.rewrite !== 'no' || e.scan !== 'no')) passLines.push(s.line);
      }
      const b = lockBlocks(mode);
      // Inside a transaction block the lock is taken once and kept: only repeated passes over the rows cost anything.
      const inTx = a.inTransaction(run[0]!.ops[0]!) === 'yes';
      if (inTx && passLines.length < 2) return;
      const text = m.source.text;
      // The clauses as written, when the parser could give each its own span.
      const clauses = ops.map((o) => (o.sql && o.span.start.offset !== o.sql.statementSpan.start.offset ? text.slice(o.span.start.offset, o.span.end.offset).replace(/\s+/g, ' ') : undefined));
      let combined = clauses.every((c) => c !== undefined) ? `ALTER TABLE ${table} ${clauses.join(', ')};` : `ALTER TABLE ${table} <clause>, <clause>, …;`;
      if (combined.length > 400) combined = `${combined.slice(0, 399)}…`;
      // Report the statement that could be folded into an earlier one: the second of the run, or of the passes.
      const second = (inTx ? run.find((s) => s.line === passLines[1]) : run[1])!.ops[0]!;
      ctx.report({
        op: second,
        // The whole statement that could be folded into the first, not just its first clause.
        ...(second.sql && { span: second.sql.statementSpan }),
        messageId: inTx ? 'passes' : 'separate',
        data: {
          table,
          count: inTx ? passLines.length : run.length,
          lines: (inTx ? passLines : run.map((s) => s.line)).join(', '),
          mode,
          blocked: b.reads ? 'all reads and writes' : b.writes ? 'all writes' : 'other schema changes',
          passes: passLines.length > 1 ? `, and ${passLines.length} of them each make their own pass over its rows (a rewrite or a scan)` : '',
          combined,
        },
      });
    }
  },
});
