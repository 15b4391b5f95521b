import ts from 'typescript';
import type { Comment, SourceFile } from '../../model/source.js';
import { Evaluator, unwrapExpr } from './evaluate.js';
import type { Value } from './values.js';

/** A JS/TS file parsed (never run): its syntax errors and comments, with spans in the file. */
export interface ParsedModule {
  sf: ts.SourceFile;
  problems: Array<{ message: string; start: number; end: number }>;
  comments: Comment[];
}

function scriptKind(path: string): ts.ScriptKind {
  if (/\.(ts|mts|cts)$/.test(path)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

export function parseModule(source: SourceFile): ParsedModule {
  const sf = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.Latest, true, scriptKind(source.path));
  // Syntax errors only: parseDiagnostics is what the compiler reports as syntactic diagnostics.
  const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const problems = diags.map((d) => ({ message: ts.flattenDiagnosticMessageText(d.messageText, ' '), start: d.start, end: d.start + Math.max(1, d.length) }));
  return { sf, problems, comments: comments(sf, source) };
}

/** Every comment of the file, found as the trivia around the syntax tree's nodes. */
function comments(sf: ts.SourceFile, source: SourceFile): Comment[] {
  const seen = new Map<number, Comment>();
  const text = sf.text;
  const add = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      const raw = text.slice(r.pos, r.end);
      const body = r.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
      seen.set(r.pos, { body, span: source.span(r.pos, r.end) });
    }
  };
  const visit = (n: ts.Node): void => {
    add(ts.getLeadingCommentRanges(text, n.getFullStart()));
    add(ts.getTrailingCommentRanges(text, n.getEnd()));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  add(ts.getLeadingCommentRanges(text, sf.endOfFileToken.getFullStart()));
  return [...seen.values()].sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/** An export of a migration module: its value and where it is written. */
export interface ExportInfo {
  value: Value;
  node: ts.Node;
}

export interface MigrationExports {
  up?: ExportInfo;
  down?: ExportInfo;
  config?: ExportInfo;
  /** `export default { up, down }`: Knex reads `up`/`down` off the module itself, not off its default export. */
  defaultOnly?: ts.Node;
  /** `module.exports = someCall()` and the like: the exports cannot be read. */
  dynamic?: ts.Node;
}

function isModuleExports(e: ts.Expression): boolean {
  const n = unwrapExpr(e);
  return ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'module' && n.name.text === 'exports';
}

/** `exports.up`, `module.exports.up`, `exports['up']`: the exported name, if any. */
function exportedName(e: ts.Expression): string | undefined {
  const n = unwrapExpr(e);
  if (ts.isPropertyAccessExpression(n)) {
    const obj = unwrapExpr(n.expression);
    if ((ts.isIdentifier(obj) && obj.text === 'exports') || isModuleExports(obj)) return n.name.text;
  }
  if (ts.isElementAccessExpression(n) && ts.isStringLiteral(n.argumentExpression)) {
    const obj = unwrapExpr(n.expression);
    if ((ts.isIdentifier(obj) && obj.text === 'exports') || isModuleExports(obj)) return n.argumentExpression.text;
  }
  return undefined;
}

const NAMES = ['up', 'down', 'config'] as const;

/**
 * Finds `up`, `down` and `config` in every form people write: `exports.up = …`,
 * `module.exports = { up, down }`, `export async function up(knex: Knex)`,
 * `export const up = async (knex) => …`, `export { up, down }`.
 */
export function findExports(ev: Evaluator): MigrationExports {
  const sf = ev.sf;
  const out: MigrationExports = {};
  const set = (name: string, value: Value, node: ts.Node) => {
    if ((NAMES as readonly string[]).includes(name)) out[name as (typeof NAMES)[number]] = { value, node };
  };
  const fromObject = (v: Value, node: ts.Node) => {
    if (v.k !== 'obj') return false;
    for (const n of NAMES) {
      const x = v.props.get(n);
      if (x) set(n, x, node);
    }
    return true;
  };
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = st.expression;
      if (isModuleExports(left)) {
        const v = ev.evalExpr(right, ev.module);
        if (!fromObject(v, st)) out.dynamic = st;
        continue;
      }
      const name = exportedName(left);
      if (name) set(name, ev.evalExpr(right, ev.module), st);
      continue;
    }
    const modifiers = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    const exported = modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(st) && exported && st.name && !isDefault) {
      set(st.name.text, ev.module.get(st.name.text) ?? { k: 'unknown' }, st);
    } else if (ts.isVariableStatement(st) && exported) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) set(d.name.text, ev.module.get(d.name.text) ?? { k: 'unknown' }, d);
      }
    } else if (ts.isExportDeclaration(st) && !st.isTypeOnly && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        set(el.name.text, ev.module.get(local) ?? { k: 'unknown' }, el);
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals) {
      const v = ev.evalExpr(st.expression, ev.module);
      if (v.k === 'obj' && (v.props.has('up') || v.props.has('down'))) {
        out.defaultOnly = st;
        // Still read them, so that the code is linted while the export is being fixed.
        for (const n of NAMES) if (!out[n] && v.props.get(n)) out[n] = { value: v.props.get(n)!, node: st };
      }
    } else if (ts.isExportAssignment(st) && st.isExportEquals) {
      if (!fromObject(ev.evalExpr(st.expression, ev.module), st)) out.dynamic = st;
    }
  }
  return out;
}
