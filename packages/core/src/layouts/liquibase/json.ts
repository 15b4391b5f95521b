import type { SourceFile } from '../../model/source.js';
import type { PNode, ReadResult } from './node.js';
import { MappedText } from './text.js';

/*
 * JSON changelogs as PNodes with offsets. A strict JSON reader (RFC 8259) of its own, because the
 * positions of keys and of every character of a string (through escapes) are needed, and a
 * malformed file must say where it breaks. Objects become children, like YAML maps.
 */

const MAX_DEPTH = 200;

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  i = 0;
  constructor(
    readonly file: SourceFile,
    readonly s: string,
  ) {}

  fail(message: string, at = this.i): never {
    throw new JsonError(message, at);
  }

  ws(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
  }

  found(): string {
    return this.i >= this.s.length ? 'end of file' : `'${this.s[this.i]}'`;
  }

  string(): MappedText {
    if (this.s[this.i] !== '"') this.fail(`expected a string, found ${this.found()}`);
    const open = this.i;
    this.i++;
    const parts: MappedText[] = [];
    let run = this.i;
    for (;;) {
      if (this.i >= this.s.length) this.fail('unterminated string', open);
      const c = this.s[this.i]!;
      if (c === '"') break;
      if (c < ' ') this.fail('control character in string (escape it)');
      if (c === '\\') {
        if (this.i > run) parts.push(MappedText.verbatim(this.s.slice(run, this.i), run));
        const at = this.i;
        const e = this.s[this.i + 1];
        if (e === 'u') {
          const hex = this.s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
          parts.push(MappedText.at(String.fromCharCode(Number.parseInt(hex, 16)), at));
          this.i += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          parts.push(MappedText.at(ESCAPES[e]!, at));
          this.i += 2;
        } else this.fail(`invalid escape '\\${e ?? ''}'`);
        run = this.i;
        continue;
      }
      this.i++;
    }
    if (this.i > run) parts.push(MappedText.verbatim(this.s.slice(run, this.i), run));
    this.i++;
    return parts.length ? MappedText.concat(parts, open + 1) : MappedText.empty(open + 1);
  }

  /** Fills `into` from the value at the cursor. */
  value(into: PNode, depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels`);
    this.ws();
    const c = this.s[this.i];
    if (c === '{') {
      this.i++;
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        const keyStart = this.i;
        const key = this.string();
        const node: PNode = { name: key.text, file: this.file, start: keyStart, headEnd: this.i, end: this.i, children: [] };
        this.ws();
        if (this.s[this.i] !== ':') this.fail(`expected ':' after key "${key.text}", found ${this.found()}`);
        this.i++;
        this.value(node, depth + 1);
        node.end = this.i;
        into.children.push(node);
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (this.s[this.i] === '}') {
          this.i++;
          return;
        }
        this.fail(`expected ',' or '}' after a property value, found ${this.found()}`);
      }
    }
    if (c === '[') {
      this.i++;
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        const itemStart = this.i;
        if (this.s[this.i] === '{') {
          // A list of objects: their keys join the list's owner, like YAML `- createTable: …`.
          this.value(into, depth + 1);
        } else {
          const item: PNode = { name: into.name, file: this.file, start: itemStart, headEnd: itemStart, end: itemStart, children: [], item: true };
          this.value(item, depth + 1);
          item.end = this.i;
          into.children.push(item);
        }
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (this.s[this.i] === ']') {
          this.i++;
          return;
        }
        this.fail(`expected ',' or ']' after an array element, found ${this.found()}`);
      }
    }
    if (c === '"') {
      into.value = this.string();
      return;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) this.fail(`expected a value, found ${this.found()}`);
    if (m[0] !== 'null') into.value = MappedText.verbatim(m[0], this.i);
    this.i += m[0].length;
  }
}

/** Reads a JSON changelog; a malformed file yields `problem` with its offset. */
export function readJson(file: SourceFile): ReadResult {
  const r = new Reader(file, file.text);
  const root: PNode = { name: '', file, start: 0, headEnd: 0, end: file.text.length, children: [] };
  try {
    r.ws();
    if (r.s[r.i] !== '{') r.fail(`a JSON changelog must be an object, found ${r.found()}`);
    r.value(root, 0);
    r.ws();
    if (r.i < r.s.length) r.fail('content after the JSON value');
    return { root, comments: [] };
  } catch (err) {
    if (err instanceof JsonError) return { comments: [], problem: { message: `JSON: ${err.message}`, offset: err.offset } };
    throw err;
  }
}
