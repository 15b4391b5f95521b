import type { Diagnostic } from '../model/diagnostic.js';
import type { Engine, Migration, Transactional } from '../model/migration.js';
import type { SourceFile } from '../model/source.js';

/** What a layout adapter needs to know about the file's settings (from config and overrides). */
export interface LayoutFileSettings {
  engine: Engine;
  assumeInTransaction?: boolean;
}

export interface LayoutOutput {
  migrations: Migration[];
  /** Problems found while reading (syntax errors, malformed layout files). */
  diagnostics: Diagnostic[];
}

/**
 * A layout adapter turns the files of one migration framework into migrations. Adapters for
 * Flyway, Liquibase, Knex, Alembic … each live in their own folder next to `sql/`.
 */
export interface Layout {
  name: string;
  /** File name patterns (micromatch, relative to a scanned directory) this layout reads. */
  patterns: readonly string[];
  load(source: SourceFile, settings: LayoutFileSettings): LayoutOutput;
}

export function transactionalFrom(assume: boolean | undefined): Transactional {
  return assume === undefined ? 'unknown' : assume ? 'yes' : 'no';
}
