// Hand-built lint results covering what reporters must render: a multi-line range, a CRLF file,
// non-ASCII (BMP and astral) text, an unreadable file, safe and unsafe fixes, a down migration,
// a clean file. Spans are found by searching the text, so a variant with shifted lines is the
// same call with other text.
import { compareDiagnostics, SourceFile, type Diagnostic, type LintResult, type MigrationSummary, type RuleMeta, type Span } from '@migralint/core';
import type { ReporterContext } from '../src/index.js';

const ENGINES = ['postgresql'] as const;
const DOCS = 'https://migralint.dev/rules/';

function meta(id: string, m: Omit<RuleMeta, 'id' | 'engines' | 'messages' | 'docs'>, docs = true): RuleMeta {
  return { id, engines: ENGINES, messages: {}, ...m, ...(docs ? { docs: { url: DOCS + id } } : {}) };
}

/** Rule metadata for the fixtures; written out here so that goldens do not move when core's texts do. */
export const FIXTURE_RULES: readonly RuleMeta[] = [
  {
    id: 'unreadable-file',
    description: 'A file that cannot be read as a migration (missing, binary, not UTF-8)',
    engines: ['postgresql', 'mysql', 'sqlite'],
    recommended: 'error',
    messages: {},
    help: 'Save migration files as UTF-8 text, or exclude the file with `ignores`.',
  },
  meta('adding-foreign-key-constraint', {
    description: 'Disallow adding a validated foreign key to an existing table',
    recommended: 'error',
    help: 'Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration.',
  }),
  meta('adding-required-field', {
    description: 'Disallow adding a NOT NULL column without a default to an existing table',
    recommended: 'error',
    help: 'Add the column as nullable, backfill it, then SET NOT NULL.',
  }),
  meta('ban-drop-column', {
    description: 'Disallow dropping columns',
    recommended: 'warn',
    directions: ['up', 'down'],
    help: 'Stop reading the column first; drop it in a later release.',
  }),
  meta('prefer-bigint-over-int', {
    description: 'Prefer bigint to int for new columns',
    recommended: false,
    fixable: 'safe',
    help: 'Use bigint: the column will not overflow at 2^31.',
  }),
  meta(
    'require-concurrent-index-creation',
    {
      description: 'Require CONCURRENTLY when indexing a table that already exists',
      recommended: 'error',
      fixable: 'unsafe',
      help: 'Use CREATE INDEX CONCURRENTLY and run this migration outside a transaction.',
    },
    false,
  ),
];

export const CWD = '/project';

export function fixtureContext(color = false, rules: readonly RuleMeta[] = FIXTURE_RULES): ReporterContext {
  return {
    cwd: CWD,
    color,
    rules: new Map(rules.map((r) => [r.id, r])),
    tool: { name: 'migralint', version: '1.2.3', informationUri: 'https://github.com/migralint/migralint' },
  };
}

/** The span of the first `from` … through the end of the next `to` (or of `from` alone). */
export function find(source: SourceFile, from: string, to?: string): Span {
  const start = source.text.indexOf(from);
  if (start < 0) throw new Error(`fixture: ${from} not in ${source.path}`);
  const end = to === undefined ? start + from.length : source.text.indexOf(to, start) + to.length;
  return source.span(start, end);
}

function summary(id: string, direction: MigrationSummary['direction'] = 'up', layout = 'sql'): MigrationSummary {
  return { id, layout, engine: 'postgresql', direction, transactional: 'yes', orderKey: [id], operations: 1 };
}

function result(source: SourceFile, migrations: MigrationSummary[], diagnostics: Omit<Diagnostic, 'file'>[]): LintResult {
  const ds = diagnostics.map((d) => ({ ...d, file: source.path })).sort(compareDiagnostics);
  return { file: source.path, source, bom: false, migrations, diagnostics: ds };
}

