import type { Layout } from './layout.js';
import { lazyLayout } from './lazy.js';
import { alembicLayout } from './alembic/index.js';
import { djangoLayout } from './django/index.js';
import { dbmateLayout } from './dbmate/index.js';
import { dieselLayout } from './diesel/index.js';
import { flywayLayout } from './flyway/index.js';
import { golangMigrateLayout } from './golang-migrate/index.js';
import { gooseLayout } from './goose/index.js';
import { liquibaseLayout } from './liquibase/index.js';
import { prismaLayout } from './prisma/index.js';
import { refineryLayout } from './refinery/index.js';
import { sqitchLayout } from './sqitch/index.js';
import { sqlLayout } from './sql/index.js';
import { sqlxLayout } from './sqlx/index.js';

/**
 * Every layout, most specific first: detection offers each directory's files to these in
 * order, and files a layout claims are not offered to the ones after it. Plain `sql` is last.
 */
export const LAYOUTS: readonly Layout[] = [
  // Liquibase: changelogs recognised by content, and every file they include or name (sqlFile).
  liquibaseLayout,
  // SQL-file frameworks. A config or marker file first (Prisma, sqitch), folders (diesel), Rust
  // crates (refinery before Flyway: same V<n>__ names; sqlx before golang-migrate: same .up.sql
  // names), then content markers (goose, dbmate), then bare naming (golang-migrate).
  prismaLayout,
  sqitchLayout,
  dieselLayout,
  refineryLayout,
  flywayLayout,
  sqlxLayout,
  gooseLayout,
  dbmateLayout,
  golangMigrateLayout,
  // Knex needs the TypeScript compiler (~0.7 s to load): only when JS/TS files are offered.
  lazyLayout('knex', (f) => /\.(c|m)?[jt]s$/.test(f), async () => (await import('./knex/index.js')).knexLayout),
  // Python migrations: Alembic (env.py + versions/) before Django (<app>/migrations/).
  alembicLayout,
  djangoLayout,
  sqlLayout,
];

export function layoutByName(name: string): Layout | undefined {
  return LAYOUTS.find((l) => l.name === name);
}
