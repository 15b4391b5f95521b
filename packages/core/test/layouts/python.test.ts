import { describe, expect, it } from 'vitest';
import { SourceFile } from '@migralint/core';
import { Evaluator, qualName, Scope, strOf, type PyValue } from '../../src/layouts/python/evaluate.js';
import { readModule } from '../../src/layouts/python/module.js';
import { decodeString, mapStringOffset } from '../../src/layouts/python/strings.js';
import { children, parsePython, statements } from '../../src/layouts/python/tree.js';

/** The value assigned to `name` at module level. */
function valueOf(code: string, name: string): { value: PyValue; text: string } {
  const m = parsePython(new SourceFile('m.py', code));
  const info = readModule(m);
  return { value: info.assignments.get(name)!.value, text: code };
}

/** For each character of a decoded string, the file character it came from. */
function origins(code: string, name = 'x'): string {
  const { value } = valueOf(code, name);
  if (value.kind !== 'str') throw new Error(`not a string: ${value.kind}`);
  return [...value.str.value].map((_, i) => code[mapStringOffset(value.str, i)]).join('');
}

describe('Python string literals', () => {
  it('decodes escapes and maps every character back to the file', () => {
    const code = "x = 'a\\'b\\n\\x41\\u00e9\\101\\\nc'\n";
    const { value } = valueOf(code, 'x');
    expect(value.kind === 'str' && value.str.value).toBe("a'b\nA\u00e9Ac");
    // Each decoded character points at the start of its escape.
    expect(origins(code)).toBe("a\\b\\\\\\\\c");
  });

  it('keeps raw strings, triple quotes and CRLF line ends as Python reads them', () => {
    expect(strOf(valueOf("x = r'\\d+\\''\n", 'x').value)).toBe("\\d+\\'");
    const crlf = 'x = """SELECT\r\n1"""\r\n';
    const v = valueOf(crlf, 'x').value;
    expect(v.kind === 'str' && v.str.value).toBe('SELECT\n1');
    expect(v.kind === 'str' && mapStringOffset(v.str, 7)).toBe(crlf.indexOf('1'));
  });

  it('joins adjacent literals and maps each part to its own place', () => {
    const code = 'x = ("CREATE INDEX i "\n     "ON t (c)")\n';
    expect(strOf(valueOf(code, 'x').value)).toBe('CREATE INDEX i ON t (c)');
    const v = valueOf(code, 'x').value;
    const on = v.kind === 'str' ? v.str.value.indexOf('ON') : -1;
    expect(v.kind === 'str' && mapStringOffset(v.str, on)).toBe(code.indexOf('ON'));
  });

  it('turns f-string fields into placeholders and keeps literal braces', () => {
    const v = valueOf('t = "users"\nx = f"ALTER TABLE {t} ADD {{c}}"\n', 'x').value;
    expect(v.kind === 'str' && v.str.value).toBe('ALTER TABLE __migralint_expr_1__ ADD {c}');
    expect(v.kind === 'str' && v.str.placeholders).toEqual(['{t}']);
  });

  it('fills .format() and % with literal arguments, placeholders otherwise', () => {
    expect(strOf(valueOf('x = "ALTER TABLE {t} DROP {}".format("c", t="users")\n', 'x').value)).toBe('ALTER TABLE users DROP c');
    expect(strOf(valueOf('x = "DROP TABLE %s" % "users"\n', 'x').value)).toBe('DROP TABLE users');
    const v = valueOf('x = "DROP TABLE %(t)s" % {"t": name}\n', 'x').value;
    expect(v.kind === 'str' && v.str.placeholders).toEqual(['%(t)s']);
  });

  it('decodes a string node directly', () => {
    const code = 'x = u"\\N{BULLET}" "\\x41"\n';
    const m = parsePython(new SourceFile('m.py', code));
    const node = children(statements(m.top)[0]!).at(-1)!;
    expect(decodeString(m, node).value).toBe('?A');
  });
});

