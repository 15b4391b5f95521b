import type { Diagnostic } from '../../model/diagnostic.js';
import type { Direction, Engine, Migration, MigrationHints, Transactional } from '../../model/migration.js';
import type { Operation } from '../../model/operation.js';
import { SourceFile, type Comment } from '../../model/source.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput, type LoadContext } from '../layout.js';
import { ChangeConverter, type Part } from './changes.js';
import { detectRoots, engineFromJdbc, nearestProperties, readProperties, searchRootsOf, type LiquibaseSetData } from './discovery.js';
import { dbmsMatches, runtimeList } from './filters.js';
import { elements, elementsNamed, headSpan, type PNode, type RawComment } from './node.js';
import { dirOf } from './paths.js';
import { MappedText } from './text.js';
import { isFalse, isTrue, walkChangelog, type ChangeSetRef, type Format, type Walk } from './tree.js';

/*
 * Liquibase changelogs (XML, YAML, JSON, formatted SQL) as migrations: one changeSet = one
 * migration (`path#author:id`, in execution order), its rollback block a separate `down` one.
 * A changeSet runs in its own transaction unless runInTransaction="false". SQL that `sqlFile`
 * names becomes a migration of its own on that file (same changeSet, same transaction), so its
 * findings and directives point into the .sql file.
 */

/** Keys of a changeSet that are attributes, not changes (YAML/JSON spell them as keys). */
const CHANGESET_ATTRS = new Set([
  'id', 'author', 'runAlways', 'alwaysRun', 'runOnChange', 'context', 'contextFilter', 'labels', 'dbms', 'runInTransaction',
  'failOnError', 'onValidationFail', 'objectQuotingStrategy', 'created', 'runOrder', 'ignore', 'logicalFilePath', 'runWith',
  'runWithSpoolFile', 'comment', 'validCheckSum', 'validCheckSums', 'preConditions', 'preconditions', 'modifySql', 'rollback',
]);
const ROLLBACK_ATTRS = new Set(['changeSetId', 'changeSetAuthor', 'changeSetPath']);

const HINTS: Record<Format, { nonTransactional: string; syntax: string; setNotNull?: string }> = {
  xml: {
    nonTransactional:
      'In Liquibase, put the statement in a changeSet of its own with runInTransaction="false", written as a <sql> change (createIndex and dropIndex cannot add CONCURRENTLY): <changeSet id="…" author="…" runInTransaction="false"><sql>CREATE INDEX CONCURRENTLY …</sql></changeSet>.',
    syntax: 'runInTransaction="false"',
    setNotNull:
      'As Liquibase changeSets: <changeSet id="…-1"><sql>ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{column}} IS NOT NULL) NOT VALID</sql></changeSet>, then <changeSet id="…-2"><sql>ALTER TABLE {{table}} VALIDATE CONSTRAINT {{check}}</sql></changeSet>, then <changeSet id="…-3"><addNotNullConstraint tableName="{{table}}" columnName="{{column}}"/><sql>ALTER TABLE {{table}} DROP CONSTRAINT {{check}}</sql></changeSet>.',
  },
  yaml: {
    nonTransactional:
      'In Liquibase, put the statement in a changeSet of its own with `runInTransaction: false`, written as a `sql` change (createIndex and dropIndex cannot add CONCURRENTLY): `- changeSet: {id: …, author: …, runInTransaction: false, changes: [{sql: {sql: "CREATE INDEX CONCURRENTLY …"}}]}`.',
    syntax: 'runInTransaction: false',
    setNotNull:
      'As Liquibase changeSets: one with `- sql: {sql: "ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{column}} IS NOT NULL) NOT VALID"}`, a second with `- sql: {sql: "ALTER TABLE {{table}} VALIDATE CONSTRAINT {{check}}"}`, a third with `- addNotNullConstraint: {tableName: {{table}}, columnName: {{column}}}` and `- sql: {sql: "ALTER TABLE {{table}} DROP CONSTRAINT {{check}}"}`.',
  },
  json: {
    nonTransactional:
      'In Liquibase, put the statement in a changeSet of its own with "runInTransaction": false, written as a "sql" change (createIndex and dropIndex cannot add CONCURRENTLY): {"changeSet": {"id": "…", "author": "…", "runInTransaction": false, "changes": [{"sql": {"sql": "CREATE INDEX CONCURRENTLY …"}}]}}.',
    syntax: '"runInTransaction": false',
    setNotNull:
      'As Liquibase changeSets: one with {"sql": {"sql": "ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{column}} IS NOT NULL) NOT VALID"}}, a second with {"sql": {"sql": "ALTER TABLE {{table}} VALIDATE CONSTRAINT {{check}}"}}, a third with {"addNotNullConstraint": {"tableName": "{{table}}", "columnName": "{{column}}"}} and {"sql": {"sql": "ALTER TABLE {{table}} DROP CONSTRAINT {{check}}"}}.',
  },
  'formatted-sql': {
    nonTransactional:
      'In Liquibase formatted SQL, put the statement in a changeset of its own whose header says runInTransaction:false: `--changeset author:id runInTransaction:false`, then `CREATE INDEX CONCURRENTLY …;`.',
    syntax: 'runInTransaction:false',
    setNotNull:
      'As Liquibase changesets: `--changeset author:id-1` with `ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{column}} IS NOT NULL) NOT VALID;`, then `--changeset author:id-2` with `ALTER TABLE {{table}} VALIDATE CONSTRAINT {{check}};`, then `--changeset author:id-3` with `ALTER TABLE {{table}} ALTER COLUMN {{column}} SET NOT NULL;` and `ALTER TABLE {{table}} DROP CONSTRAINT {{check}};`.',
  },
  'raw-sql': {
    nonTransactional:
      'Liquibase runs an included plain .sql file as one changeSet inside a transaction; turn it into formatted SQL (`--liquibase formatted sql`, then `--changeset author:id runInTransaction:false`) to run CREATE INDEX CONCURRENTLY outside one.',
    syntax: 'runInTransaction:false',
  },
};

