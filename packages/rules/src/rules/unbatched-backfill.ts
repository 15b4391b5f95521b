import { defineRule, heldLocks, lockBlocks, summarize, type Operation } from '@migralint/core';
import { qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'unbatched-backfill',
    description: 'Flag UPDATE or DELETE of a table that already exists in the transaction of a schema change on it, or of every row of a table not known to be small',
    engines: ['postgresql'],
    recommended: 'warn',
    messages: {
      underLock:
        'This {{action}} of {{table}} runs in the same transaction block as {{by}} (line {{byLine}}), whose {{mode}} lock on {{table}} is held until the transaction commits: {{blocked}} of {{table}} stay blocked for the whole backfill.{{more}}',
      wholeTable:
        'One {{action}} touches every row of {{table}}: each row stays locked until the statement\'s transaction commits (concurrent writes to those rows wait that long), and its ROW EXCLUSIVE lock makes CREATE INDEX (SHARE) and ALTER TABLE (ACCESS EXCLUSIVE) on {{table}} wait, with everything queued behind them; every changed row also leaves a dead version behind for VACUUM and replicas to catch up with.',
    },
    help: 'Backfill in batches, each committed on its own: {{recipe}}',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/unbatched-backfill.md' },
    examples: {
      bad: [
        'BEGIN;\nALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true WHERE active IS NULL;\nCOMMIT;',
        'UPDATE users SET email = lower(email);',
      ],
      good: [
        "UPDATE users SET active = true WHERE id >= 1 AND id < 10001;",
        'CREATE TABLE drafts (id bigint, body text);\nUPDATE drafts SET body = \'\';',
      ],
    },
  },
  create(ctx) {
    const a = ctx.analysis;
    const m = ctx.migration;
    const batches = (table: string, action: string) =>
      `${action === 'UPDATE' ? `UPDATE ${table} SET … WHERE id >= $1 AND id < $2` : `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE … LIMIT 5000)`}, a few thousand rows per batch by primary key, repeated until no row is left, with a pause between batches so VACUUM and replicas keep up`;
    const outside = m.hints?.nonTransactional ? ` ${m.hints.nonTransactional}` : '';
    return {
      // Held locks are known for every operation once the migration has been replayed.
      'migration:exit'() {
        const heldAt = heldLocks(m, a);
        // Under a held lock: one finding per lock, at the first backfill, counting the others.
        const groups = new Map<Operation, number[]>();
        const findings: Array<{ op: Operation; messageId: string; data: Record<string, string | number>; later?: number[] }> = [];
        for (const op of m.operations) {
          if (op.kind !== 'dataChange' || op.action === 'insert' || !op.table || a.isNewTable(op.table, op)) continue;
          const table = qualified(op.table);
          const action = op.action === 'update' ? 'UPDATE' : 'DELETE';
          const key = a.schema.key(op.table);
          const held = [...heldAt.get(op)!.values()].find((h) => a.schema.key(h.table) === key && (lockBlocks(h.mode).reads || lockBlocks(h.mode).writes));
          if (held) {
            const later = groups.get(held.by);
            if (later) {
              later.push(op.span.start.line);
              continue;
            }
            groups.set(held.by, []);
            const b = lockBlocks(held.mode);
            findings.push({
              op,
              later: groups.get(held.by)!,
              messageId: 'underLock',
              data: {
                action,
                table,
                by: summarize(held.by),
                byLine: held.by.span.start.line,
                mode: held.mode,
                blocked: b.reads ? 'all reads and writes' : 'all writes',
                recipe: `commit the schema change first (${summarize(held.by)} in a migration of its own, so its lock is released at once), then ${batches(table, action)}, from a script, a background job or a migration that runs outside a transaction.${outside}`,
              },
            });
            continue;
          }
          if (op.hasWhere || a.tableSize(op.table) === 'small') continue;
          findings.push({
            op,
            messageId: 'wholeTable',
            data: {
              action,
              table,
              recipe: `${batches(table, action)}. If ${table} is known to be small, say so in the config (\`tables: { small: ['${op.table.name}'] }\`) and this rule lets it be.${outside}`,
            },
          });
        }
        for (const { later, ...f } of findings) {
          const n = later?.length ?? 0;
          const more = n === 0 ? '' : ` So do ${n} later backfill statement${n > 1 ? 's' : ''} of the transaction (line${n > 1 ? 's' : ''} ${n > 5 ? `${later!.slice(0, 4).join(', ')}, …, ${later![n - 1]}` : later!.join(', ')}).`;
          ctx.report({ ...f, data: { ...f.data, ...(f.messageId === 'underLock' && { more }) } });
        }
      },
    };
  },
});
