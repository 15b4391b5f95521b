import type { Diagnostic, Fix, Severity } from '../model/diagnostic.js';
import type { Direction, Engine, Migration } from '../model/migration.js';
import type { Operation, OperationKind, OperationOf } from '../model/operation.js';
import type { Span } from '../model/source.js';
import type { Analysis } from '../analysis/analysis.js';

export type RuleLevel = 'off' | 'warn' | 'error';

/** Plain data: docs, presets, the config JSON Schema and SARIF rules are generated from it. */
export interface RuleMeta {
  id: string;
  description: string;
  engines: readonly Engine[];
  /** Level in `migralint:recommended`; `false` = only in `migralint:all` (as a warning). */
  recommended: 'error' | 'warn' | false;
  /** Directions the rule runs on. Default: up and repeatable (down code gets no destructive-change findings). */
  directions?: readonly Direction[];
  fixable?: 'safe' | 'unsafe';
  messages: Record<string, string>;
  /** What to do instead; may use `{{placeholders}}` from the report's data. */
  help: string;
  /** JSON Schema of the rule's options object. */
  schema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
  docs?: { url?: string };
  /** SQL for the generated docs; a meta test checks that each `bad` one is reported and each `good` one is not. */
  examples?: { bad: string[]; good: string[] };
}

export interface ReportDescriptor {
  /** The operation at fault; its span is used unless `span` is given. */
  op?: Operation;
  span?: Span;
  messageId: string;
  data?: Record<string, string | number>;
  /** Overrides meta.help for this report (already interpolated with data). */
  help?: string;
  fix?: Fix;
}

export interface Settings {
  engine: Engine;
  /** Major (and minor) version of the target engine, e.g. 15 or 8.4. */
  engineVersion: number;
}

export interface RuleContext<Options = Record<string, unknown>> {
  readonly id: string;
  readonly migration: Migration;
  readonly settings: Settings;
  readonly options: Options;
  readonly analysis: Analysis;
  report(descriptor: ReportDescriptor): void;
}

export type Visitors = {
  [K in OperationKind]?: (op: OperationOf<K>) => void;
} & {
  'migration:enter'?: (migration: Migration) => void;
  'migration:exit'?: (migration: Migration) => void;
};

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  create(ctx: RuleContext<Options>): Visitors;
}

export function defineRule<Options = Record<string, unknown>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export function levelToSeverity(level: Exclude<RuleLevel, 'off'>): Severity {
  return level === 'error' ? 'error' : 'warning';
}

/** Replaces `{{name}}` with data values; unknown names stay visible rather than vanish. */
export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (m, key: string) =>
    data && key in data ? String(data[key]) : m,
  );
}

export type { Diagnostic };