function hints(format: Format, transactional: Transactional): MigrationHints {
  const h = HINTS[format];
  return {
    nonTransactional: h.nonTransactional,
    ...(h.setNotNull ? { setNotNull: h.setNotNull } : {}),
    transaction:
      transactional === 'no'
        ? `This changeSet sets ${h.syntax}: Liquibase runs each statement with autocommit, outside a transaction.`
        : 'Liquibase runs each changeSet in its own transaction (runInTransaction defaults to true).',
  };
}

interface Target {
  engine: Engine;
  database: string;
}

/**
 * XML forbids `--` inside a comment, so a directive's reason cannot follow ` -- ` there: in XML
 * comments ` - ` (or an en or em dash) before the reason stands for it.
 */
export function xmlDirective(body: string): string {
  if (!/^\s*migralint-/.test(body) || body.includes(' --')) return body;
  return body.replace(/\s[-\u2013\u2014]\s/, ' -- ');
}

/** Assigns each file comment to the changeSet it precedes or sits in (directives are read per file). */
function commentOwners(refs: ChangeSetRef[], comments: Map<string, RawComment[]>): Map<ChangeSetRef, Comment[]> {
  const xml = new Set(refs.filter((r) => r.loaded.format === 'xml').map((r) => r.loaded.path));
  const out = new Map<ChangeSetRef, Comment[]>();
  const byFile = new Map<string, ChangeSetRef[]>();
  for (const r of refs) {
    if (!r.node) continue;
    const list = byFile.get(r.loaded.path) ?? [];
    list.push(r);
    byFile.set(r.loaded.path, list);
  }
  for (const [file, list] of byFile) {
    const sorted = [...list].sort((a, b) => a.node!.start - b.node!.start);
    const source = sorted[0]!.loaded.source;
    for (const c of comments.get(file) ?? []) {
      const owner = sorted.find((r) => r.node!.end > c.start) ?? sorted[sorted.length - 1]!;
      const arr = out.get(owner) ?? [];
      arr.push({ body: xml.has(file) ? xmlDirective(c.body) : c.body, span: source.span(c.start, c.end) });
      out.set(owner, arr);
    }
  }
  return out;
}