describe('Python evaluator', () => {
  it('resolves names through imports and aliases', () => {
    const code = [
      'import sqlalchemy as sa',
      'from alembic import op',
      'from django.db import migrations, models as m',
      'import a.b.c',
      'from . import helpers',
      'x = sa.Column("id", sa.Integer(), nullable=False)',
      'y = op.get_bind().execute',
      'z = m.CharField',
      'w = a.b.c.d',
      'v = helpers.f',
      '',
    ].join('\n');
    const info = readModule(parsePython(new SourceFile('m.py', code)));
    const x = info.assignments.get('x')!.value;
    expect(x.kind === 'call' && qualName(x.callee)).toBe('sqlalchemy.Column');
    expect(x.kind === 'call' && x.args.map((a) => (a.kind === 'call' ? qualName(a.callee) : strOf(a)))).toEqual(['id', 'sqlalchemy.Integer']);
    expect(x.kind === 'call' && x.kwargs.get('nullable')).toMatchObject({ kind: 'bool', value: false });
    expect(qualName(info.assignments.get('y')!.value)).toBe('alembic.op.get_bind().execute');
    expect(qualName(info.assignments.get('z')!.value)).toBe('django.db.models.CharField');
    expect(qualName(info.assignments.get('w')!.value)).toBe('a.b.c.d');
    expect(qualName(info.assignments.get('v')!.value)).toBe('.helpers.f');
  });

  it('reads literals, containers, unpacking and subscripts; anything else is dynamic with a reason', () => {
    const code = 'a = [1, -2, 3.5, None, True]\nb = {"k": ("x", "y"), **{"z": 1}}\nc = a[1]\nd, e = "p", "q"\nf = [x for x in a]\ng = b["k"]\nh = 1 if a else 2\n';
    const info = readModule(parsePython(new SourceFile('m.py', code)));
    const a = info.assignments.get('a')!.value;
    expect(a.kind === 'seq' && a.items.map((i) => i.kind)).toEqual(['num', 'num', 'num', 'none', 'bool']);
    expect(info.assignments.get('c')!.value).toMatchObject({ kind: 'num', value: -2 });
    expect(strOf(info.assignments.get('e')!.value)).toBe('q');
    expect(info.assignments.get('f')!.value).toMatchObject({ kind: 'dynamic', reason: 'a comprehension `[x for x in a]`' });
    expect(info.assignments.get('g')!.value).toMatchObject({ kind: 'seq', type: 'tuple' });
    expect(info.assignments.get('h')!.value.kind).toBe('dynamic');
    const b = info.assignments.get('b')!.value;
    expect(b.kind === 'dict' && b.entries.map(([k]) => strOf(k))).toEqual(['k', 'z']);
  });

  it('evaluates an expression in a scope', () => {
    const m = parsePython(new SourceFile('m.py', 'f(1, *[2, 3], k="v", **{"j": 4})\n'));
    const call = children(statements(m.top)[0]!)[0]!;
    const v = new Evaluator(m).evaluate(call, new Scope());
    expect(v.kind === 'call' && v.args.length).toBe(3);
    expect(v.kind === 'call' && [...v.kwargs.keys()]).toEqual(['k', 'j']);
  });
});

describe('Python syntax errors', () => {
  it('reports the first error with its line, naming an unclosed bracket', () => {
    const code = 'def upgrade():\n    op.create_table("t",\n        sa.Column("id")\n    op.drop_table("u")\n';
    const m = parsePython(new SourceFile('m.py', code));
    expect(m.errors).toHaveLength(1);
    expect(m.errors[0]!.message).toBe("Python syntax error: '(' opened on line 2 was never closed (unexpected 'op')");
    expect(m.errors[0]!.span.start.line).toBe(2);
  });

  it('reports what lezer accepts but Python does not: unterminated strings and bad indentation', () => {
    const first = (code: string) => parsePython(new SourceFile('m.py', code)).errors.map((e) => `${e.span.start.line}:${e.span.start.column} ${e.message}`);
    expect(first('def upgrade():\n    x = "unterminated\n')).toEqual(['2:9 Python syntax error: unterminated string literal']);
    expect(first('def upgrade():\n    pass\n  y = 1\n')).toEqual(['3:3 Python syntax error: unindent does not match any outer indentation level']);
    expect(first('x = 1\n    y = 2\n')).toEqual(['2:5 Python syntax error: unexpected indent']);
    expect(first('def upgrade():\n\top.drop_table("a")\n\tif x:\n\t\tpass\n\telse: pass\ny = r"\\d" \'\'\'a\'\'\'\n')).toEqual([]);
  });

  it('collects # comments without the #', () => {
    const m = parsePython(new SourceFile('m.py', 'x = 1  # migralint-disable-line a -- b\n'));
    expect(m.comments.map((c) => c.body)).toEqual([' migralint-disable-line a -- b']);
    expect(m.errors).toEqual([]);
  });
});
