import { defineRule, interpolate, type Analysis, type ObjectRef } from '@migralint/core';
import { ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'Prove the bound before attaching: ALTER TABLE {{partition}} ADD CONSTRAINT {{check}} CHECK (…) NOT VALID, stating {{bound}} on the partition key (with the key IS NOT NULL), then VALIDATE CONSTRAINT {{check}} in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on). ATTACH PARTITION then skips the scan; drop {{check}} afterwards. If {{table}} has a default partition, give it a CHECK that excludes the new bound as well, or it is scanned under ACCESS EXCLUSIVE too.';
const HELP_BEFORE_12 =
  'On PostgreSQL {{version}} the lock on {{table}} cannot be avoided, but the scan can: ALTER TABLE {{partition}} ADD CONSTRAINT {{check}} CHECK (…) NOT VALID, stating {{bound}} on the partition key, then VALIDATE CONSTRAINT {{check}} in a separate transaction; ATTACH PARTITION then only holds its lock for a moment.';

/* CHECK constraints seen in this run per table (the replayed schema does not follow tables created before it). */
type Checks = Map<string, Map<string, boolean>>;
const runs = new WeakMap<Analysis, Checks>();
const key = (t: ObjectRef) => `${t.schema ?? 'public'}.${t.name}`;

const meta: DocumentedMeta = {
  id: 'attach-partition-without-check',
  description: 'Flag ATTACH PARTITION of a table that no validated CHECK constraint proves to fit the partition bound: PostgreSQL scans it under ACCESS EXCLUSIVE',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    scan: 'Attaching {{partition}} to {{table}} scans every row of {{partition}} under an ACCESS EXCLUSIVE lock to prove they fit the partition bound: reads and writes of {{partition}} block until the scan ends, and so do those of the default partition of {{table}}, if it has one, which is scanned too.',
    large:
      'Large table {{partition}}: attaching it to {{table}} scans all of it under an ACCESS EXCLUSIVE lock, for as long as that takes at this size, because no validated CHECK constraint proves its rows fit the bound.',
    beforeV12:
      'PostgreSQL {{version}} takes an ACCESS EXCLUSIVE lock on {{table}} to attach a partition (SHARE UPDATE EXCLUSIVE came in 12): every read and write of the whole partitioned table blocks while {{partition}} is scanned to prove its rows fit the bound.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/attach-partition-without-check.md' },
  examples: {
    bad: ["ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"],
    good: [
      "ALTER TABLE events_2025 ADD CONSTRAINT events_2025_bound CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01') NOT VALID;",
      'ALTER TABLE events_2025 VALIDATE CONSTRAINT events_2025_bound;',
      "ALTER TABLE events_2025 ADD CONSTRAINT events_2025_bound CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01') NOT VALID;\nALTER TABLE events_2025 VALIDATE CONSTRAINT events_2025_bound;\nALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
    ],
  },
  versions: [
    'PostgreSQL 12+ locks the partitioned table only SHARE UPDATE EXCLUSIVE while attaching; before 12 it takes ACCESS EXCLUSIVE (`beforeV12`).',
    "Checked on 18: the partition and the default partition are scanned under ACCESS EXCLUSIVE; a validated CHECK that implies the bound skips the partition's scan, one that excludes it skips the default partition's, and a NOT VALID one does not count.",
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const version = ctx.settings.engineVersion;
    let seen = runs.get(ctx.analysis);
    if (!seen) runs.set(ctx.analysis, (seen = new Map()));
    const checks = seen;
    return {
      addConstraint(op) {
        // A `col IS NOT NULL` check alone cannot imply a partition bound.
        const k = op.constraint;
        if (k.type !== 'check' || k.checksNotNullOf) return;
        let t = checks.get(key(op.table));
        if (!t) checks.set(key(op.table), (t = new Map()));
        t.set(k.name ?? `${op.table.name}_check`, !k.notValid);
      },
      validateConstraint(op) {
        const t = checks.get(key(op.table));
        if (t?.has(op.name)) t.set(op.name, true);
      },
      dropConstraint(op) {
        checks.get(key(op.table))?.delete(op.name);
      },
      dropTable(op) {
        for (const t of op.tables) checks.delete(key(t));
      },
      partition(op) {
        if (op.action !== 'attach' || ctx.analysis.isNewTable(op.partition, op)) return;
        // Whether the check states the bound is beyond a linter: any validated CHECK is taken to.
        const known = ctx.analysis.schema.table(op.partition)?.constraints.values() ?? [];
        const proven = [...known].some((c) => c.type === 'check' && c.validated && !c.checksNotNullOf) || [...(checks.get(key(op.partition))?.values() ?? [])].some(Boolean);
        if (proven) return;
        const verdict = sizeVerdict(ctx, op.partition);
        if (verdict === 'skip') return;
        const clause = ctx.migration.source.text.slice(op.span.start.offset, op.span.end.offset);
        const bound = /\b(FOR\s+VALUES\b[\s\S]*|DEFAULT)\s*$/i.exec(clause)?.[1]?.replace(/\s+/g, ' ') ?? 'the bound';
        const data = { table: qualified(op.table), partition: qualified(op.partition), check: ident(`${op.partition.name}_bound`), bound, version };
        if (version < 12) return ctx.report({ op, messageId: 'beforeV12', data, help: interpolate(HELP_BEFORE_12, data) });
        ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'scan', data, help: interpolate(HELP, data) });
      },
    };
  },
});