class Builder {
  /** Context/labels/dbms of the changeSets seen per identity. */
  private readonly filters = new Map<string, string[]>();

  constructor(
    readonly out: LayoutOutput,
    readonly root: string,
    readonly target: Target,
    readonly walk: Walk,
    readonly wanted: (file: string) => boolean,
  ) {}

  diag(d: Diagnostic, m?: Pick<Migration, 'id' | 'direction'>): void {
    if (!this.wanted(d.file)) return;
    this.out.diagnostics.push(m ? { ...d, migrationId: m.id, direction: m.direction } : d);
  }

  identity(ref: ChangeSetRef, conv: ChangeConverter): { id: string; author: string; span: ReturnType<SourceFile['span']> } {
    if (ref.node) {
      return { id: conv.str(ref.node, 'id') ?? '?', author: conv.str(ref.node, 'author') ?? '?', span: headSpan(ref.node) };
    }
    if (ref.formatted) return { id: ref.formatted.id, author: ref.formatted.author, span: ref.loaded.source.span(ref.formatted.start, ref.formatted.headEnd) };
    return { id: 'raw', author: 'includeAll', span: ref.loaded.source.span(0, 0) };
  }

  /** Migrations for one changeSet: its parts (changelog, sqlFile files), then its rollback. */
  changeSet(ref: ChangeSetRef, position: number, comments: Comment[]): void {
    const { engine } = this.target;
    const node = ref.node;
    const f = ref.formatted;
    const str = (name: string) => (node ? probe.str(node, name) : f?.attrs[name.toLowerCase()]);
    const probe = this.converter(ref, false, false, []);
    const { id, author, span } = this.identity(ref, probe);
    const identity = `${ref.loaded.path}#${author}:${id}`;
    // Projects repeat an id under different contexts, labels or dbms (one per database); only
    // changeSets that would run together are duplicates for Liquibase.
    const filter = ['context', 'contextFilter', 'labels', 'dbms'].map((k) => str(k) ?? '').join('\u0000');
    const twins = this.filters.get(identity) ?? [];
    if (twins.includes(filter)) {
      this.diag(layoutDiagnostic('layout-error', ref.loaded.path, `Duplicate changeSet ${author}:${id} in ${ref.loaded.path}: Liquibase fails validation ("changesets had duplicate identifiers").`, span));
    }
    twins.push(filter);
    this.filters.set(identity, twins);
    const key = twins.length > 1 ? `${identity}#${twins.length}` : identity;
    const transactional: Transactional = isFalse(str('runInTransaction')) ? 'no' : 'yes';
    const direction: Direction = isTrue(str('runAlways') ?? str('alwaysRun')) || isTrue(str('runOnChange')) ? 'repeatable' : 'up';
    const conditional = node ? elements(node).some((c) => c.name === 'preConditions' || c.name === 'preconditions') : Boolean(f?.preconditions);
    const diagnostics: Diagnostic[] = [];
    const concurrent = node ? this.modifySql(node, probe, diagnostics) : false;
    const conv = this.converter(ref, concurrent, conditional, diagnostics);
    if (node) {
      conv.changes(elements(node).filter((c) => !CHANGESET_ATTRS.has(c.name) && !c.item));
    } else if (f) {
      const body = f.body.expand(ref.lookup);
      conv.rawSql(body, { splitStatements: !isFalse(f.attrs.splitstatements), ...(f.attrs.enddelimiter ? { endDelimiter: f.attrs.enddelimiter } : {}) });
    } else {
      conv.rawSql(MappedText.verbatim(ref.loaded.source.text, 0), { splitStatements: false });
    }
    const format = ref.loaded.format;
    const base = { layout: 'liquibase', engine, direction, transactional, hints: hints(format, transactional) } as const;
    const ups = this.migrations(conv.parts, ref.loaded.source, key, [this.root, position], base, comments);
    for (const d of diagnostics) this.diag(d, ups[0] ?? { id: key, direction });

    // The rollback block: code that runs on `liquibase rollback`, linted as `down`.
    const rbDiags: Diagnostic[] = [];
    const rb = this.converter(ref, false, false, rbDiags);
    let hasRollback = false;
    if (node) {
      for (const r of elementsNamed(node, 'rollback')) {
        hasRollback = true;
        const target = conv.str(r, 'changeSetId');
        if (target !== undefined) continue; // the changes of another changeSet, linted there
        rb.rollback({ ...r, children: r.children.filter((c) => !ROLLBACK_ATTRS.has(c.name)) });
      }
    } else if (f?.rollback) {
      hasRollback = true;
      const text = f.rollback.expand(ref.lookup);
      if (!/^\s*(not required|empty)/i.test(text.text) && !/changesetid/i.test(text.text)) {
        rb.rawSql(text, { splitStatements: !isFalse(f.attrs.rollbacksplitstatements), ...(f.attrs.rollbackenddelimiter ? { endDelimiter: f.attrs.rollbackenddelimiter } : {}) });
      }
    }
    if (hasRollback) {
      const downs = this.migrations(rb.parts, ref.loaded.source, `${key}@rollback`, [this.root, position, 1], { ...base, direction: 'down' }, []);
      for (const d of rbDiags) this.diag(d, downs[0] ?? { id: `${key}@rollback`, direction: 'down' });
    }
  }

