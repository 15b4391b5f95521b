// PostgreSQL's default object names live in core (the replayed schema needs them too).
export { constraintName, foreignKeyName, ident, indexName, qualified } from '@migralint/core';
