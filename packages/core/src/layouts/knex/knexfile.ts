import { dirname, isAbsolute, resolve } from 'node:path';
import ts from 'typescript';
import type { Project } from '../../files/project.js';
import type { Engine } from '../../model/migration.js';
import type { SourceFile, Span } from '../../model/source.js';
import { Evaluator, unwrapExpr } from './evaluate.js';
import { parseModule } from './module.js';
import { prop, str, strList, type Value } from './values.js';

/**
 * Reads a knexfile statically (it is never run): the environment's `client` and its
 * `migrations` settings. Facts: lib/migrations/migrate/migrator-configuration-merger.js
 * (defaults), bin/cli.js and bin/utils/cli-config-utils.js (lookup, environments).
 */

/** Knex CLI lookup order (bin/cli.js `filetypes`: js, mjs, coffee, ts, eg, ls); `.cjs` only via --knexfile. */
export const KNEXFILE_NAMES = ['knexfile.js', 'knexfile.mjs', 'knexfile.ts', 'knexfile.cjs'];

/** lib/migrations/common/MigrationsLoader.js DEFAULT_LOAD_EXTENSIONS. */
export const DEFAULT_LOAD_EXTENSIONS = ['.co', '.coffee', '.eg', '.iced', '.js', '.cjs', '.litcoffee', '.ls', '.ts'];

/** Client names (lib/constants.js: pg and postgresql are aliases of postgres, sqlite of sqlite3). */
const CLIENTS: Record<string, Engine> = {
  pg: 'postgresql',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  pgnative: 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
};

/** Keys of a Knex config object; an object without any of them is a map of environments. */
const CONFIG_KEYS = ['client', 'connection', 'migrations', 'pool', 'seeds', 'useNullAsDefault', 'searchPath', 'debug', 'acquireConnectionTimeout'];

export interface KnexfileProblem {
  ruleId: 'layout-error' | 'opaque-code';
  message: string;
  span?: Span;
}

export interface KnexConfig {
  /** The knexfile (cwd-relative), when there is one. */
  file?: string;
  source?: SourceFile;
  /** Migration directories (cwd-relative), in configuration order. */
  directories: string[];
  loadExtensions: string[];
  sortDirsSeparately: boolean;
  /** undefined when set to a value known only at run time. */
  disableTransactions: boolean | undefined;
  /** The client's engine; undefined when absent or computed at run time. */
  engine?: Engine;
  client?: string;
  clientSpan?: Span;
  /** A client migralint has no dialect for (mssql, oracledb …). */
  unsupportedClient?: string;
  environment?: string;
  problems: KnexfileProblem[];
}

export function defaultConfig(dir: string, project: Project): KnexConfig {
  return {
    directories: [project.rel(resolve(project.abs(dir), 'migrations'))],
    loadExtensions: DEFAULT_LOAD_EXTENSIONS,
    sortDirsSeparately: false,
    disableTransactions: false,
    problems: [],
  };
}

/** The exported configuration: `module.exports = …`, `export default …`, or named environment exports. */
function exported(ev: Evaluator): { value: Value; node: ts.Node } | undefined {
  const named = new Map<string, Value>();
  let main: { value: Value; node: ts.Node } | undefined;
  for (const st of ev.sf.statements) {
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrapExpr(st.expression.left);
      if (!ts.isPropertyAccessExpression(left)) continue;
      const obj = unwrapExpr(left.expression);
      const isModule = ts.isIdentifier(obj) && obj.text === 'module' && left.name.text === 'exports';
      if (isModule) main = { value: ev.evalExpr(st.expression.right, ev.module), node: st };
      else if ((ts.isIdentifier(obj) && obj.text === 'exports') || (ts.isPropertyAccessExpression(obj) && obj.name.text === 'exports')) {
        named.set(left.name.text, ev.evalExpr(st.expression.right, ev.module));
      }
    } else if (ts.isExportAssignment(st)) {
      main = { value: ev.evalExpr(st.expression, ev.module), node: st };
    } else if (ts.isVariableStatement(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) named.set(d.name.text, ev.module.get(d.name.text) ?? { k: 'unknown' });
    }
  }
  if (main?.value.k === 'obj' && main.value.props.has('default')) main = { value: main.value.props.get('default')!, node: main.node };
  if (main) return main;
  if (named.size) return { value: { k: 'obj', props: named }, node: ev.sf };
  return undefined;
}

/** A function exported as the config (`module.exports = async () => ({ … })`): its returned object, read statically. */
function returned(ev: Evaluator, v: Value): Value {
  if (v.k !== 'fn') return v;
  const body = v.node.body;
  if (!body) return { k: 'unknown' };
  if (!ts.isBlock(body)) return ev.evalExpr(body, v.scope);
  const ret = body.statements.find(ts.isReturnStatement);
  return ret?.expression ? ev.evalExpr(ret.expression, v.scope) : { k: 'unknown' };
}

/**
 * The environment migralint lints for: Knex picks `--env`, then NODE_ENV, then `development`;
 * a linter guards deployments, so `production` comes first, then `development`, then the first.
 */
