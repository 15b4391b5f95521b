import yargs, { type Argv } from 'yargs';
import type { ConfigArgs } from './config.js';

export interface CliArgs extends ConfigArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  outputFile?: string;
  rule: string[];
  maxWarnings: number;
  quiet: boolean;
  stdin: boolean;
  stdinFilename?: string;
  listRules: boolean;
  listMigrations: boolean;
  printConfig?: string;
  color?: boolean;
  fix: boolean;
  unsafeFixes: boolean;
  requireDirectiveReason: boolean;
}

export type ParseOutcome<A = CliArgs> = { kind: 'run'; args: A } | { kind: 'exit'; code: number; output: string };

export function parseArgs(argv: readonly string[], version: string): ParseOutcome {
  const parser = yargs()
    .scriptName('migralint')
    .usage('$0 [paths..]\n\nLint database schema migrations before they run.')
    .command('$0 [paths..]', 'lint migration files, directories or globs (none: the config\'s `migrations`)')
    .command('explain <paths..>', 'explain each migration (expand, contract, backfill or mixed) with its lock table; see `migralint explain --help`')
    .positional('paths', { type: 'string', array: true, default: [] as string[] })
    .option('format', { alias: 'f', choices: ['text', 'json', 'sarif'] as const, default: 'text' as const, describe: 'output format' })
    .option('output-file', { alias: 'o', type: 'string', describe: 'write the report to a file' })
    .option('config', { alias: 'c', type: 'string', describe: 'config file (default: found by walking up from the cwd)' })
    .option('rule', { type: 'string', array: true, default: [] as string[], describe: 'set a rule level: id:off|warn|error (repeatable)' })
    .option('engine', { choices: ['postgresql', 'mysql', 'sqlite'] as const, describe: 'database engine' })
    .option('engine-version', { type: 'string', describe: 'engine version, e.g. 15 or 8.4' })
    .option('max-warnings', { type: 'number', default: -1, describe: 'exit 1 when there are more warnings than this (-1: no limit)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'report errors only' })
    .option('stdin', { type: 'boolean', default: false, describe: 'lint SQL read from standard input' })
    .option('stdin-filename', { type: 'string', describe: 'file name to use for --stdin (config overrides, messages)' })
    .option('list-rules', { type: 'boolean', default: false, describe: 'list the rules with engines and presets' })
    .option('list-migrations', { type: 'boolean', default: false, describe: 'list the migrations found, in order, with layout, engine, direction and transaction (text or --format json)' })
    .option('print-config', { type: 'string', describe: 'print the configuration that applies to a file' })
    .option('color', { type: 'boolean', describe: 'colour the text output (default: when stdout is a TTY and NO_COLOR is unset); --no-color turns it off' })
    .option('fix', { type: 'boolean', default: false, describe: 'apply safe fixes to the files (written atomically)' })
    .option('unsafe-fixes', { type: 'boolean', default: false, describe: 'with --fix, also apply fixes that change how the migration runs' })
    .option('assume-in-transaction', { type: 'boolean', describe: 'plain SQL files run inside a transaction' })
    .option('require-directive-reason', { type: 'boolean', default: false, describe: 'a disable directive without `-- reason` is an error' })
    .example('$0 migrations/', 'lint every migration under migrations/')
    .example('$0 --format sarif -o migralint.sarif', 'write a SARIF report for code scanning')
    .epilogue('Exit codes: 0 clean, 1 errors (or too many warnings), 2 usage, config or internal error.')
    .version(version)
    .help()
    .strict()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false);

  const { parsed, output, failure } = runParser(parser, argv);
  if (failure) return { kind: 'exit', code: 2, output: `${output ? `${output}\n\n` : ''}migralint: ${failure}\nRun 'migralint --help' for usage.\n` };
  if (output) return { kind: 'exit', code: 0, output: `${output}\n` };
  const a = parsed!;
  const args: CliArgs = {
    paths: (a.paths as string[]) ?? [],
    format: a.format as CliArgs['format'],
    rule: (a.rule as string[]) ?? [],
    maxWarnings: a.maxWarnings as number,
    quiet: a.quiet as boolean,
    stdin: a.stdin as boolean,
    listRules: a.listRules as boolean,
    listMigrations: a.listMigrations as boolean,
    fix: a.fix as boolean,
    unsafeFixes: a.unsafeFixes as boolean,
    requireDirectiveReason: a.requireDirectiveReason as boolean,
  };
  if (a.outputFile !== undefined) args.outputFile = a.outputFile as string;
  if (a.stdinFilename !== undefined) args.stdinFilename = a.stdinFilename as string;
  if (a.printConfig !== undefined) args.printConfig = a.printConfig as string;
  if (a.color !== undefined) args.color = a.color as boolean;
  return { kind: 'run', args: readConfigArgs(a, args) };
}

/** Runs a yargs parser without letting it exit: the flags, the text it printed (--help, --version) or why it failed. */
export function runParser(parser: Argv, argv: readonly string[]): { parsed?: Record<string, unknown>; output: string; failure?: string } {
  let output = '';
  let failure: string | undefined;
  parser.fail((msg, err) => {
    failure = msg || err?.message || 'invalid arguments';
  });
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = parser.parseSync([...argv], {}, (_err: unknown, _argv: unknown, out: string) => {
      output = out;
    }) as Record<string, unknown>;
  } catch (err) {
    failure ??= (err as Error).message;
  }
  return { parsed, output, failure };
}

/** Copies the flags shared by every subcommand (`--config`, `--engine`, `--engine-version`, `--assume-in-transaction`). */
export function readConfigArgs<A extends ConfigArgs>(a: Record<string, unknown>, args: A): A {
  if (a.config !== undefined) args.config = a.config as string;
  if (a.engine !== undefined) args.engine = a.engine as ConfigArgs['engine'];
  if (a.engineVersion !== undefined) args.engineVersion = String(a.engineVersion);
  if (a.assumeInTransaction !== undefined) args.assumeInTransaction = a.assumeInTransaction as boolean;
  return args;
}
