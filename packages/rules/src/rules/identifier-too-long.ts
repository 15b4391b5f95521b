import { defineRule, type Operation } from '@migralint/core';
import type { DocumentedMeta } from '../util/meta.js';
import { identValue, tokenize, truncateIdentifier, utf8Length } from '../util/tokens.js';

interface Options {
  maxBytes?: number;
}

// libpg-query itself truncates to PostgreSQL's default NAMEDATALEN - 1.
const PARSER_LIMIT = 63;

// Fields of libpg-query nodes that hold the name of an object the statement creates or renames.
const DEFINING_FIELDS = new Set(['colname', 'conname', 'idxname', 'newname', 'trigname']);
// Statements whose own relation (or type) is the object they create.
const DEFINING_RELATION: Record<string, string> = { CreateStmt: 'relation', ViewStmt: 'view', CreateSeqStmt: 'sequence', CreateTableAsStmt: 'into', CompositeTypeStmt: 'typevar' };
const DEFINING_LIST: Record<string, string> = { CreateDomainStmt: 'domainname', CreateEnumStmt: 'typeName', CreateFunctionStmt: 'funcname', CreateRangeStmt: 'typeName' };

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object';
const sval = (v: unknown) => (isNode(v) && isNode(v.String) ? (v.String.sval as string | undefined) : undefined);

/** Names a statement defines, as the parser gave them (already truncated). */
function definedInNode(stmt: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isNode(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (DEFINING_FIELDS.has(k) && typeof x === 'string') out.add(x);
      else walk(x);
    }
  };
  walk(stmt);
  if (isNode(stmt)) {
    const [type, fields] = Object.entries(stmt)[0] ?? [];
    if (type && isNode(fields)) {
      const rel = DEFINING_RELATION[type] ? fields[DEFINING_RELATION[type]] : undefined;
      const rv = isNode(rel) && isNode(rel.rel) ? rel.rel : rel; // CreateTableAsStmt.into is an IntoClause
      if (isNode(rv) && typeof rv.relname === 'string') out.add(rv.relname);
      const list = DEFINING_LIST[type] ? fields[DEFINING_LIST[type]] : undefined;
      if (Array.isArray(list)) {
        const last = sval(list[list.length - 1]);
        if (last) out.add(last);
      }
      if (type === 'CreateSchemaStmt' && typeof fields.schemaname === 'string') out.add(fields.schemaname);
    }
  }
  return out;
}

/** Names an operation defines, for layouts that give no SQL (Liquibase, Knex builders …): not truncated. */
function definedInModel(op: Operation): string[] {
  switch (op.kind) {
    case 'createTable':
      return [op.table.name, ...op.columns.map((c) => c.name), ...op.constraints.flatMap((c) => (c.name ? [c.name] : []))];
    case 'addColumn':
      return [op.column.name];
    case 'renameTable':
    case 'renameColumn':
      return [op.newName];
    case 'createIndex':
      return op.name ? [op.name] : [];
    case 'addConstraint':
      return op.constraint.name ? [op.constraint.name] : [];
    case 'createType':
    case 'createDomain':
      return [op.name.name];
    case 'alterDomain':
      return op.constraint?.name ? [op.constraint.name] : [];
    default:
      return [];
  }
}

const meta: DocumentedMeta = {
  id: 'identifier-too-long',
  description: 'Flag names longer than 63 bytes, which PostgreSQL silently truncates',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    tooLong:
      'Name {{name}} is {{bytes}} bytes long: PostgreSQL silently truncates identifiers to {{max}} bytes, so the object is called {{truncated}}, and a second name sharing those first {{max}} bytes fails with "already exists".',
  },
  help: 'Shorten {{name}} to at most {{max}} bytes (letters beyond ASCII take 2 to 4 bytes each), so that the name in the migration is the name in the database.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxBytes: {
        type: 'integer',
        minimum: 1,
        description: 'Longest name in bytes: NAMEDATALEN - 1 of the server (63 unless PostgreSQL was built with another NAMEDATALEN).',
      },
    },
  },
  defaultOptions: { maxBytes: 63 },
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/identifier-too-long.md' },
  examples: {
    bad: ['CREATE TABLE customer_subscription_billing_address_verification_attempts_archive (id bigint);'],
    good: ['CREATE TABLE subscription_address_checks_archive (id bigint);'],
  },
};

export default defineRule<Options>({
  meta,
  create(ctx) {
    const max = ctx.options.maxBytes ?? PARSER_LIMIT;
    const seen = new Set<number>();
    const report = (op: Operation, name: string, span = op.span) => {
      const shown = /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
      const truncated = truncateIdentifier(name, max);
      ctx.report({ op, span, messageId: 'tooLong', data: { name: shown, bytes: utf8Length(name), max, truncated: /^[a-z_][a-z0-9_$]*$/.test(truncated) ? truncated : `"${truncated.replace(/"/g, '""')}"` } });
    };
    const check = (op: Operation) => {
      if (!op.sql) {
        for (const name of definedInModel(op)) if (utf8Length(name) > max) report(op, name);
        return;
      }
      // Several operations can share one statement (ALTER TABLE … , …): read each statement once.
      const at = op.sql.statementSpan.start.offset;
      if (seen.has(at)) return;
      seen.add(at);
      const defined = definedInNode(op.sql.node);
      // Only a name the parser may have cut (60+ bytes: 63 less a clipped multi-byte letter) or one over the limit needs the source text.
      if (![...defined].some((n) => utf8Length(n) >= Math.min(max + 1, PARSER_LIMIT - 3))) return;
      const source = op.migration.source;
      const reported = new Set<string>();
      for (const t of tokenize(source.text, at, op.sql.statementSpan.end.offset)) {
        const v = identValue(t);
        if (v === undefined || utf8Length(v) <= max || reported.has(v) || !defined.has(truncateIdentifier(v, PARSER_LIMIT))) continue;
        // The first spelling is the definition; later ones (a CHECK naming the column) are not news.
        reported.add(v);
        report(op, v, source.span(t.start, t.end));
      }
    };
    return {
      createTable: check,
      addColumn: check,
      renameTable: check,
      renameColumn: check,
      createIndex: check,
      addConstraint: check,
      createType: check,
      createDomain: check,
      alterDomain: check,
      other: check,
    };
  },
});
