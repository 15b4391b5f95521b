// `pnpm bench`: lints a synthetic 5,000-migration PostgreSQL corpus with the real CLI and
// prints wall time, files/s and peak RSS; runs squawk (dev dependency) on the same files
// for the ratio. Figures only: no assertions, never part of the test suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './corpus.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.env.BENCH_FILES ?? 5000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'migralint-bench-'));

function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, r };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const { files, statements } = writeCorpus(dir, count);
  console.log(`corpus: ${files} files, ${statements} statements (synthetic PostgreSQL), ${runs} runs each, median reported`);
  const bin = join(root, 'packages/cli/dist/bin.js');
  const times = [];
  let rss = 0;
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, r } = timed(process.execPath, ['--import', join(root, 'bench/rss-report.mjs'), bin, '.', '--format', 'json']);
    if (r.status !== 0 && r.status !== 1) throw new Error(`migralint exited ${r.status}: ${r.stderr}`);
    times.push(ms);
    rss = Math.max(rss, JSON.parse(/@@bench (.*)/.exec(r.stderr)[1]).maxRSSkB);
    findings = JSON.parse(r.stdout).summary?.errorCount ?? findings;
  }
  const m = median(times);
  console.log(`migralint: ${m.toFixed(0)} ms wall, ${(files / (m / 1000)).toFixed(0)} files/s, peak RSS ${(rss / 1024).toFixed(0)} MiB, ${findings} errors reported`);

  const squawk = join(root, 'node_modules/.bin/squawk');
  if (existsSync(squawk)) {
    const st = [];
    for (let i = 0; i < runs; i++) st.push(timed(squawk, ['--reporter', 'json', '*.sql']).ms);
    const s = median(st);
    console.log(`squawk:    ${s.toFixed(0)} ms wall, ${(files / (s / 1000)).toFixed(0)} files/s`);
    console.log(`ratio migralint/squawk (wall): ${(m / s).toFixed(2)}`);
  } else {
    console.log('squawk: not installed (dev dependency squawk-cli); no ratio');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
