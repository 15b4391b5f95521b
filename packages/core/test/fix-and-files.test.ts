import { describe, expect, it } from 'vitest';
import { applyFixes, decodeSource, SourceFile } from '@migralint/core';

describe('applyFixes', () => {
  it('applies non-overlapping edits and skips overlapping fixes', () => {
    const r = applyFixes('CREATE INDEX a ON t (x);', [
      { kind: 'safe', edits: [{ start: 13, end: 13, text: 'CONCURRENTLY ' }] },
      { kind: 'safe', edits: [{ start: 7, end: 14, text: 'X' }] },
    ]);
    expect(r).toEqual({ output: 'CREATE X ON t (x);', applied: 1, skipped: 1 });
  });
});

describe('decodeSource', () => {
  it('rejects binary and non-UTF-8 content with a reason', () => {
    expect(decodeSource('a.sql', new Uint8Array([0x53, 0x00, 0x01]))).toMatchObject({ ok: false, reason: expect.stringContaining('binary') });
    expect(decodeSource('a.sql', new Uint8Array([0x53, 0x45, 0xe9, 0x20]))).toMatchObject({ ok: false, reason: expect.stringContaining('offset 2') });
  });
  it('strips a BOM and remembers it', () => {
    const r = decodeSource('a.sql', new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));
    expect(r).toMatchObject({ ok: true, bom: true });
    if (r.ok) expect(r.source.text).toBe('A');
  });
});

describe('SourceFile', () => {
  it('computes 1-based lines and UTF-16 columns for LF, CRLF and CR', () => {
    const f = new SourceFile('a.sql', 'ab\r\ncd\ref\ngh');
    expect([0, 4, 7, 10].map((o) => f.positionAt(o))).toEqual([
      { line: 1, column: 1, offset: 0 },
      { line: 2, column: 1, offset: 4 },
      { line: 3, column: 1, offset: 7 },
      { line: 4, column: 1, offset: 10 },
    ]);
  });
});