  private converter(ref: ChangeSetRef, concurrent: boolean, conditional: boolean, diagnostics: Diagnostic[]): ChangeConverter {
    return new ChangeConverter({
      engine: this.target.engine,
      database: this.target.database,
      lookup: ref.lookup,
      source: ref.loaded.source,
      changelog: ref.loaded.path,
      ...(ref.objectQuotingStrategy && { objectQuotingStrategy: ref.objectQuotingStrategy }),
      ...(ref.removedProperties && { removedProperties: ref.removedProperties }),
      walk: this.walk,
      concurrentIndexes: concurrent,
      conditional,
      diagnostics,
    });
  }

  /**
   * `<modifySql>` rewrites the SQL Liquibase generates. Its common use here is turning createIndex
   * into CREATE INDEX CONCURRENTLY; other rewrites are invisible to the linter and said so.
   */
  private modifySql(node: PNode, conv: ChangeConverter, diagnostics: Diagnostic[]): boolean {
    let concurrent = false;
    for (const m of elementsNamed(node, 'modifySql')) {
      if (!dbmsMatches(conv.str(m, 'dbms'), this.target.database)) continue;
      const edits = elements(m).filter((e) => ['replace', 'regExpReplace', 'append', 'prepend'].includes(e.name));
      const text = edits.map((e) => `${conv.str(e, 'with') ?? ''} ${conv.str(e, 'value') ?? ''}`).join(' ');
      if (/\bconcurrently\b/i.test(text)) concurrent = true;
      else if (edits.length) {
        diagnostics.push(layoutDiagnostic('opaque-code', node.file.path, 'This changeSet rewrites its generated SQL with <modifySql>; migralint lints the changes as written, before the rewrite.', headSpan(m)));
      }
    }
    return concurrent;
  }

  /** One migration per part; the first changelog part keeps the changeSet's own id. */
  private migrations(
    parts: Part[],
    changelog: SourceFile,
    key: string,
    order: Array<string | number>,
    base: Pick<Migration, 'layout' | 'engine' | 'direction' | 'transactional' | 'hints'>,
    comments: Comment[],
  ): Migration[] {
    const all = parts.length ? parts : [{ source: changelog, operations: [], comments: [] }];
    const out: Migration[] = [];
    let first = true;
    all.forEach((part, i) => {
      const own = part.source === changelog;
      const id = own && first ? key : own ? `${key}~${i + 1}` : `${key}>${part.source.path}`;
      const m: Migration = {
        ...base,
        id,
        source: part.source,
        orderKey: [...order, i],
        operations: [],
        comments: own && first ? [...comments, ...part.comments] : part.comments,
      };
      if (own) first = false;
      m.operations = part.operations.map((op) => ({ ...op, migration: m }) as Operation);
      if (this.wanted(part.source.path)) this.out.migrations.push(m);
      out.push(m);
    });
    return out;
  }
}

