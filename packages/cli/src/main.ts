import { rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { applyFixes, ConfigError, CORE_DIAGNOSTICS, discoverMigrationSets, lintSets, Project, type Fix, type LintResult, type RuleMeta } from '@migralint/core';
import { reporters } from '@migralint/reporters';
import { parseArgs } from './args.js';
import { loadConfig } from './config.js';
import { explain } from './explain.js';
import { reportFailure, UsageError, writeParseExit } from './exit.js';
import { listMigrations } from './list-migrations.js';
import { listRules } from './list-rules.js';

export interface CliIO {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  readStdin: () => Promise<string>;
  isTTY: boolean;
}

const pkg = createRequire(import.meta.url)('../package.json') as { version: string; homepage?: string };
export const VERSION = pkg.version;
const INFORMATION_URI = 'https://github.com/migralint/migralint';

/** Writes through a temporary file in the same directory and renames it: never a half-written migration. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${Date.now()}-${process.pid}.migralint.tmp`);
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

async function fixFiles(results: LintResult[], cwd: string, unsafe: boolean): Promise<number> {
  let written = 0;
  for (const r of results) {
    if (!r.source) continue;
    const fixes = r.diagnostics.map((d) => d.fix).filter((f): f is Fix => !!f && (unsafe || f.kind === 'safe'));
    if (!fixes.length) continue;
    const { output } = applyFixes(r.source.text, fixes);
    if (output === r.source.text) continue;
    await writeAtomically(resolve(cwd, r.file), (r.bom ? '\ufeff' : '') + output);
    written++;
  }
  return written;
}

function exitCode(results: readonly LintResult[], maxWarnings: number): number {
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.ruleId === 'internal-error') return 2;
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }
  return errors > 0 || (maxWarnings >= 0 && warnings > maxWarnings) ? 1 : 0;
}

export async function main(io: CliIO): Promise<number> {
  if (io.argv[0] === 'explain') return explain(io, io.argv.slice(1), VERSION);
  const parsed = parseArgs(io.argv, VERSION);
  if (parsed.kind === 'exit') return writeParseExit(io, parsed);
  const args = parsed.args;
  try {
    const config = await loadConfig(args, io.cwd);
    const metas = new Map<string, RuleMeta>();
    for (const m of CORE_DIAGNOSTICS) metas.set(m.id, m);
    for (const [id, r] of config.registry) metas.set(id, r.meta);

    if (args.listRules) {
      io.stdout.write(listRules(config, args.format === 'json'));
      return 0;
    }
    if (args.printConfig !== undefined) {
      const fc = config.forFile(args.printConfig, io.cwd);
      const shown = {
        configFile: config.file ?? null,
        engine: fc.settings.engine,
        engineVersion: fc.settings.engineVersion,
        assumeInTransaction: fc.assumeInTransaction ?? null,
        rules: Object.fromEntries([...fc.rules].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, s]) => [id, Object.keys(s.options).length ? [s.level, s.options] : s.level])),
      };
      io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      return 0;
    }
    if (args.stdin && args.fix) throw new UsageError('--fix cannot be used with --stdin');

    const supplied = new Map<string, string>();
    let targets: Array<{ path: string; layout?: string }>;
    if (args.stdin) {
      const name = args.stdinFilename ?? '<stdin>.sql';
      supplied.set(name, await io.readStdin());
      targets = [{ path: name }];
    } else if (args.paths.length) {
      targets = args.paths.map((path) => ({ path }));
    } else if (config.migrations.length) {
      targets = config.migrations.map((m) => ({ path: resolve(config.dir, m.path), layout: m.layout }));
    } else {
      targets = [{ path: '.' }];
    }
    const run = async () => {
      const project = new Project(io.cwd, config.ignores, config.dir, supplied);
      const found = await discoverMigrationSets(project, targets);
      if (found.unknownLayouts.length) throw new ConfigError(config.file, 'migrations', `unknown layout '${found.unknownLayouts[0]}'`);
      if (found.missing.length) throw new UsageError(`no such file, directory or matching glob: ${found.missing.join(', ')}`);
      return lintSets(project, found.sets, config, { requireDirectiveReason: args.requireDirectiveReason });
    };
    let results = await run();
    if (args.listMigrations) {
      io.stdout.write(listMigrations(results, args.format === 'json'));
      return 0;
    }
    if (args.fix && (await fixFiles(results, io.cwd, args.unsafeFixes)) > 0) results = await run();
    if (args.quiet) for (const r of results) r.diagnostics = r.diagnostics.filter((d) => d.severity === 'error');

    const color = args.outputFile ? false : (args.color ?? (io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb'));
    const report = reporters[args.format](results, {
      cwd: io.cwd,
      color,
      rules: metas,
      tool: { name: 'migralint', version: VERSION, informationUri: INFORMATION_URI },
    });
    if (args.outputFile) await writeFile(resolve(io.cwd, args.outputFile), report, 'utf8');
    else io.stdout.write(report);
    return exitCode(results, args.maxWarnings);
  } catch (err) {
    return reportFailure(io, err);
  }
}
