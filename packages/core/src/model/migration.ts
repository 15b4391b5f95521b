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
}
