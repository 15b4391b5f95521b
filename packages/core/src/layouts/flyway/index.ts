/**
 * Flyway: `V<version>__<desc>.sql` (versioned), `U…` (undo), `B…` (baseline), `R__<desc>.sql`
 * (repeatable) in the locations of flyway.conf / flyway.toml (or `db/migration`); placeholders,
 * script configuration, Java/Kotlin migrations, and Flyway's own transaction decision.
 * Facts and sources: README.md beside this file.
 */
import type { Direction, Engine, Migration, Transactional } from '../../model/migration.js';
import type { SourceFile } from '../../model/source.js';
import type { Project } from '../../files/project.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput, type MigrationSet } from '../layout.js';
import {
  ancestors,
  baseName,
  buildSqlMigration,
  chooseEngine,
  dirOf,
  engineFromUrl,
  firstLineSpan,
  GROUP,
  linesOf,
  migrationDiagnostic,
  opaqueMigration,
  readMigrationFile,
  setEngine,
  statementsOf,
  type ToolEngine,
} from '../sql-frameworks.js';
import { defaultConfig, parseProperties, readFlywayConfig, readSpringConfig, type FlywayConfig } from './config.js';
import { parseFlywayName, type FlywayKind, type FlywayName } from './naming.js';
import { replacePlaceholders } from './placeholders.js';

const CONFIG_FILES = new Set(['flyway.conf', 'flyway.toml']);
/** The Maven/Gradle/Spring Boot default location `classpath:db/migration`. */
const DEFAULT_DIR = /(^|\/)db\/migration$/;

/**
 * Statements that Flyway's PostgreSQL parser marks as non-transactional (PostgreSQLParser
 * .detectCanExecuteInTransaction). ALTER TYPE … ADD VALUE only below PostgreSQL 12.
 */
const PG_NON_TRANSACTIONAL = [
  /^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)\b/,
  /^ALTER SYSTEM\b/,
  /^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\b/,
  /^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)\b/,
  /^VACUUM\b/,
  /^DISCARD ALL\b/,
];

interface FlywayData {
  config: FlywayConfig;
  all: string[];
}

function hint(file: string): string {
  const name = baseName(file);
  return `Add \`-- flyway:executeInTransaction=false\` as the first line of ${name} (or a script configuration file ${name}.conf containing \`executeInTransaction=false\`), and keep the statement in a migration of its own: Flyway refuses a script that mixes transactional and non-transactional statements unless \`mixed\` is true.`;
}

/** Files of a location that belong to Flyway: migration names, near-misses, and script configuration files. */
function claim(files: readonly string[], locations: readonly string[], c: FlywayConfig, recursive: boolean): string[] {
  return files.filter((f) => {
    const d = dirOf(f);
    if (!locations.some((l) => (recursive ? d === l || d.startsWith(`${l}/`) || l === '.' : d === l))) return false;
    const name = baseName(f);
    if (name.endsWith('.conf') && parseFlywayName(name.slice(0, -'.conf'.length), c)?.ok) return true;
    return parseFlywayName(name, c) !== undefined;
  });
}

/**
 * The Flyway config above `dir` whose locations include it: a file named on its own (or a
 * directory below the project) still gets its project's url, placeholders and prefixes.
 */
async function enclosingConfig(project: Project, dir: string): Promise<FlywayConfig | undefined> {
  for (const a of ancestors(dir)) {
    for (const name of CONFIG_FILES) {
      const file = a === '.' ? name : `${a}/${name}`;
      if (!project.exists(file)) continue;
      const config = await readFlywayConfig(project, file);
      if (config.locations.some((l) => dir === l || dir.startsWith(`${l}/`) || l === '.')) return config;
    }
  }
  return undefined;
}

