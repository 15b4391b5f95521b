/**
 * libpg-query reports UTF-8 byte offsets; everything else in migralint uses UTF-16 offsets.
 * The table is built once per parsed string and is skipped entirely for ASCII text.
 */
export function byteToUtf16(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => Math.max(0, Math.min(b, text.length));
  const table: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) table.push(i);
    if (cp >= 0x10000) i++;
  }
  table.push(text.length);
  return (b) => (b <= 0 ? 0 : b >= table.length ? text.length : table[b]!);
}
