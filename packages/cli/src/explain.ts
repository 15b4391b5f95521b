import yargs from 'yargs';
import { classify, discoverMigrationSets, lintSets, Project, type Classification, type Migration, type StatementExplanation } from '@migralint/core';
import { readConfigArgs, runParser, type ParseOutcome } from './args.js';
import { loadConfig, type ConfigArgs } from './config.js';
import { writeParseExit, reportFailure } from './exit.js';
import type { CliIO } from './main.js';

interface ExplainArgs extends ConfigArgs {
  paths: string[];
  format: 'text' | 'json';
}

interface Explained extends Classification {
  id: string;
  file: string;
  layout: string;
  engine: string;
  direction: string;
  transactional: string;
}

interface Problem {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

// Diagnostics that mean a file was not (fully) read: explain shows them, since its table is then incomplete.
const PROBLEMS = new Set(['syntax-error', 'unreadable-file', 'layout-error', 'internal-error', 'opaque-code']);

function parse(argv: readonly string[], version: string): ParseOutcome<ExplainArgs> {
  const parser = yargs()
    .scriptName('migralint explain')
    .usage('$0 <paths..>\n\nExplain each migration: whether it expands, contracts, backfills or mixes them, and per statement the locks it takes (and what they block), whether it rewrites or scans, and the transaction it runs in. Nothing is reported as a finding.')
    .command('$0 <paths..>', 'explain the migrations in these files, directories or globs')
    .positional('paths', { type: 'string', array: true, demandOption: true })
    .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' })
    .option('config', { alias: 'c', type: 'string', describe: 'config file (default: found by walking up from the cwd)' })
    .option('engine', { choices: ['postgresql', 'mysql', 'sqlite'] as const, describe: 'database engine' })
    .option('engine-version', { type: 'string', describe: 'engine version, e.g. 15 or 8.4' })
    .option('assume-in-transaction', { type: 'boolean', describe: 'plain SQL files run inside a transaction' })
    .example('$0 db/migrations --format json', 'labels and lock tables as JSON')
    .version(version)
    .help()
    .strict()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false);
  const { parsed: a, output, failure } = runParser(parser, argv);
  if (failure) return { kind: 'exit', code: 2, output: `migralint explain: ${failure}\nRun 'migralint explain --help' for usage.\n` };
  if (output) return { kind: 'exit', code: 0, output: `${output}\n` };
  return { kind: 'run', args: readConfigArgs<ExplainArgs>(a!, { paths: (a!.paths as string[]) ?? [], format: a!.format as ExplainArgs['format'] }) };
}

const locksText = (s: StatementExplanation) =>
  s.locks.length ? s.locks.map((l) => `${l.relation} ${l.mode} (${l.blocks === 'nothing (new table)' ? 'new table' : `blocks ${l.blocks}`})`).join('; ') : '—';

/** The text report: per migration a header with its label, then a table of its statements. */
export function explainText(migrations: readonly Explained[], problems: readonly Problem[]): string {
  const out: string[] = [];
  for (const m of migrations) {
    out.push(`${m.id}  ${m.label}  (${m.layout}, ${m.engine}, ${m.direction}, transaction: ${m.transactional})`);
    const header = ['line', 'phase', 'statement', 'locks', 'rewrite', 'scan', 'notes'];
    const rows = m.statements.map((s) => [String(s.line), s.phase, s.summary, locksText(s), s.rewrite, s.scan, s.notes.join('; ')]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
    out.push(line(header));
    for (const r of rows) out.push(line(r));
    out.push('');
  }
  if (!migrations.length) out.push('No migrations found.', '');
  for (const p of problems) out.push(`${p.file}:${p.line}:${p.column}  ${p.ruleId}  ${p.message}`);
  if (problems.length) out.push('');
  return out.join('\n');
}

/**
 * `migralint explain <paths..>`: discovers and replays the migrations exactly as lint does (the
 * same layouts, order and analysis), and prints per migration its expand/contract label and lock
 * table. Exit 0, 1 when a file could not be read or parsed (the table is incomplete), 2 on usage
 * or config errors.
 */
export async function explain(io: CliIO, argv: readonly string[], version: string): Promise<number> {
  const parsed = parse(argv, version);
  if (parsed.kind === 'exit') return writeParseExit(io, parsed);
  const args = parsed.args;
  try {
    const config = await loadConfig(args, io.cwd);
    const project = new Project(io.cwd, config.ignores, config.dir);
    const found = await discoverMigrationSets(project, args.paths.map((path) => ({ path })));
    if (found.missing.length) {
      io.stderr.write(`migralint explain: no such file, directory or matching glob: ${found.missing.join(', ')}\n`);
      return 2;
    }
    const migrations: Explained[] = [];
    const results = await lintSets(project, found.sets, config, {
      onMigration(m: Migration, analysis) {
        const c = classify(m, analysis);
        migrations.push({ id: m.id, file: m.source.path, layout: m.layout, engine: m.engine, direction: m.direction, transactional: m.transactional, ...c });
      },
    });
    const problems: Problem[] = results.flatMap((r) =>
      r.diagnostics.filter((d) => PROBLEMS.has(d.ruleId)).map((d) => ({ file: d.file, line: d.span.start.line, column: d.span.start.column, ruleId: d.ruleId, message: d.message })),
    );
    io.stdout.write(args.format === 'json' ? `${JSON.stringify({ migrations, problems }, null, 2)}\n` : explainText(migrations, problems));
    return problems.some((p) => p.ruleId !== 'opaque-code') ? 1 : 0;
  } catch (err) {
    return reportFailure(io, err);
  }
}