async function targetFor(ctx: LoadContext, root: string, data: LiquibaseSetData | undefined, out: LayoutOutput): Promise<{ target?: Target; props?: Awaited<ReturnType<typeof readProperties>> }> {
  const settings = ctx.settingsFor(root);
  const propsPath = data?.properties[root] ?? (await nearestProperties(ctx.project, dirOf(root)));
  const props = propsPath ? await readProperties(ctx.project, propsPath) : undefined;
  const fromUrl = props?.url ? engineFromJdbc(props.url.value) : undefined;
  if (!settings.engineExplicit && fromUrl?.unsupported) {
    out.diagnostics.push(
      layoutDiagnostic(
        'layout-error',
        props!.path,
        `${props!.path} (url) targets '${fromUrl.unsupported}', which migralint does not support (PostgreSQL, MySQL/MariaDB and SQLite only): the changelog ${root} is not linted. Pass --engine to lint it as one of those dialects anyway.`,
      ),
    );
    return props ? { props } : {};
  }
  const engine = !settings.engineExplicit && fromUrl?.engine ? fromUrl.engine : settings.engine;
  const database = !settings.engineExplicit && fromUrl?.database ? fromUrl.database : engine;
  return props ? { target: { engine, database }, props } : { target: { engine, database } };
}

export const liquibaseLayout: Layout = {
  name: 'liquibase',
  async detect(dir, files, project) {
    const found = await detectRoots(project, files);
    if (!found || !found.data.roots.length) return [];
    return [{ layout: 'liquibase', root: dir, files: found.claimed, data: found.data }];
  },
  async load(set, ctx) {
    const out = emptyOutput();
    let data = set.data as LiquibaseSetData | undefined;
    if (!data?.roots) data = (await detectRoots(ctx.project, set.files))?.data;
    if (!data) return out;
    const wantedFiles = new Set(set.files);
    const wanted = (f: string) => wantedFiles.has(f);
    for (const p of data.problems) {
      const source = new SourceFile(p.file, (await ctx.project.readText(p.file)) ?? '');
      const end = source.text.slice(p.offset).search(/\r?\n|$/);
      out.diagnostics.push(layoutDiagnostic('layout-error', p.file, p.message, source.span(p.offset, p.offset + end)));
    }
    const sourced = new Set<string>();
    const done = new Set<string>();
    const addSource = (source: SourceFile, bom: boolean) => {
      if (sourced.has(source.path) || !wanted(source.path)) return;
      sourced.add(source.path);
      out.sources.push({ source, bom });
    };
    for (const root of data.roots) {
      const { target, props } = await targetFor(ctx, root, data, out);
      if (!target) continue;
      const walk = await walkChangelog(ctx.project, root, {
        database: target.database,
        contexts: runtimeList(props?.contexts),
        ...(props?.labelFilter && { labelFilter: props.labelFilter }),
        params: props?.parameters ?? [],
        searchRoots: searchRootsOf(props),
        classpath: data.classpath ?? [],
      });
      // Naming a root changelog (a path, or `migrations` in the config) means linting its whole tree.
      if (wanted(root)) for (const f of walk.files) wantedFiles.add(f);
      for (const l of walk.loaded.values()) addSource(l.source, l.bom);
      for (const s of walk.sqlFiles.values()) if ('source' in s) addSource(s.source, s.bom);
      const b = new Builder(out, root, target, walk, wanted);
      // A changelog that two roots include is linted with the first of them only.
      for (const d of walk.diagnostics) if (!done.has(d.file)) b.diag(d);
      const fileComments = new Map<string, RawComment[]>();
      for (const l of walk.loaded.values()) if (l.read) fileComments.set(l.path, l.read.comments);
      const owners = commentOwners(walk.changeSets, fileComments);
      walk.changeSets.forEach((ref, i) => {
        if (!done.has(ref.loaded.path)) b.changeSet(ref, i, owners.get(ref) ?? []);
      });
      for (const f of walk.loaded.keys()) done.add(f);
    }
    return out;
  },
};

