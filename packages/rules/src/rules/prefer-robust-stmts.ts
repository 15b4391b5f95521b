import { defineRule, type Operation } from '@migralint/core';
import { foreignKeyName, ident, indexName, qualified } from '../util/names.js';

type Finding = { messageId: string; data: Record<string, string>; recipe: string };

export default defineRule({
  meta: {
    id: 'prefer-robust-stmts',
    description: 'In a migration that runs outside a transaction, prefer statements that can run again after a partial failure',
    engines: ['postgresql'],
    recommended: false,
    messages: {
      create:
        'Creating {{object}} without IF NOT EXISTS outside a transaction: if a later statement of this migration fails, the re-run fails here, because {{object}} then already exists.',
      addColumn:
        'Adding column {{column}} to {{table}} without IF NOT EXISTS outside a transaction: if a later statement of this migration fails, the re-run fails here, because {{column}} then already exists.',
      addConstraint:
        'Adding constraint {{constraint}} to {{table}} outside a transaction: if a later statement of this migration fails, the re-run fails here, because {{constraint}} then already exists (ADD CONSTRAINT has no IF NOT EXISTS).',
      drop:
        'Dropping {{object}} without IF EXISTS outside a transaction: if a later statement of this migration fails, the re-run fails here, because {{object}} is then already gone.',
      concurrentIndex:
        'If building {{index}} CONCURRENTLY fails (a duplicate for a unique index, a cancel, a deadlock), PostgreSQL leaves an INVALID index {{index}} behind: the re-run then fails with "relation already exists".',
      concurrentIndexIfNotExists:
        'IF NOT EXISTS does not make {{index}} robust: if building it CONCURRENTLY fails, PostgreSQL leaves an INVALID index {{index}} behind, and on the re-run IF NOT EXISTS skips the build and keeps that index, which is never used for queries but still slows every write.',
    },
    help: '{{recipe}} Or, unless something in the migration must run outside a transaction (CONCURRENTLY), let it run in one: a failure then undoes every statement.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/prefer-robust-stmts.md' },
    examples: {
      bad: ['ALTER TABLE users ADD COLUMN billing_email text;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_billing_email_idx ON users (billing_email);'],
      good: [
        'ALTER TABLE users ADD COLUMN IF NOT EXISTS billing_email text;\nDROP INDEX CONCURRENTLY IF EXISTS users_billing_email_idx;\nCREATE INDEX CONCURRENTLY users_billing_email_idx ON users (billing_email);',
        'BEGIN;\nALTER TABLE users ADD COLUMN billing_email text;\nCREATE INDEX users_billing_email_idx ON users (billing_email);\nCOMMIT;',
      ],
    },
  },
  create(ctx) {
    const a = ctx.analysis;
    const m = ctx.migration;
    return {
      // Effects are recorded as each operation is replayed, so all are known on exit.
      'migration:exit'() {
        const ops = m.operations;
        // A plain file of unknown setup that holds CONCURRENTLY (outside BEGIN) evidently runs without a transaction.
        const evident = ops.some((o) => a.effect(o).noTransaction && a.inTransaction(o) !== 'yes');
        const outside = (op: Operation) => {
          const t = a.inTransaction(op);
          return t === 'no' || (t === 'unknown' && evident);
        };
        const fallible = (op: Operation) => op.kind !== 'transaction' && op.kind !== 'setting';
        let lastFallible = -1;
        ops.forEach((op, i) => {
          if (fallible(op)) lastFallible = i;
        });
        const guardedIndexes = new Set<string>();
        const droppedConstraints = new Set<string>();
        ops.forEach((op, i) => {
          if (op.kind === 'dropIndex' && op.ifExists) for (const ix of op.indexes) guardedIndexes.add(a.schema.key(ix));
          if (op.kind === 'dropConstraint' && op.ifExists) droppedConstraints.add(`${a.schema.key(op.table)}\u0000${op.name}`);
          if (!outside(op)) return;
          // A statement nothing fallible follows never runs again after succeeding (CONCURRENTLY aside).
          const rerun = i < lastFallible;
          const f = finding(op, rerun);
          if (f) ctx.report({ op, messageId: f.messageId, data: { ...f.data, recipe: f.recipe } });
        });

        function finding(op: Operation, rerun: boolean): Finding | undefined {
          switch (op.kind) {
            case 'createIndex': {
              const index = ident(indexName(op));
              const table = qualified(op.table);
              const ref = { ...(op.table.schema ? { schema: op.table.schema } : {}), name: indexName(op) };
              if (op.concurrently) {
                if (op.name && guardedIndexes.has(a.schema.key(ref))) return undefined;
                const recipe = `Put DROP INDEX CONCURRENTLY IF EXISTS ${index}; right before CREATE INDEX CONCURRENTLY ${index} ON ${table} …: a re-run then removes the leftover and builds it again.${op.name ? '' : ' Name the index so that the DROP can refer to it.'}`;
                return { messageId: op.ifNotExists ? 'concurrentIndexIfNotExists' : 'concurrentIndex', data: { index, table }, recipe };
              }
              if (op.ifNotExists || !rerun) return undefined;
              return { messageId: 'create', data: { object: `index ${index}` }, recipe: `Write CREATE INDEX IF NOT EXISTS ${index} ON ${table} … instead.` };
            }
            case 'createTable':
              if (op.ifNotExists || !rerun) return undefined;
              return { messageId: 'create', data: { object: `table ${qualified(op.table)}` }, recipe: `Write CREATE TABLE IF NOT EXISTS ${qualified(op.table)} … instead.` };
            case 'addColumn': {
              if (op.ifNotExists || !rerun) return undefined;
              const column = ident(op.column.name);
              const table = qualified(op.table);
              return { messageId: 'addColumn', data: { column, table }, recipe: `Write ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} … instead.` };
            }
            case 'addConstraint': {
              const k = op.constraint;
              const name = k.name ?? (k.type === 'foreignKey' ? foreignKeyName(op.table, k.columns) : undefined);
              if (!rerun || !name || droppedConstraints.has(`${a.schema.key(op.table)}\u0000${name}`)) return undefined;
              const table = qualified(op.table);
              return { messageId: 'addConstraint', data: { constraint: ident(name), table }, recipe: `Put ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${ident(name)}; right before it.` };
            }
            case 'dropTable': {
              if (op.ifExists || !rerun) return undefined;
              const names = op.tables.map(qualified).join(', ');
              return { messageId: 'drop', data: { object: `table ${names}` }, recipe: `Write DROP TABLE IF EXISTS ${names}.` };
            }
            case 'dropIndex': {
              if (op.ifExists || !rerun) return undefined;
              const names = op.indexes.map(qualified).join(', ');
              return { messageId: 'drop', data: { object: `index ${names}` }, recipe: `Write DROP INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS ${names}.` };
            }
            case 'dropColumn': {
              if (op.ifExists || !rerun) return undefined;
              const table = qualified(op.table);
              return { messageId: 'drop', data: { object: `column ${ident(op.column)} of ${table}` }, recipe: `Write ALTER TABLE ${table} DROP COLUMN IF EXISTS ${ident(op.column)}.` };
            }
            case 'dropConstraint': {
              if (op.ifExists || !rerun) return undefined;
              const table = qualified(op.table);
              return { messageId: 'drop', data: { object: `constraint ${ident(op.name)} of ${table}` }, recipe: `Write ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${ident(op.name)}.` };
            }
            default:
              return undefined;
          }
        }
      },
    };
  },
});
