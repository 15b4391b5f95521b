/**
 * The model state that Django rebuilds from migrations (django/db/migrations/state.py), kept
 * just far enough to know tables, columns and field definitions: AlterField needs the field it
 * replaces, RemoveField the column name, RenameModel the table.
 */
import type { Engine } from '../../model/migration.js';
import type { PyValue } from '../python/evaluate.js';
import type { Field } from './fields.js';
import { defaultTableName } from './names.js';

export interface ModelState {
  app: string;
  name: string;
  /** db_table, or `<app>_<model>`. */
  table: string;
  explicitTable: boolean;
  /** Field name (lower-cased) → field, in declaration order. */
  fields: Map<string, { name: string; field: Field }>;
  managed: boolean;
  proxy: boolean;
  uniqueTogether: string[][];
  indexTogether: string[][];
  indexes: Map<string, PyValue>;
  constraints: Map<string, PyValue>;
}

export class DjangoState {
  readonly models = new Map<string, ModelState>();

  constructor(readonly engine: Engine) {}

  static key(app: string, model: string): string {
    return `${app}.${model.toLowerCase()}`;
  }

  get(app: string, model: string): ModelState | undefined {
    return this.models.get(DjangoState.key(app, model));
  }

  add(m: ModelState): void {
    this.models.set(DjangoState.key(m.app, m.name), m);
  }

  remove(app: string, model: string): void {
    this.models.delete(DjangoState.key(app, model));
  }

  defaultTable(app: string, model: string): string {
    return defaultTableName(this.engine, app, model);
  }

  /** The table of a model, known or by Django's default naming. */
  tableOf(app: string, model: string): string {
    return this.get(app, model)?.table ?? this.defaultTable(app, model);
  }

  clone(): DjangoState {
    const c = new DjangoState(this.engine);
    for (const [k, m] of this.models) {
      c.models.set(k, {
        ...m,
        fields: new Map(m.fields),
        uniqueTogether: m.uniqueTogether.map((x) => [...x]),
        indexTogether: m.indexTogether.map((x) => [...x]),
        indexes: new Map(m.indexes),
        constraints: new Map(m.constraints),
      });
    }
    return c;
  }
}
