import type { Operation } from './operation.js';
import type { Comment, SourceFile } from './source.js';

export type Engine = 'postgresql' | 'mysql' | 'sqlite';
export const ENGINES: readonly Engine[] = ['postgresql', 'mysql', 'sqlite'];

export type Direction = 'up' | 'down' | 'repeatable';

/** Whether the migration tool wraps the migration in a transaction. */
export type Transactional = 'yes' | 'no' | 'unknown';

/**
 * One migration as its framework runs it: a file, a section of a file (goose Up/Down),
 * a changeSet, or a revision function. Operations are in execution order.
 */
export interface Migration {
  /** Stable id, unique within a run (e.g. the path, or `path#changeSetId`). */
  id: string;
  source: SourceFile;
  layout: string;
  engine: Engine;
  /** Sort key in the framework's own order; migrations are linted and replayed in this order. */
  orderKey: readonly (string | number)[];
  direction: Direction;
  transactional: Transactional;
  operations: Operation[];
  /** Comments in this migration's part of the file, for directives. */
  comments: Comment[];
  /** Advice in the framework's own words, which rules append to their `help`. */
  hints?: MigrationHints;
}

/** Layout-specific advice; every field is a complete sentence (or several) ready to append to a help text. */
export interface MigrationHints {
  /** How to run this migration outside a transaction in its framework (CREATE INDEX CONCURRENTLY and the like). */
  nonTransactional?: string;
  /** Why the migration runs inside a transaction or not, as the framework decides it. */
  transaction?: string;
  /**
   * The SET NOT NULL recipe (NOT VALID check, validate, set not null) written in the framework's
   * own terms. A template: rules fill `{{table}}`, `{{column}}` and `{{check}}`.
   */
  setNotNull?: string;
}
