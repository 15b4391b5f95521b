import type { Fix, TextEdit } from '../model/diagnostic.js';

export interface FixOutcome {
  output: string;
  applied: number;
  /** Fixes left out because they overlap an earlier one (a second pass would apply them). */
  skipped: number;
}

/** Applies fixes to the original text; overlapping fixes are skipped, never merged. */
export function applyFixes(text: string, fixes: readonly Fix[]): FixOutcome {
  const ordered = fixes
    .map((f) => ({ f, edits: [...f.edits].sort((a, b) => a.start - b.start) }))
    .filter((x) => x.edits.length > 0)
    .sort((a, b) => a.edits[0]!.start - b.edits[0]!.start);
  const chosen: TextEdit[] = [];
  let end = -1;
  let skipped = 0;
  for (const { edits } of ordered) {
    const overlaps = edits.some((e, i) => (i === 0 ? e.start < end : e.start < edits[i - 1]!.end));
    if (overlaps) {
      skipped++;
      continue;
    }
    chosen.push(...edits);
    end = edits[edits.length - 1]!.end;
  }
  let out = '';
  let pos = 0;
  for (const e of chosen) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += text.slice(pos);
  return { output: out, applied: ordered.length - skipped, skipped };
}
