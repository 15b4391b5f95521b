/** Offset of the next token at or after `i`, skipping whitespace and (nested) comments. */
export function skipTrivia(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') i++;
    else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 0;
      while (i < text.length) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
    } else break;
  }
  return i;
}

/**
 * Finds the key word `word` among the first `within` words of a statement that starts at
 * `start` (comments may sit between them). Returns its range, or undefined.
 */
export function findKeyword(text: string, start: number, word: string, within: number): { start: number; end: number; text: string } | undefined {
  let i = start;
  for (let n = 0; n < within; n++) {
    i = skipTrivia(text, i);
    const m = /^[A-Za-z_]+/.exec(text.slice(i, i + 64));
    if (!m) return undefined;
    if (m[0].toUpperCase() === word) return { start: i, end: i + m[0].length, text: m[0] };
    i += m[0].length;
  }
  return undefined;
}

/** `keyword` in the letter case of a word the user wrote (all lower-case stays lower-case). */
export function sameCase(keyword: string, like: string): string {
  return like === like.toLowerCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}
