import type { RuleMeta } from './rule.js';

const ALL = ['postgresql', 'mysql', 'sqlite'] as const;
const EVERY_DIRECTION = ['up', 'down', 'repeatable'] as const;

/**
 * Diagnostics that core itself emits. They are not configurable rules, but reporters and
 * `--list-rules` describe them from this metadata like any rule.
 */
export const CORE_DIAGNOSTICS: readonly RuleMeta[] = [
  {
    id: 'syntax-error',
    description: 'The migration does not parse in the engine\'s SQL dialect (or its framework\'s format)',
    engines: ALL,
    recommended: 'error',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Fix the statement; the rest of the file is still linted where it can be read.',
  },
  {
    id: 'unreadable-file',
    description: 'A file that cannot be read as a migration (missing, binary, not UTF-8)',
    engines: ALL,
    recommended: 'error',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Save migration files as UTF-8 text, or exclude the file with `ignores`.',
  },
  {
    id: 'unused-directive',
    description: 'A migralint directive that silences nothing, or names an unknown rule',
    engines: ALL,
    recommended: 'warn',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Remove the directive, or correct the rule id.',
  },
  {
    id: 'missing-directive-reason',
    description: 'A disable directive without a reason (with --require-directive-reason)',
    engines: ALL,
    recommended: 'error',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Write why the statement is safe after the ids: `-- migralint-disable-next-line <id> -- <reason>`.',
  },
  {
    id: 'layout-error',
    description: 'A migration set that its framework would reject or misread (duplicate versions, missing scripts, bad tool config)',
    engines: ALL,
    recommended: 'error',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Fix the layout problem; the framework would fail or run the migrations in another way than intended.',
  },
  {
    id: 'opaque-code',
    description: 'Code the linter cannot see into (Java migrations, RunPython, loops, dynamic names): not checked',
    engines: ALL,
    recommended: 'warn',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Review this code by hand, or express the schema change in a form migralint can read.',
  },
  {
    id: 'internal-error',
    description: 'migralint failed while checking this file (a bug: please report it)',
    engines: ALL,
    recommended: 'error',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Report the file and the message; other files were still linted.',
  },
];
