/**
 * Text taken out of a changelog (an XML attribute or element text, a YAML or JSON scalar, a
 * formatted-SQL section) together with the way back to the original file: every character
 * knows the file offset it came from. Entities, escapes, folded lines and `${property}`
 * substitutions all map back to the place in the file where they are written.
 */
interface Segment {
  /** Index in `text` where the segment starts. */
  at: number;
  /** File offset of the segment's first character. */
  raw: number;
  /** Verbatim segments advance with the text; others (an entity, a substitution) map every character to `raw`. */
  verbatim: boolean;
}

export class MappedText {
  private constructor(
    readonly text: string,
    private readonly segs: readonly Segment[],
  ) {}

  /** `text` copied verbatim from the file at `raw`. */
  static verbatim(text: string, raw: number): MappedText {
    return new MappedText(text, [{ at: 0, raw, verbatim: true }]);
  }

  /** `text` that stands for something written at `raw` (an entity, an escape, a property). */
  static at(text: string, raw: number): MappedText {
    return new MappedText(text, [{ at: 0, raw, verbatim: false }]);
  }

  static empty(raw: number): MappedText {
    return new MappedText('', [{ at: 0, raw, verbatim: false }]);
  }

  static concat(parts: readonly MappedText[], raw = 0): MappedText {
    const segs: Segment[] = [];
    let text = '';
    for (const p of parts) {
      if (!p.text.length) continue;
      for (const s of p.segs) {
        if (s.at >= p.text.length) continue;
        segs.push({ at: s.at + text.length, raw: s.raw, verbatim: s.verbatim });
      }
      text += p.text;
    }
    if (!segs.length) return MappedText.empty(parts[0]?.offsetAt(0) ?? raw);
    return new MappedText(text, merge(segs));
  }

  get length(): number {
    return this.text.length;
  }

  /** File offset of character `i`; `length` maps just past the last character. */
  offsetAt(i: number): number {
    if (i >= this.text.length && this.text.length > 0) return this.offsetAt(this.text.length - 1) + 1;
    let lo = 0;
    let hi = this.segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segs[mid]!.at <= i) lo = mid;
      else hi = mid - 1;
    }
    const s = this.segs[lo]!;
    return s.verbatim ? s.raw + Math.max(0, i - s.at) : s.raw;
  }

  /** Offset mapper in the form `parseSql` wants. */
  get mapOffset(): (i: number) => number {
    return (i) => this.offsetAt(i);
  }

  slice(start: number, end = this.text.length): MappedText {
    const a = Math.max(0, Math.min(start, this.text.length));
    const b = Math.max(a, Math.min(end, this.text.length));
    if (a === b) return MappedText.empty(this.offsetAt(a));
    const segs: Segment[] = [];
    for (let k = 0; k < this.segs.length; k++) {
      const s = this.segs[k]!;
      const next = this.segs[k + 1]?.at ?? this.text.length;
      if (next <= a || s.at >= b) continue;
      const from = Math.max(s.at, a);
      segs.push({ at: from - a, raw: s.verbatim ? s.raw + (from - s.at) : s.raw, verbatim: s.verbatim });
    }
    return new MappedText(this.text.slice(a, b), segs);
  }

  trim(): MappedText {
    const start = this.text.length - this.text.trimStart().length;
    const end = this.text.trimEnd().length;
    return start === 0 && end === this.text.length ? this : this.slice(start, Math.max(start, end));
  }

  /**
   * Replaces `${name}` with property values the way Liquibase's ExpressionExpander does: the
   * name is trimmed and looked up case-insensitively; an unknown name stays as written. The
   * substituted text maps to the `$` of the reference.
   */
  expand(lookup: (name: string) => string | undefined): MappedText {
    if (!this.text.includes('${')) return this;
    const parts: MappedText[] = [];
    let last = 0;
    const re = /\$\{([^{}]*)\}/g;
    for (let m = re.exec(this.text); m; m = re.exec(this.text)) {
      const value = lookup(m[1]!.trim());
      if (value === undefined) continue;
      parts.push(this.slice(last, m.index), MappedText.at(value, this.offsetAt(m.index)));
      last = m.index + m[0].length;
    }
    if (!parts.length) return this;
    parts.push(this.slice(last));
    return MappedText.concat(parts, this.offsetAt(0));
  }
}

function merge(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segs) {
    const p = out[out.length - 1];
    if (p && p.verbatim && s.verbatim && p.raw + (s.at - p.at) === s.raw) continue;
    out.push(s);
  }
  return out;
}

/**
 * Maps a decoded scalar back onto its source text when the decoder does not say where each
 * character came from (YAML block and folded scalars): characters are matched in order, skipping
 * indentation, quotes and escapes. A character that cannot be found nearby maps to the current
 * position, so spans stay close even for unusual escapes.
 */
export function alignToSource(value: string, source: string, sourceStart: number): MappedText {
  const parts: MappedText[] = [];
  let j = 0;
  let runStart = -1;
  let runRaw = 0;
  const flush = (i: number) => {
    if (runStart >= 0) parts.push(MappedText.verbatim(value.slice(runStart, i), runRaw));
    runStart = -1;
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    let k = j;
    const limit = Math.min(source.length, j + 200);
    while (k < limit && source[k] !== c && !(isFoldSpace(c) && isFoldSpace(source[k]!))) k++;
    if (k < limit) {
      const exact = source[k] === c;
      if (!exact || runStart < 0 || k !== j) {
        flush(i);
        if (exact) {
          runStart = i;
          runRaw = sourceStart + k;
        } else parts.push(MappedText.at(c, sourceStart + k));
      }
      j = k + 1;
    } else {
      flush(i);
      parts.push(MappedText.at(c, sourceStart + Math.min(j, Math.max(0, source.length - 1))));
    }
  }
  flush(value.length);
  return parts.length ? MappedText.concat(parts, sourceStart) : MappedText.empty(sourceStart);
}

function isFoldSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}
