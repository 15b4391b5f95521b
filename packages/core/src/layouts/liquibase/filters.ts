/*
 * Which changeSets run: `dbms` lists, `context` expressions and `labels`, evaluated the way
 * Liquibase does (DatabaseList.definitionMatches, ExpressionMatcher, ContextExpression,
 * LabelExpression). See README.md for the sources.
 */

/**
 * `dbms="postgresql, mysql"`, `dbms="!h2"`, `all`, `none`; case-insensitive. `database` is the
 * Liquibase short name of the target (postgresql, mysql, mariadb, sqlite); undefined matches all
 * (used while detecting, before the engine is known).
 */
export function dbmsMatches(definition: string | undefined, database: string | undefined): boolean {
  const list = (definition ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length || database === undefined) return true;
  if (list.includes('all')) return true;
  if (list.includes('none')) return false;
  if (list.includes(`!${database}`)) return false;
  const positive = list.filter((d) => !d.startsWith('!'));
  return positive.length === 0 || positive.includes(database);
}

/**
 * Evaluates a context or label expression (`a and !b`, `(a or b) and c`, `a, b`) against the
 * runtime items. A plain name matches when no runtime items are given, as in Liquibase.
 */
export function expressionMatches(expression: string, items: readonly string[]): boolean {
  let expr = expression.trim();
  if (expr === ':TRUE') return true;
  if (expr === ':FALSE') return false;
  // Innermost parentheses first, replaced by their value.
  for (let guard = 0; expr.includes('(') && guard < 100; guard++) {
    const m = /\(([^()]*)\)/.exec(expr);
    if (!m) return true;
    expr = `${expr.slice(0, m.index)} :${expressionMatches(m[1]!, items) ? 'TRUE' : 'FALSE'} ${expr.slice(m.index + m[0].length)}`;
  }
  expr = expr.replace(/\s*,\s*/g, ' or ');
  const ors = expr.split(/\s+or\s+/i);
  if (ors.length > 1) return ors.some((e) => expressionMatches(e, items));
  const ands = expr.split(/\s+and\s+/i);
  if (ands.length > 1) return ands.every((e) => expressionMatches(e, items));
  let not = false;
  if (expr.startsWith('!')) {
    not = true;
    expr = expr.slice(1).trim();
  } else if (/^not\s/i.test(expr)) {
    not = true;
    expr = expr.slice(4).trim();
  }
  if (expr === ':TRUE') return !not;
  if (expr === ':FALSE') return not;
  const required = expr.startsWith('@');
  if (required) expr = expr.slice(1).trim();
  if (!required && expr.toLowerCase() === 'nocontexts') return not !== (items.length === 0);
  if (!required && items.length === 0) return true;
  const hit = items.some((i) => i.replace(/^@/, '').trim().toLowerCase() === expr.toLowerCase());
  return hit ? !not : not;
}

/** Splits a context list at top-level commas (a comma inside parentheses belongs to its group). */
function topLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter(Boolean);
}

/**
 * A changeSet's `context` attribute against the runtime contexts (from `liquibase.properties`):
 * an empty attribute matches everything; otherwise one of its comma-separated expressions must match.
 */
export function contextMatches(changeSetContext: string | undefined, runtime: readonly string[]): boolean {
  const exprs = topLevel(changeSetContext ?? '');
  if (!exprs.length) return true;
  return exprs.some((e) => expressionMatches(e, runtime));
}

/**
 * The runtime label filter (an expression) against a changeSet's `labels` (a list). No filter
 * runs everything; a changeSet without labels runs under any filter without `@` (required) labels.
 */
export function labelsMatch(filter: string | undefined, changeSetLabels: string | undefined): boolean {
  if (!filter?.trim()) return true;
  const labels = (changeSetLabels ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return topLevel(filter).some((e) => expressionMatches(e, labels));
}

/** Runtime contexts from a `contexts=` value. */
export function runtimeList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
