import { defineRule, heldLocks, summarize, type HeldLock, type Operation } from '@migralint/core';
import { foreignKeyName, qualified } from '../util/names.js';

const stmtOf = (op: Operation) => op.sql?.statementSpan.start.offset ?? op.span.start.offset;
const article = (mode: string) => (/^[AEIOU]/.test(mode) ? 'an' : 'a');
// A few line numbers, then "…": a 10,000-statement backfill is one finding, not 10,000.
const lines = (ls: number[]) => (ls.length > 5 ? `${ls.slice(0, 4).join(', ')}, …, ${ls[ls.length - 1]}` : ls.join(', '));

export default defineRule({
  meta: {
    id: 'statement-after-access-exclusive',
    description: 'Flag slow statements that run while the transaction still holds an ACCESS EXCLUSIVE lock on a table that already exists',
    engines: ['postgresql'],
    recommended: 'warn',
    messages: {
      held:
        'While this transaction holds the ACCESS EXCLUSIVE lock that {{by}} (line {{byLine}}) took on {{table}}, {{statement}} {{reason}}: every read and write of {{table}} stays blocked all that time, until the transaction commits.{{more}}',
    },
    help: 'Keep the ACCESS EXCLUSIVE lock brief: run {{statement}} {{where}}, so the lock on {{table}} is released as soon as {{by}} is done.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/statement-after-access-exclusive.md' },
    examples: {
      bad: [
        'BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX users_email_idx ON users (email);\nCOMMIT;',
        'BEGIN;\nALTER TABLE users ALTER COLUMN email DROP DEFAULT;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nCOMMIT;',
      ],
      good: [
        'BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
        'BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ADD COLUMN bio text;\nCOMMIT;',
        'BEGIN;\nCREATE TABLE drafts (id bigint);\nCREATE INDEX drafts_id_idx ON drafts (id);\nCOMMIT;',
      ],
    },
  },
  create(ctx) {
    const a = ctx.analysis;
    return {
      // Effects and held locks are recorded as each operation is replayed, so all are known on exit.
      'migration:exit'(m) {
        const heldAt = heldLocks(m, a);
        // One finding per held lock: the first statement that prolongs it, with a count of the others.
        const groups = new Map<Operation, { op: Operation; h: HeldLock; reason: string; more: number[] }>();
        const seen = new Set<number>();
        for (const op of m.operations) {
          if (op.kind === 'transaction' || op.kind === 'setting') continue;
          const stmt = stmtOf(op);
          if (seen.has(stmt)) continue;
          const held = [...heldAt.get(op)!.values()].filter((h) => {
            if (h.mode !== 'ACCESS EXCLUSIVE' || stmtOf(h.by) === stmt) return false;
            const same = a.schema.key(h.table) === (op.kind === 'dataChange' || op.kind === 'validateConstraint' ? op.table && a.schema.key(op.table) : undefined);
            // A backfill of the locked table is unbatched-backfill's finding.
            if (same && op.kind === 'dataChange' && op.action !== 'insert') return false;
            // VALIDATE of the constraint added NOT VALID just before is validate-constraint-in-same-transaction's.
            if (same && op.kind === 'validateConstraint' && h.by.kind === 'addConstraint') {
              const k = h.by.constraint;
              const name = k.name ?? (k.type === 'foreignKey' ? foreignKeyName(h.by.table, k.columns) : undefined);
              if (name === op.name) return false;
            }
            return true;
          });
          if (!held.length) continue;
          const heldKeys = new Set(held.map((h) => a.schema.key(h.table)));
          const e = a.effect(op);
          const existing = e.locks.filter((l) => l.kind === 'table' && !a.isNewTable(l.relation, op));
          const target = existing[0] ? qualified(existing[0].relation) : undefined;
          const waits = existing.find((l) => !heldKeys.has(a.schema.key(l.relation)));
          let reason: string | undefined;
          if (target && e.rewrite !== 'no') reason = `${e.rewrite === 'yes' ? 'rewrites' : 'may rewrite'} ${target}`;
          else if (target && e.scan !== 'no') reason = `${e.scan === 'yes' ? 'scans' : 'may scan'} ${target}`;
          else if (op.kind === 'dataChange' && op.table && !a.isNewTable(op.table, op)) reason = `changes rows of ${qualified(op.table)}`;
          else if (waits) reason = `must first wait for ${article(waits.mode)} ${waits.mode} lock on ${qualified(waits.relation)}`;
          else if (op.kind === 'opaque' || (op.kind === 'other' && (op.statement === 'DoStmt' || op.statement === 'CallStmt'))) reason = 'runs code migralint cannot see into';
          if (!reason) continue;
          seen.add(stmt);
          // Name the lock on the table this statement works on, if it holds one; else the earliest.
          const h = held.find((x) => existing.some((l) => a.schema.key(l.relation) === a.schema.key(x.table))) ?? held[0]!;
          const g = groups.get(h.by);
          if (g) g.more.push(op.span.start.line);
          else groups.set(h.by, { op, h, reason, more: [] });
        }
        for (const { op, h, reason, more } of groups.values()) {
          const by = summarize(h.by);
          ctx.report({
            op,
            messageId: 'held',
            data: {
              by,
              byLine: h.by.span.start.line,
              table: qualified(h.table),
              statement: summarize(op),
              reason,
              more: more.length === 0 ? '' : ` ${more.length} later statement${more.length > 1 ? 's' : ''} of the transaction prolong${more.length > 1 ? '' : 's'} it too (line${more.length > 1 ? 's' : ''} ${lines(more)}).`,
              where: m.transactional === 'yes' ? 'in a separate migration' : `in a transaction of its own (COMMIT after line ${h.by.span.start.line}, or a separate migration)`,
            },
          });
        }
      },
    };
  },
});