function environment(config: Value): { env?: string; value: Value } {
  if (config.k !== 'obj') return { value: config };
  if (CONFIG_KEYS.some((k) => config.props.has(k))) return { value: config };
  const envs = [...config.props.keys()].filter((k) => config.props.get(k)?.k === 'obj');
  const env = ['production', 'development'].find((e) => envs.includes(e)) ?? envs[0];
  return env ? { env, value: config.props.get(env)! } : { value: config };
}

/** The span of the `client:` property whose value is `client` (for diagnostics about it). */
function clientSpan(sf: ts.SourceFile, source: SourceFile, client: string | undefined): Span | undefined {
  let first: ts.Node | undefined;
  let match: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (match) return;
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'client') {
      first ??= n;
      const init = unwrapExpr(n.initializer);
      if (client !== undefined && ts.isStringLiteralLike(init) && init.text === client) match = n;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const n = match ?? first;
  return n ? source.span(n.getStart(sf), n.getEnd()) : undefined;
}

export async function readKnexfile(project: Project, file: string): Promise<KnexConfig> {
  const dir = dirname(file);
  const config = defaultConfig(dir, project);
  config.file = file;
  const read = await project.read(file);
  if (!read.ok) {
    config.problems.push({ ruleId: 'layout-error', message: `Cannot read the knexfile ${file}: ${read.reason}; migralint uses Knex's defaults (./migrations).` });
    return config;
  }
  config.source = read.source;
  const parsed = parseModule(read.source);
  for (const p of parsed.problems.slice(0, 1)) {
    config.problems.push({
      ruleId: 'layout-error',
      message: `Malformed knexfile: ${p.message} Knex could not load it; migralint reads what it can.`,
      span: read.source.span(p.start, p.end),
    });
  }
  const absDir = project.abs(dir);
  const ev = new Evaluator(parsed.sf, { dirname: absDir, fallbacks: true });
  const exp = exported(ev);
  if (!exp) {
    config.problems.push({ ruleId: 'layout-error', message: `The knexfile ${file} exports no configuration (module.exports = { … } or export default { … }); migralint uses Knex's defaults (./migrations).` });
    return config;
  }
  const { env, value } = environment(returned(ev, exp.value));
  if (env) config.environment = env;
  if (value.k !== 'obj') {
    config.problems.push({
      ruleId: 'opaque-code',
      message: `The knexfile's configuration is computed at run time (${exp.node.getText(parsed.sf).slice(0, 80)}); migralint uses Knex's defaults (./migrations, transactions on).`,
      span: read.source.span(exp.node.getStart(parsed.sf), exp.node.getEnd()),
    });
    return config;
  }
  const client = prop(value, 'client');
  const name = str(client);
  config.clientSpan = clientSpan(parsed.sf, read.source, name);
  if (name !== undefined) {
    config.client = name;
    const engine = CLIENTS[name];
    if (engine) config.engine = engine;
    else config.unsupportedClient = name;
  } else if (client && client.k !== 'undef') {
    config.problems.push({
      ruleId: 'opaque-code',
      message: 'The knexfile\'s `client` is computed at run time: migralint lints these migrations with the engine of its own configuration (`engine`, PostgreSQL by default).',
      ...(config.clientSpan && { span: config.clientSpan }),
    });
  }
  const migrations = prop(value, 'migrations');
  if (migrations && migrations.k !== 'obj' && migrations.k !== 'undef') {
    config.problems.push({ ruleId: 'opaque-code', message: 'The knexfile\'s `migrations` settings are computed at run time; migralint uses Knex\'s defaults.' });
    return config;
  }
  const directory = prop(migrations, 'directory');
  const dirs = strList(directory);
  if (dirs) config.directories = dirs.map((d) => project.rel(isAbsolute(d) ? d : resolve(absDir, d)));
  else if (directory && directory.k !== 'undef') {
    config.problems.push({ ruleId: 'opaque-code', message: 'The knexfile\'s `migrations.directory` is computed at run time; migralint looks in ./migrations.' });
  }
  const exts = strList(prop(migrations, 'loadExtensions'));
  if (exts) config.loadExtensions = exts;
  const sortDirs = prop(migrations, 'sortDirsSeparately');
  if (sortDirs?.k === 'bool') config.sortDirsSeparately = sortDirs.v;
  const disable = prop(migrations, 'disableTransactions');
  if (disable?.k === 'bool') config.disableTransactions = disable.v;
  else if (disable && disable.k !== 'undef') config.disableTransactions = undefined;
  if (prop(migrations, 'migrationSource') && !directory && !exts) {
    config.problems.push({ ruleId: 'opaque-code', message: 'The knexfile uses a custom `migrationSource`: migralint cannot know which migrations it yields and lints the files in ./migrations.' });
  }
  return config;
}

/** Cwd-relative knexfile paths that Knex would find from `dir` (the directory, then its parents). */
export function knexfileCandidates(dir: string): string[] {
  return KNEXFILE_NAMES.map((n) => (dir === '.' ? n : `${dir}/${n}`));
}
