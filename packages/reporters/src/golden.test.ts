import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureContext, fixtureResults } from '../test/fixtures.js';
import { expectGolden, GOLDEN_DIR, obsoleteGoldens } from '../test/golden.js';
import { json, sarif, text } from './index.js';

const GOLDENS = {
  'text.txt': () => text(fixtureResults(), fixtureContext(false)),
  'text-color.ansi': () => text(fixtureResults(), fixtureContext(true)),
  'report.json': () => json(fixtureResults(), fixtureContext()),
  'report.sarif': () => sarif(fixtureResults(), fixtureContext()),
};

describe('golden output (UPDATE_GOLDEN=1 rewrites test/golden/)', () => {
  for (const [name, render] of Object.entries(GOLDENS)) {
    it(name, () => expectGolden(name, render()));
  }

  it('has no obsolete golden files', () => {
    const obsolete = obsoleteGoldens(Object.keys(GOLDENS));
    if (process.env.UPDATE_GOLDEN) for (const f of obsolete) rmSync(GOLDEN_DIR + f);
    else expect(obsolete).toEqual([]);
  });
});
