import type { RuleMeta } from '../engine/rule.js';
import { ENGINES } from '../model/migration.js';

const LEVEL = { enum: ['off', 'warn', 'error'] };

function ruleEntrySchema(meta: RuleMeta): Record<string, unknown> {
  const options = meta.schema ?? { type: 'object', additionalProperties: false, properties: {} };
  return {
    description: meta.description,
    oneOf: [LEVEL, { type: 'array', items: [LEVEL, options], minItems: 1, maxItems: 2, additionalItems: false }],
  };
}

/** JSON Schema of the config file, generated from rule metadata (unknown rule ids are errors). */
export function configSchema(metas: Iterable<RuleMeta>): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const m of metas) ruleProps[m.id] = ruleEntrySchema(m);
  const rules = { type: 'object', properties: ruleProps, additionalProperties: false };
  const engine = { enum: [...ENGINES] };
  const version = { type: ['number', 'string'] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'migralint configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      extends: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      plugins: { type: 'object' },
      rules,
      engine,
      engineVersion: version,
      migrations: {
        type: 'array',
        items: {
          oneOf: [
            { type: 'string' },
            { type: 'object', required: ['path'], additionalProperties: false, properties: { path: { type: 'string' }, layout: { type: 'string' } } },
          ],
        },
      },
      ignores: { type: 'array', items: { type: 'string' } },
      assumeInTransaction: { type: 'boolean' },
      reportUnusedDirectives: { enum: ['off', 'warn', 'error'] },
      tables: {
        type: 'object',
        additionalProperties: false,
        properties: {
          large: { type: 'array', items: { type: 'string' } },
          small: { type: 'array', items: { type: 'string' } },
          largeRows: { type: 'number', minimum: 0 },
        },
      },
      tableStats: { type: 'string' },
      overrides: {
        type: 'array',
        items: {
          type: 'object',
          required: ['files'],
          additionalProperties: false,
          properties: {
            files: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            rules,
            engine,
            engineVersion: version,
            assumeInTransaction: { type: 'boolean' },
          },
        },
      },
    },
  };
}
