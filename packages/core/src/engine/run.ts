import type { RunAnalysis } from '../analysis/analysis.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Migration } from '../model/migration.js';
import type { Operation } from '../model/operation.js';
import { interpolate, levelToSeverity, type Rule, type RuleContext, type Settings, type Visitors } from './rule.js';

export interface RuleSetting {
  level: 'warn' | 'error';
  options: Record<string, unknown>;
}

/** What applies to one file after config, presets and overrides are resolved. */
export interface FileConfig {
  rules: ReadonlyMap<string, RuleSetting>;
  settings: Settings;
  /** The user chose the engine (CLI, config, override); otherwise a layout's own config may. */
  engineExplicit?: boolean;
  engineVersionExplicit?: boolean;
  assumeInTransaction?: boolean;
}

const DEFAULT_DIRECTIONS = ['up', 'repeatable'] as const;

export function ruleApplies(rule: Rule<never>, migration: Migration): boolean {
  const dirs = rule.meta.directions ?? DEFAULT_DIRECTIONS;
  return rule.meta.engines.includes(migration.engine) && dirs.includes(migration.direction);
}

/** Runs the enabled rules over one migration's operations, in order. */
export function runRules(
  migration: Migration,
  registry: ReadonlyMap<string, Rule<never>>,
  config: FileConfig,
  analysis: RunAnalysis,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const active: Array<{ rule: Rule<never>; visitors: Visitors }> = [];
  for (const [id, setting] of config.rules) {
    const rule = registry.get(id);
    if (!rule || !ruleApplies(rule, migration)) continue;
    const options = { ...(rule.meta.defaultOptions ?? {}), ...setting.options };
    const ctx: RuleContext<Record<string, unknown>> = {
      id,
      migration,
      settings: config.settings,
      options,
      analysis,
      report(d) {
        const template = rule.meta.messages[d.messageId];
        if (template === undefined) throw new Error(`rule ${id} reported unknown messageId '${d.messageId}'`);
        const span = d.span ?? d.op?.span;
        if (!span) throw new Error(`rule ${id} reported without an op or span`);
        const diag: Diagnostic = {
          ruleId: id,
          severity: levelToSeverity(setting.level),
          message: interpolate(template, d.data),
          help: d.help ?? interpolate(rule.meta.help, d.data),
          file: migration.source.path,
          span,
          migrationId: migration.id,
          direction: migration.direction,
        };
        const stmt = d.op?.sql?.statementSpan ?? d.op?.span;
        if (stmt) diag.statementLine = stmt.start.line;
        if (d.fix) diag.fix = d.fix;
        out.push(diag);
      },
    };
    try {
      active.push({ rule, visitors: (rule as unknown as Rule<Record<string, unknown>>).create(ctx) });
    } catch (err) {
      out.push(internalError(migration, id, err));
    }
  }
  const call = (rule: Rule<never>, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      out.push(internalError(migration, rule.meta.id, err));
    }
  };
  analysis.enter(migration);
  for (const a of active) if (a.visitors['migration:enter']) call(a.rule, () => a.visitors['migration:enter']!(migration));
  for (const op of migration.operations) {
    for (const a of active) {
      const visit = a.visitors[op.kind] as ((o: Operation) => void) | undefined;
      if (visit) call(a.rule, () => visit(op));
    }
    // Rules see the schema as it was before the operation; then it is replayed.
    analysis.advance(op);
  }
  for (const a of active) if (a.visitors['migration:exit']) call(a.rule, () => a.visitors['migration:exit']!(migration));
  return out;
}

function internalError(m: Migration, ruleId: string, err: unknown): Diagnostic {
  const msg = err instanceof Error ? err.message : String(err);
  return {
    ruleId: 'internal-error',
    severity: 'error',
    message: `Rule ${ruleId} failed on this migration: ${msg}`,
    file: m.source.path,
    span: m.source.span(0, 0),
    migrationId: m.id,
    direction: m.direction,
  };
}