/** `shift` inserts that many blank lines above every statement with a finding (fingerprint test). */
export function fixtureResults(shift = 0): LintResult[] {
  const pad = '\n'.repeat(shift);
  const padCrlf = '\r\n'.repeat(shift);

  const users = new SourceFile('migrations/V1__create_users.sql', 'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email text NOT NULL\n);\n');

  const orders = new SourceFile(
    'migrations/V2__orders.sql',
    `-- Orders reference users.\n${pad}ALTER TABLE orders\n  ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id)\n  REFERENCES users (id);\n\n${pad}CREATE INDEX orders_created_idx ON orders (created_at);\n`,
  );
  const index = find(orders, 'CREATE INDEX', '(created_at)');
  const insertAt = index.start.offset + 'CREATE INDEX '.length;

  const prices = new SourceFile(
    'migrations/V3__prix.sql',
    `-- Prix affichés en € 💶\r\n${padCrlf}ALTER TABLE "prix_€" ADD COLUMN "montant_💶" int NOT NULL;\r\n`,
  );
  const int = find(prices, ' int ');

  const nickname = new SourceFile(
    'migrations/V4__nickname.sql',
    `-- +goose Up\nALTER TABLE users ADD COLUMN nickname text;\n\n-- +goose Down\n${pad}ALTER TABLE users DROP COLUMN nickname;\n`,
  );

  const unreadable = 'migrations/V5__seed.sql';
  const origin = { line: 1, column: 1, offset: 0 };

  return [
    result(users, [summary(users.path)], []),
    result(orders, [summary(orders.path)], [
      {
        ruleId: 'adding-foreign-key-constraint',
        severity: 'error',
        message: 'Adding foreign key orders_user_fk checks every row of orders under a SHARE ROW EXCLUSIVE lock on orders and users: writes to both block until it ends.',
        help: 'Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration.',
        span: find(orders, 'ADD CONSTRAINT', 'users (id)'),
        statementLine: find(orders, 'ALTER TABLE').start.line,
        migrationId: orders.path,
        direction: 'up',
      },
      {
        ruleId: 'require-concurrent-index-creation',
        severity: 'error',
        message: 'Building orders_created_idx takes a SHARE lock on orders: writes block until the build ends.',
        help: 'Use CREATE INDEX CONCURRENTLY and run this migration outside a transaction.',
        span: index,
        statementLine: index.start.line,
        migrationId: orders.path,
        direction: 'up',
        fix: { kind: 'unsafe', edits: [{ start: insertAt, end: insertAt, text: 'CONCURRENTLY ' }] },
      },
    ]),
    result(prices, [summary(prices.path)], [
      {
        ruleId: 'prefer-bigint-over-int',
        severity: 'info',
        message: 'Column "montant_💶" is int: inserts fail once it reaches 2147483647',
        help: 'Use bigint: the column will not overflow at 2^31.',
        span: prices.span(int.start.offset + 1, int.end.offset - 1),
        migrationId: prices.path,
        direction: 'up',
        fix: { kind: 'safe', edits: [{ start: int.start.offset + 1, end: int.end.offset - 1, text: 'bigint' }] },
      },
      {
        ruleId: 'adding-required-field',
        severity: 'error',
        message: 'Adding NOT NULL column "montant_💶" without a default fails when "prix_€" has rows.',
        help: 'Add the column as nullable, backfill it, then SET NOT NULL.',
        span: find(prices, 'ADD COLUMN', 'NOT NULL'),
        migrationId: prices.path,
        direction: 'up',
      },
    ]),
    result(nickname, [summary(`${nickname.path}#up`, 'up', 'goose'), summary(`${nickname.path}#down`, 'down', 'goose')], [
      {
        ruleId: 'ban-drop-column',
        severity: 'warning',
        message: 'Dropping users.nickname deletes its data; running this down migration cannot be undone.',
        help: 'Stop reading the column first; drop it in a later release.',
        span: find(nickname, 'DROP COLUMN', 'nickname'),
        migrationId: `${nickname.path}#down`,
        direction: 'down',
      },
    ]),
    {
      file: unreadable,
      source: undefined,
      bom: false,
      migrations: [],
      diagnostics: [
        {
          ruleId: 'unreadable-file',
          severity: 'error',
          message: `Cannot lint ${unreadable}: file is not valid UTF-8 (first invalid byte at offset 17); re-save it as UTF-8`,
          file: unreadable,
          span: { start: origin, end: origin },
        },
      ],
    },
  ];
}