export const flywayLayout: Layout = {
  name: 'flyway',
  async detect(_dir, files, project) {
    const sets: MigrationSet[] = [];
    const taken = new Set<string>();
    const add = (root: string, config: FlywayConfig, claimed: string[]) => {
      const fresh = claimed.filter((f) => !taken.has(f));
      for (const f of fresh) taken.add(f);
      if (!fresh.some((f) => !f.endsWith('.conf'))) return;
      if (config.file) fresh.push(config.file);
      sets.push({ layout: 'flyway', root, files: fresh, data: { config, all: fresh } satisfies FlywayData });
    };
    // A directory inside a project whose Flyway config lists it belongs to that config's set.
    const addEnclosing = async (d: string): Promise<boolean> => {
      const enclosing = await enclosingConfig(project, d);
      if (enclosing) add(dirOf(enclosing.file!), enclosing, claim(files, enclosing.locations, enclosing, true));
      return !!enclosing;
    };
    // 1. Projects with a Flyway config file: its locations, recursively, as Flyway scans them.
    for (const f of files.filter((x) => CONFIG_FILES.has(baseName(x)))) {
      const config = await readFlywayConfig(project, f);
      add(dirOf(f), config, claim(files, config.locations, config, true));
    }
    // 2. The build-tool default location, with Spring Boot's settings when present.
    const defaults = [...new Set(files.map(dirOf).filter((d) => DEFAULT_DIR.test(d)))].sort((a, b) => Number(!a.includes('src/main/resources')) - Number(!b.includes('src/main/resources')));
    for (const d of defaults) {
      if (await addEnclosing(d)) continue;
      const config = defaultConfig();
      config.locations = [d];
      const resources = d === 'db/migration' ? '.' : d.slice(0, -'/db/migration'.length);
      if (resources.endsWith('src/main/resources')) await readSpringConfig(project, resources, config);
      const sibling = resources.replace(/src\/main\/resources$/, 'src/main/java');
      if (sibling !== resources) config.locations.push(`${sibling}/db/migration`, sibling.replace(/java$/, 'kotlin') + '/db/migration');
      add(resources.endsWith('src/main/resources') ? resources.replace(/\/?src\/main\/resources$/, '') || '.' : resources, config, claim(files, config.locations, config, true));
    }
    // 3. Any other directory whose files follow Flyway's naming (V1__init.sql …).
    const c = defaultConfig();
    const dirs = new Set(files.filter((f) => !taken.has(f) && /^V\d[\d._]*__.+\.sql$/.test(baseName(f))).map(dirOf));
    for (const d of dirs) {
      if (await addEnclosing(d)) continue;
      const config = defaultConfig();
      config.locations = [d];
      add(d, config, claim(files, [d], c, false));
    }
    return sets;
  },

  async load(set, ctx) {
    const out = emptyOutput();
    const data = set.data as FlywayData | undefined;
    const config = data?.config ?? defaultConfig();
    const configFile = config.file ?? set.files[0] ?? set.root;
    for (const p of config.problems) out.diagnostics.push(layoutDiagnostic('layout-error', configFile, p));
    const urlEngine = config.url ? engineFromUrl(config.url) : undefined;
    const tool: ToolEngine | undefined = urlEngine && { ...urlEngine, origin: config.urlOrigin ?? 'flyway url' };
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, configFile, 'Flyway')) return out;

    const migrations = set.files.filter((f) => f !== config.file && !f.endsWith('.conf'));
    const loaded: Array<{ file: string; name: FlywayName; migration: Migration }> = [];
    for (const file of migrations) {
      const outcome = parseFlywayName(baseName(file), config);
      if (!outcome) continue;
      if (!outcome.ok) {
        out.diagnostics.push(layoutDiagnostic('layout-error', file, outcome.reason));
        continue;
      }
      const source = await readMigrationFile(ctx.project, file, out);
      if (!source) continue;
      const engine = chooseEngine(ctx.settingsFor(file), tool).engine;
      const m = await loadOne(ctx.project, source, outcome.name, engine, config, set.root, out);
      loaded.push({ file, name: outcome.name, migration: m });
    }
    reportDuplicates(loaded, out);
    return out;
  },
};

