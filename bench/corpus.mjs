// Writes a synthetic but realistic corpus of PostgreSQL migrations: the shapes that real
// projects write most (tables, columns, indexes, constraints, backfills), deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const TYPES = ['bigint', 'integer', 'text', 'varchar(255)', 'boolean', 'timestamptz', 'jsonb', 'uuid', 'numeric(12,2)'];

export function writeCorpus(dir, count = 5000, seed = 42) {
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const tables = [];
  let statements = 0;
  for (let i = 1; i <= count; i++) {
    const lines = [`-- migration ${i}`];
    const kind = r();
    if (kind < 0.25 || tables.length < 5) {
      const t = `table_${i}`;
      tables.push(t);
      const cols = Array.from({ length: 3 + Math.floor(r() * 8) }, (_, k) => `  col_${k} ${pick(TYPES)}${r() < 0.4 ? ' NOT NULL' : ''}${r() < 0.2 ? ' DEFAULT now()'.replace('now()', "'x'") : ''}`);
      lines.push(`CREATE TABLE ${t} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n${cols.join(',\n')},\n  created_at timestamptz NOT NULL DEFAULT now()\n);`);
      lines.push(`CREATE INDEX ${t}_created_at_idx ON ${t} (created_at);`);
      statements += 2;
    } else {
      const t = pick(tables);
      const n = 1 + Math.floor(r() * 4);
      for (let k = 0; k < n; k++) {
        const c = `c_${i}_${k}`;
        const x = r();
        if (x < 0.3) lines.push(`ALTER TABLE ${t} ADD COLUMN ${c} ${pick(TYPES)}${r() < 0.3 ? ' DEFAULT 0' : ''};`);
        else if (x < 0.5) lines.push(`CREATE INDEX${r() < 0.5 ? ' CONCURRENTLY' : ''} ${t}_${c}_idx ON ${t} (col_0${r() < 0.3 ? ', created_at' : ''});`);
        else if (x < 0.6) lines.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_${c}_fk FOREIGN KEY (col_0) REFERENCES ${pick(tables)} (id)${r() < 0.5 ? ' NOT VALID' : ''};`);
        else if (x < 0.7) lines.push(`UPDATE ${t} SET col_0 = col_0 WHERE id < ${Math.floor(r() * 100000)};`);
        else if (x < 0.78) lines.push(`ALTER TABLE ${t} ALTER COLUMN col_1 SET NOT NULL;`);
        else if (x < 0.85) lines.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_${c}_check CHECK (col_0 IS NOT NULL) NOT VALID;`);
        else if (x < 0.9) lines.push(`ALTER TABLE ${t} DROP COLUMN IF EXISTS col_2;`);
        else if (x < 0.95) lines.push(`ALTER TABLE ${t} RENAME COLUMN col_1 TO ${c};`);
        else lines.push(`COMMENT ON TABLE ${t} IS 'migration ${i}';`);
        statements++;
      }
    }
    writeFileSync(join(dir, `${String(i).padStart(5, '0')}_migration_${i}.sql`), `${lines.join('\n')}\n`);
  }
  return { files: count, statements };
}
