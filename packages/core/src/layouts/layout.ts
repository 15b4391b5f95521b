import type { Diagnostic } from '../model/diagnostic.js';
import type { Engine, Migration, Transactional } from '../model/migration.js';
import type { SourceFile } from '../model/source.js';
import type { Project } from '../files/project.js';

/** What a layout needs to know about one file's settings (from config, overrides and CLI). */
export interface LayoutFileSettings {
  engine: Engine;
  /** True when the user chose the engine (CLI, config or override): a layout's own config then yields. */
  engineExplicit?: boolean;
  assumeInTransaction?: boolean;
}

/**
 * A group of migrations that one framework runs together: a Flyway location, a
 * `prisma/migrations` folder, a Liquibase root changelog, a Knex directory, or loose SQL files.
 */
export interface MigrationSet {
  layout: string;
  /** Directory of the set, relative to the working directory. */
  root: string;
  /** Files the set claims (relative to cwd); no other layout reads them as migrations. */
  files: string[];
  /** Layout-specific data found while detecting (parsed tool config …). */
  data?: unknown;
}

export interface LayoutOutput {
  migrations: Migration[];
  /** Problems found while reading (syntax errors, malformed layout files), each on its file. */
  diagnostics: Diagnostic[];
  /** Every file read, so reporters can show code frames; unreadable files are diagnostics instead. */
  sources: Array<{ source: SourceFile; bom: boolean }>;
}

export interface LoadContext {
  project: Project;
  settingsFor(path: string): LayoutFileSettings;
}

/**
 * A layout adapter: detects its framework's migration sets in a directory and turns them
 * into migrations in the framework's own order. One folder per framework under `layouts/`.
 */
export interface Layout {
  name: string;
  /**
   * Finds sets of this layout among `files` (everything below `dir`, relative to cwd).
   * Called for each directory the user names; files already claimed are not offered again.
   */
  detect(dir: string, files: readonly string[], project: Project): Promise<MigrationSet[]>;
  load(set: MigrationSet, ctx: LoadContext): Promise<LayoutOutput>;
}

export function transactionalFrom(assume: boolean | undefined): Transactional {
  return assume === undefined ? 'unknown' : assume ? 'yes' : 'no';
}

export function emptyOutput(): LayoutOutput {
  return { migrations: [], diagnostics: [], sources: [] };
}

/** A diagnostic about a file as a whole or a place in it, from a layout. */
export function layoutDiagnostic(
  ruleId: 'syntax-error' | 'unreadable-file' | 'layout-error' | 'opaque-code',
  file: string,
  message: string,
  span?: import('../model/source.js').Span,
): Diagnostic {
  const p = { line: 1, column: 1, offset: 0 };
  return {
    ruleId,
    severity: ruleId === 'opaque-code' ? 'info' : 'error',
    message,
    file,
    span: span ?? { start: p, end: p },
  };
}