const DIRECTION: Record<FlywayKind, Direction> = { versioned: 'up', baseline: 'up', undo: 'down', repeatable: 'repeatable' };

function orderKey(root: string, n: FlywayName): Array<string | number> {
  // Versioned migrations in version order, then repeatable ones by description (Flyway applies them
  // last); undo scripts are never part of `migrate`.
  if (n.kind === 'repeatable') return [root, GROUP.repeatable, n.description];
  return [root, n.kind === 'undo' ? GROUP.down : GROUP.up, n.version!, n.kind === 'baseline' ? 0 : 1];
}

async function loadOne(project: Project, source: SourceFile, n: FlywayName, engine: Engine, config: FlywayConfig, root: string, out: LayoutOutput): Promise<Migration> {
  const file = source.path;
  const init = { id: file, layout: 'flyway', orderKey: orderKey(root, n), direction: DIRECTION[n.kind], transactional: 'unknown' as Transactional };
  if (n.language !== 'sql') {
    const lang = n.language === 'java' ? 'Java' : 'Kotlin';
    const { migration, diagnostic } = opaqueMigration(source, engine, init, `Flyway ${lang} migration: its schema changes are code that migralint does not read; review it by hand.`);
    out.migrations.push(migration);
    out.diagnostics.push(diagnostic);
    return migration;
  }
  const script = await scriptConfig(project, source, out);
  const replaceOn = script.placeholderReplacement ?? config.placeholderReplacement;
  const replaced = replaceOn ? replacePlaceholders(source.text, config, engine, baseName(file)) : { sql: source.text, mapOffset: (o: number) => o, unknown: [] };
  const built = buildSqlMigration(source, engine, init, { sql: replaced.sql, mapOffset: replaced.mapOffset }, { nonTransactional: hint(file) });
  for (const u of replaced.unknown) {
    out.diagnostics.push(
      migrationDiagnostic('layout-error', built.migration, `No value provided for placeholder ${config.placeholderPrefix}${u.name}${config.placeholderSuffix}: Flyway stops here. Set flyway.placeholders.${u.name} (or FLYWAY_PLACEHOLDERS_${u.name.toUpperCase()}); migralint linted it as a neutral identifier.`, source.span(u.start, u.end)),
    );
  }
  decideTransaction(built.migration, engine, config, script.executeInTransaction, out);
  out.migrations.push(built.migration);
  out.diagnostics.push(...built.diagnostics);
  return built.migration;
}

interface ScriptConfig {
  executeInTransaction?: boolean;
  placeholderReplacement?: boolean;
}

/**
 * Script configuration: `<script>.conf` beside the script, and `-- flyway:key=value` lines in the
 * comment block at the top of the script (the in-file form wins when both set a key).
 */
async function scriptConfig(project: Project, source: SourceFile, out: LayoutOutput): Promise<ScriptConfig> {
  const result: ScriptConfig = {};
  const set = (key: string, value: string, where: string) => {
    const v = value.trim().toLowerCase();
    const b = v === 'true' ? true : v === 'false' ? false : undefined;
    if (key === 'executeInTransaction' || key === 'placeholderReplacement') {
      if (b === undefined) out.diagnostics.push(layoutDiagnostic('layout-error', where, `${key} must be true or false in ${where}, not '${value.trim()}'.`));
      else result[key] = b;
    } else if (key !== 'encoding' && key !== 'shouldExecute') {
      out.diagnostics.push(layoutDiagnostic('layout-error', where, `Flyway refuses the script configuration in ${where}: unknown setting '${key}' (it knows executeInTransaction, placeholderReplacement, encoding and shouldExecute).`));
    }
  };
  const confFile = `${source.path}.conf`;
  const conf = await project.readText(confFile);
  if (conf !== undefined) for (const [k, v] of parseProperties(conf)) set(k, v, confFile);
  for (const line of linesOf(source.text)) {
    const t = line.text.trim();
    if (t === '') continue;
    if (!t.startsWith('--')) break;
    const m = /^--\s*flyway:(\w+)\s*=\s*(.*)$/.exec(t);
    if (m) set(m[1]!, m[2]!, source.path);
  }
  return result;
}

