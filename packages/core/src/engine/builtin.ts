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
    id: 'internal-error',
    description: 'migralint failed while checking this file (a bug: please report it)',
    engines: ALL,
    recommended: 'error',
    directions: EVERY_DIRECTION,
    messages: {},
    help: 'Report the file and the message; other files were still linted.',
  },
];
