import type { Diagnostic, LintResult, MigrationSummary, SourceFile } from '@migralint/core';
import { countResults, reportedFix, type Counts } from './summary.js';
import type { Reporter } from './types.js';

/**
 * The machine-readable report. Its shape is versioned: `schemaVersion` changes only for a change
 * that breaks a consumer (a field removed, renamed or retyped); new fields may appear within a
 * version. Schema: packages/reporters/schema/json-report.schema.json; doc: docs/json-format.md.
 */
export interface JsonReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  results: JsonFileResult[];
  summary: Counts;
}

export interface JsonFileResult {
  file: string;
  /** False when the file could not be read; its diagnostics then explain why. */
  readable: boolean;
  migrations: JsonMigration[];
  diagnostics: JsonDiagnostic[];
}

/** Listed field by field, so that a field added to core's MigrationSummary does not change the format unannounced. */
export type JsonMigration = Pick<MigrationSummary, 'id' | 'layout' | 'engine' | 'direction' | 'transactional' | 'operations'>;

export interface JsonDiagnostic {
  ruleId: string;
  severity: Diagnostic['severity'];
  message: string;
  help: string | null;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
  direction: NonNullable<Diagnostic['direction']> | null;
  migrationId: string | null;
  fix: JsonFix | null;
}

export interface JsonFix {
  kind: 'safe' | 'unsafe';
  edits: JsonTextEdit[];
}

export interface JsonTextEdit {
  start: number;
  end: number;
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function jsonFix(source: SourceFile, fix: NonNullable<Diagnostic['fix']>): JsonFix {
  return {
    kind: fix.kind,
    edits: fix.edits.map((e) => {
      const s = source.positionAt(e.start);
      const t = source.positionAt(e.end);
      return { start: e.start, end: e.end, text: e.text, line: s.line, column: s.column, endLine: t.line, endColumn: t.column };
    }),
  };
}

function jsonDiagnostic(r: LintResult, d: Diagnostic): JsonDiagnostic {
  const fix = reportedFix(r, d);
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    help: d.help ?? null,
    file: d.file,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    offset: d.span.start.offset,
    endOffset: d.span.end.offset,
    direction: d.direction ?? null,
    migrationId: d.migrationId ?? null,
    fix: fix && r.source ? jsonFix(r.source, fix) : null,
  };
}

export function jsonReport(results: readonly LintResult[], tool: { name: string; version: string }): JsonReport {
  return {
    schemaVersion: 1,
    tool: { name: tool.name, version: tool.version },
    results: results.map((r) => ({
      file: r.file,
      readable: r.source !== undefined,
      migrations: r.migrations.map((m): JsonMigration => ({ id: m.id, layout: m.layout, engine: m.engine, direction: m.direction, transactional: m.transactional, operations: m.operations })),
      diagnostics: r.diagnostics.map((d) => jsonDiagnostic(r, d)),
    })),
    summary: countResults(results),
  };
}

export const json: Reporter = (results, ctx) => JSON.stringify(jsonReport(results, ctx.tool), null, 2) + '\n';