/**
 * Flyway's decision (ParserSqlScript / SqlMigrationExecutor): a script whose statements can all run
 * in a transaction runs in one, unless executeInTransaction=false (script or global); a script whose
 * statements are all non-transactional runs outside one; a mix is refused unless `mixed` is true,
 * and then runs outside a transaction. MySQL commits DDL implicitly whatever Flyway does.
 */
function decideTransaction(m: Migration, engine: Engine, config: FlywayConfig, scriptTx: boolean | undefined, out: LayoutOutput): void {
  const explicit = scriptTx ?? config.executeInTransaction;
  const hints = m.hints!;
  if (engine === 'mysql') {
    m.transactional = 'no';
    hints.transaction = 'Flyway opens a transaction, but MySQL commits every DDL statement implicitly, so schema changes run outside it.';
    return;
  }
  if (engine !== 'postgresql') {
    m.transactional = explicit === false ? 'no' : 'yes';
    hints.transaction = explicit === false ? 'Flyway runs this script outside a transaction (executeInTransaction=false).' : 'Flyway runs this script inside a transaction.';
    return;
  }
  const statements = statementsOf(m);
  const nonTx = statements.filter((s) => PG_NON_TRANSACTIONAL.some((re) => re.test(s.words)));
  const tx = statements.filter((s) => !nonTx.includes(s));
  if (nonTx.length && tx.length && !config.mixed) {
    const offender = statements.find((s, i) => i > 0 && (nonTx.includes(s) !== nonTx.includes(statements[0]!)))!;
    out.diagnostics.push(
      migrationDiagnostic(
        'layout-error',
        m,
        `Flyway refuses this script: it mixes transactional statements with non-transactional ones such as ${nonTx[0]!.words.split(' ').slice(0, 4).join(' ')} ("Detected both transactional and non-transactional statements within the same migration (even though mixed is false)"). Move the non-transactional statement to a migration of its own, or set mixed=true.`,
        offender.span,
      ),
    );
    m.transactional = 'no';
    hints.transaction = 'Flyway refuses to run this script as it is (mixed transactional and non-transactional statements).';
    return;
  }
  if (explicit !== undefined) {
    m.transactional = explicit ? 'yes' : 'no';
    hints.transaction = explicit ? 'Flyway runs this script inside a transaction (executeInTransaction=true).' : 'Flyway runs this script outside a transaction (executeInTransaction=false).';
    return;
  }
  if (nonTx.length) {
    m.transactional = 'no';
    hints.transaction = tx.length ? 'Flyway runs this script outside a transaction (mixed=true and it holds non-transactional statements).' : 'Flyway detects that every statement of this script is non-transactional and runs it outside a transaction.';
    return;
  }
  m.transactional = 'yes';
  hints.transaction = 'Flyway runs each migration inside a transaction on PostgreSQL.';
}

function reportDuplicates(loaded: Array<{ file: string; name: FlywayName; migration: Migration }>, out: LayoutOutput): void {
  const groups = new Map<string, typeof loaded>();
  for (const l of loaded) {
    const key = l.name.kind === 'repeatable' ? `R:${l.name.description.toLowerCase()}` : `${l.name.kind === 'versioned' ? 'V' : l.name.kind === 'undo' ? 'U' : 'B'}:${l.name.version}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    const what = key.startsWith('R:') ? `repeatable migration with description '${group[0]!.name.description}'` : `${key.startsWith('U:') ? 'undo ' : key.startsWith('B:') ? 'baseline ' : ''}migration with version ${group[0]!.name.version}`;
    for (const l of group.slice(1)) {
      out.diagnostics.push(
        migrationDiagnostic('layout-error', l.migration, `Found more than one ${what}: ${group.filter((g) => g !== l).map((g) => g.file).join(', ')} too. Flyway refuses to migrate until one is renamed.`, firstLineSpan(l.migration.source)),
      );
    }
  }
}
