import { json } from './json.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

export type { Reporter, ReporterContext } from './types.js';
export type { Counts } from './summary.js';
export { text, textSummary } from './text.js';
export { json, jsonReport, type JsonReport, type JsonFileResult, type JsonMigration, type JsonDiagnostic, type JsonFix, type JsonTextEdit } from './json.js';
export { sarif, sarifLog, pascalCase } from './sarif.js';
export { fingerprints, FINGERPRINT_KEY } from './fingerprint.js';

export const reporters: Record<'text' | 'json' | 'sarif', Reporter> = { text, json, sarif };
