import type { SourceFile } from '../../model/source.js';
import type { PNode, RawComment, ReadProblem, ReadResult } from './node.js';
import { MappedText } from './text.js';

/*
 * A small non-validating XML reader that keeps the file offset of every element, attribute and
 * character, so that findings point at the change element and `<sql>` text maps back through
 * entities and CDATA. It never processes a DTD: a DOCTYPE is rejected (Liquibase rejects it too:
 * its SAX parser sets disallow-doctype-decl), so no entity can expand and no external file is read.
 */

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_DEPTH = 256;
const TEXT_END = /[<&]/g;

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*/y;

class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Reader {
  i = 0;
  readonly comments: RawComment[] = [];

  constructor(
    readonly file: SourceFile,
    readonly s: string,
  ) {}

  fail(message: string, at = this.i): never {
    throw new XmlError(message, at);
  }

  startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i);
  }

  skipSpace(): void {
    const s = this.s;
    let i = this.i;
    for (let c = s.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = s.charCodeAt(++i));
    this.i = i;
  }

  name(): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) this.fail(this.i >= this.s.length ? 'unexpected end of file, expected a name' : `expected a name, found '${this.s[this.i]}'`);
    this.i += m[0].length;
    return m[0];
  }

  /** `<!-- … -->`, `<?pi … ?>`; returns false when neither starts here. */
  misc(): boolean {
    if (this.startsWith('<!--')) {
      const start = this.i;
      const end = this.s.indexOf('-->', this.i + 4);
      if (end < 0) this.fail('unterminated comment (missing -->)', start);
      const body = this.s.slice(start + 4, end);
      const dd = body.indexOf('--');
      if (dd >= 0) this.fail("'--' is not allowed inside an XML comment", start + 4 + dd);
      this.i = end + 3;
      this.comments.push({ body, start, end: this.i });
      return true;
    }
    if (this.startsWith('<?')) {
      const start = this.i;
      const end = this.s.indexOf('?>', this.i + 2);
      if (end < 0) this.fail('unterminated processing instruction (missing ?>)', start);
      this.i = end + 2;
      return true;
    }
    return false;
  }

  /** An entity or character reference at `&`; returns its text. */
  reference(): string {
    const start = this.i;
    const semi = this.s.indexOf(';', this.i);
    if (semi < 0 || semi - start > 40) this.fail("'&' must start an entity reference such as &amp;", start);
    const ref = this.s.slice(start + 1, semi);
    this.i = semi + 1;
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : /^\d+$/.test(ref.slice(1)) ? Number(ref.slice(1)) : NaN;
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (ref[1] === 'x' && !/^x[0-9a-fA-F]+$/.test(ref.slice(1)))) {
        this.fail(`invalid character reference &${ref};`, start);
      }
      return String.fromCodePoint(code);
    }
    const v = PREDEFINED[ref];
    if (v === undefined) this.fail(`undefined entity &${ref}; (DTDs and entity declarations are disabled)`, start);
    return v;
  }

  attributeValue(): MappedText {
    const q = this.s[this.i];
    if (q !== '"' && q !== "'") this.fail('attribute value must be quoted');
    const from = this.i + 1;
    const close = this.s.indexOf(q, from);
    if (close < 0) this.fail('unterminated attribute value');
    const raw = this.s.slice(from, close);
    const lt = raw.indexOf('<');
    if (lt >= 0) this.fail("'<' is not allowed in an attribute value", from + lt);
    if (!raw.includes('&')) {
      this.i = close + 1;
      return raw.length ? MappedText.verbatim(normalizeSpace(raw), from) : MappedText.empty(from);
    }
    const parts: MappedText[] = [];
    let run = from;
    this.i = from;
    while (this.i < close) {
      const amp = this.s.indexOf('&', this.i);
      if (amp < 0 || amp >= close) break;
      if (amp > run) parts.push(MappedText.verbatim(normalizeSpace(this.s.slice(run, amp)), run));
      this.i = amp;
      parts.push(MappedText.at(this.reference(), amp));
      run = this.i;
    }
    if (close > run) parts.push(MappedText.verbatim(normalizeSpace(this.s.slice(run, close)), run));
    this.i = close + 1;
    return MappedText.concat(parts, from);
  }

  element(depth = 0): PNode {
    const start = this.i;
    if (depth > MAX_DEPTH) this.fail(`elements nested more than ${MAX_DEPTH} deep`);
    this.i++; // <
    const qname = this.name();
    const colon = qname.indexOf(':');
    const node: PNode = {
      name: colon >= 0 ? qname.slice(colon + 1) : qname,
      file: this.file,
      start,
      headEnd: start,
      end: start,
      children: [],
    };
    if (colon >= 0) node.prefix = qname.slice(0, colon);
    const seen = new Set<string>();
    for (;;) {
      const before = this.i;
      this.skipSpace();
      if (this.startsWith('/>')) {
        this.i += 2;
        node.headEnd = node.end = this.i;
        return node;
      }
      if (this.startsWith('>')) {
        this.i++;
        break;
      }
      if (this.i >= this.s.length) this.fail(`unexpected end of file inside <${qname}>`, start);
      if (this.i === before) this.fail(`expected whitespace, '>' or '/>' in <${qname}>`);
      const aStart = this.i;
      const aName = this.name();
      if (seen.has(aName)) this.fail(`duplicate attribute '${aName}'`, aStart);
      seen.add(aName);
      const aNameEnd = this.i;
      this.skipSpace();
      if (this.s[this.i] !== '=') this.fail(`expected '=' after attribute '${aName}'`);
      this.i++;
      this.skipSpace();
      const value = this.attributeValue();
      if (aName === 'xmlns' || aName.startsWith('xmlns:') || aName.startsWith('xsi:')) continue;
      const ac = aName.indexOf(':');
      const attr: PNode = {
        name: ac >= 0 ? aName.slice(ac + 1) : aName,
        file: this.file,
        start: aStart,
        headEnd: aNameEnd,
        end: this.i,
        value,
        children: [],
        attribute: true,
      };
      if (ac >= 0) attr.prefix = aName.slice(0, ac);
      node.children.push(attr);
    }
    node.headEnd = this.i;
    const text: MappedText[] = [];
    for (;;) {
      if (this.i >= this.s.length) this.fail(`<${qname}> is never closed`, start);
      if (this.startsWith('</')) {
        const closeAt = this.i;
        this.i += 2;
        const closing = this.name();
        if (closing !== qname) this.fail(`</${closing}> does not match <${qname}> (opened on line ${this.file.positionAt(start).line})`, closeAt);
        this.skipSpace();
        if (this.s[this.i] !== '>') this.fail(`expected '>' to end </${closing}>`);
        this.i++;
        break;
      }
      if (this.startsWith('<![CDATA[')) {
        const from = this.i + 9;
        const end = this.s.indexOf(']]>', from);
        if (end < 0) this.fail('unterminated CDATA section (missing ]]>)');
        text.push(MappedText.verbatim(this.s.slice(from, end), from));
        this.i = end + 3;
        continue;
      }
      if (this.startsWith('<!DOCTYPE')) this.fail('DOCTYPE is not allowed inside an element');
      if (this.misc()) continue;
      if (this.s[this.i] === '<') {
        node.children.push(this.element(depth + 1));
        continue;
      }
      if (this.s[this.i] === '&') {
        const at = this.i;
        text.push(MappedText.at(this.reference(), at));
        continue;
      }
      const from = this.i;
      TEXT_END.lastIndex = from;
      const m = TEXT_END.exec(this.s);
      this.i = m ? m.index : this.s.length;
      // Whitespace between child elements is not content.
      if (!isBlank(this.s, from, this.i) || text.length) text.push(MappedText.verbatim(this.s.slice(from, this.i), from));
    }
    node.end = this.i;
    if (text.length) {
      // Liquibase keeps an element's text trimmed, and only when it is not blank.
      const value = MappedText.concat(text, node.headEnd).trim();
      if (value.length) node.value = value;
    }
    return node;
  }

  document(): PNode {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!DOCTYPE')) {
        this.fail('DOCTYPE declarations are not allowed: migralint reads changelogs with DTDs and external entities disabled (Liquibase rejects DOCTYPE too)');
      }
      if (!this.misc()) break;
    }
    if (this.s[this.i] !== '<') this.fail(this.i >= this.s.length ? 'the file has no root element' : 'content before the root element');
    const root = this.element();
    for (;;) {
      this.skipSpace();
      if (this.i >= this.s.length) break;
      if (this.startsWith('<!DOCTYPE')) this.fail('DOCTYPE is not allowed after the root element');
      if (!this.misc()) this.fail('content after the root element');
    }
    return root;
  }
}

function normalizeSpace(s: string): string {
  // XML attribute-value normalisation: tabs and line breaks become spaces (length kept, for offsets).
  return s.replace(/[\t\r\n]/g, ' ');
}

/** Reads an XML changelog; a malformed file yields `problem` (never an exception). */
export function readXml(file: SourceFile): ReadResult {
  const r = new Reader(file, file.text);
  try {
    const root = r.document();
    return { root, comments: r.comments };
  } catch (err) {
    if (err instanceof XmlError) {
      const problem: ReadProblem = { message: `XML: ${err.message}`, offset: err.offset };
      return { comments: r.comments, problem };
    }
    throw err;
  }
}
