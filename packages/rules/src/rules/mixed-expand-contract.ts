import { breaksRunningCode, defineRule, summarize, type Operation, type OperationOf } from '@migralint/core';

type Contraction = OperationOf<'dropTable' | 'dropColumn' | 'renameTable' | 'renameColumn' | 'alterColumnType'>;
import { qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'mixed-expand-contract',
    description: 'Flag a migration that both adds tables or columns and drops, renames or retypes ones that already exist',
    engines: ['postgresql'],
    recommended: false,
    messages: {
      mixed:
        'This migration both expands the schema ({{expand}}, line {{expandLine}}) and contracts it ({{contract}}, under an ACCESS EXCLUSIVE lock on {{table}}): code of the release still running breaks on the contraction while the new release needs the expansion, so no deploy order keeps both working.',
    },
    help: 'Split it in two: {{expand}} in one migration, deployed before (or with) the code that starts using it; {{contract}} in a later migration, run once no running code uses what it removes.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/mixed-expand-contract.md' },
    examples: {
      bad: ['ALTER TABLE users ADD COLUMN email_address text;\nALTER TABLE users DROP COLUMN email;'],
      good: ['ALTER TABLE users ADD COLUMN email_address text;', 'CREATE TABLE drafts (id bigint, body text);\nALTER TABLE drafts DROP COLUMN body;'],
    },
  },
  create(ctx) {
    const a = ctx.analysis;
    let expand: Operation | undefined;
    let contract: Contraction | undefined;
    // Columns this migration adds: dropping one again breaks nothing that runs.
    const added = new Set<string>();
    const col = (t: Parameters<typeof a.schema.key>[0], c: string) => `${a.schema.key(t)}\u0000${c}`;
    const visit = (op: OperationOf<'createTable' | 'addColumn'> | Contraction) => {
      if (op.kind === 'createTable' || op.kind === 'addColumn') {
        expand ??= op;
        if (op.kind === 'addColumn') added.add(col(op.table, op.column.name));
        return;
      }
      if (!breaksRunningCode(op, a)) return;
      if ((op.kind === 'dropColumn' || op.kind === 'renameColumn' || op.kind === 'alterColumnType') && added.has(col(op.table, op.column))) return;
      contract ??= op;
    };
    return {
      createTable: visit,
      addColumn: visit,
      dropTable: visit,
      dropColumn: visit,
      renameTable: visit,
      renameColumn: visit,
      alterColumnType: visit,
      'migration:exit'() {
        if (!expand || !contract) return;
        const table = contract.kind === 'dropTable' ? contract.tables.map(qualified).join(', ') : qualified(contract.table);
        ctx.report({
          op: contract,
          messageId: 'mixed',
          data: { expand: summarize(expand), expandLine: expand.span.start.line, contract: summarize(contract), table },
        });
      },
    };
  },
});
