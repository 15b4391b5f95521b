import type { SourceFile } from '../../model/source.js';
import type { ReadProblem } from './node.js';
import { MappedText } from './text.js';

/*
 * Formatted SQL changelogs (`--liquibase formatted sql`), read line by line with the patterns of
 * Liquibase's AbstractFormattedChangeLogParser: `--changeset author:id attr:value …`, `--rollback`,
 * `/* liquibase rollback … *\/`, `--preconditions …`, `--precondition-<name> …`, `--comment`,
 * `--validCheckSum`, `--ignoreLines`, `--property`.
 */

export const FORMATTED_HEADER = /^\s*--\s*liquibase\s*formatted.*/i;
const CHANGE_SET = /^\s*--[\s]*changeset\s+("[^"]+"|[^:]+):\s*("[^"]+"|\S+).*/i;
const CHANGE_SET_LOOSE = /^\s*-[\s]*-?[\s]*changeset(\s.*)?$/i;
const ROLLBACK = /^\s*--[\s]*rollback (.*)$/i;
const ROLLBACK_START = /^\s*\/\*\s*liquibase\s*rollback\s*$/i;
const ROLLBACK_END = /.*\s*\*\/\s*$/;
const PRECONDITIONS = /^\s*--[\s]*preconditions(.*)$/i;
const PRECONDITION = /^\s*--[\s]*precondition-([a-zA-Z0-9-]+)(.*)$/i;
const COMMENT = /^\s*--[\s]*comment:? (.*)$/i;
const PROPERTY = /^\s*--[\s]*property\s+(.*:.*)\s+(.*:.*).*/i;
const IGNORE_LINES = /^\s*--[\s]*ignoreLines:(\w+)/i;

export interface FormattedChangeSet {
  author: string;
  id: string;
  /** The `--changeset` line. */
  start: number;
  headEnd: number;
  /** Attributes from the `--changeset` line, keys lower-cased (`runintransaction`). */
  attrs: Record<string, string>;
  /** The changeSet's SQL: every line up to the next `--changeset`, except ignored ones. */
  body: MappedText;
  /** The text of `--rollback` lines and `/* liquibase rollback *\/` blocks. */
  rollback?: MappedText;
  rollbackStart?: number;
  preconditions: boolean;
  comment?: string;
}

export interface FormattedProperty {
  name: string;
  value: string;
  attrs: Record<string, string>;
}

export interface FormattedChangelog {
  changeSets: FormattedChangeSet[];
  /** Properties in file order, with the index of the first changeSet they precede. */
  properties: Array<{ property: FormattedProperty; before: number }>;
  problems: ReadProblem[];
}

/** `key:value` attributes of a `--changeset` or `--property` line (values may be "quoted"). */
function attributes(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/\b([A-Za-z][\w-]*):("[^"]*"|\S*)/g)) {
    const key = m[1]!.toLowerCase();
    if (!(key in out)) out[key] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
}

export function isFormattedSql(text: string): boolean {
  const first = text.split(/\r?\n|\r/).find((l) => l.trim() !== '');
  return first !== undefined && FORMATTED_HEADER.test(first);
}

export function readFormattedSql(file: SourceFile): FormattedChangelog {
  const text = file.text;
  const out: FormattedChangelog = { changeSets: [], properties: [], problems: [] };
  const lines: Array<{ start: number; text: string; end: number }> = [];
  for (const m of text.matchAll(/[^\r\n]*(\r\n|\r|\n|$)/g)) {
    if (m.index >= text.length && !m[0]) break;
    lines.push({ start: m.index, text: m[0].replace(/[\r\n]+$/, ''), end: m.index + m[0].length });
  }
  let cur: FormattedChangeSet | undefined;
  let body: MappedText[] = [];
  let rollback: MappedText[] = [];
  const finish = () => {
    if (!cur) return;
    cur.body = MappedText.concat(body, cur.headEnd);
    if (rollback.length) cur.rollback = MappedText.concat(rollback, cur.rollbackStart ?? cur.headEnd);
    out.changeSets.push(cur);
    body = [];
    rollback = [];
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const whole = MappedText.verbatim(text.slice(line.start, line.end), line.start);
    const ignore = IGNORE_LINES.exec(line.text);
    if (ignore) {
      if (ignore[1] === 'start') {
        while (n + 1 < lines.length && !/^\s*--[\s]*ignoreLines:end/i.test(lines[n + 1]!.text)) n++;
        n++;
      } else if (/^\d+$/.test(ignore[1]!)) n += Number(ignore[1]);
      continue;
    }
    if (PROPERTY.test(line.text)) {
      const a = attributes(line.text);
      if (a.name !== undefined && a.value !== undefined) out.properties.push({ property: { name: a.name, value: a.value, attrs: a }, before: out.changeSets.length + (cur ? 1 : 0) });
      continue;
    }
    const cs = CHANGE_SET.exec(line.text);
    if (cs) {
      finish();
      const author = cs[1]!.trim().replace(/^"(.*)"$/, '$1');
      const id = cs[2]!.replace(/^"(.*)"$/, '$1');
      const rest = line.text.slice(line.text.indexOf(cs[2]!, line.text.indexOf(':')) + cs[2]!.length);
      if (!id.replace(/[:\s]/g, '')) out.problems.push({ message: 'formatted SQL: the changeset id cannot be empty', offset: line.start, end: line.start + line.text.length });
      cur = { author, id, start: line.start, headEnd: line.start + line.text.length, attrs: attributes(rest), body: MappedText.empty(line.end), preconditions: false };
      continue;
    }
    if (CHANGE_SET_LOOSE.test(line.text)) {
      out.problems.push({
        message: 'formatted SQL: unexpected changeset line; write it as --changeset <author>:<id> [attribute:value …]',
        offset: line.start,
        end: line.start + line.text.length,
      });
      continue;
    }
    if (!cur) continue;
    const rb = ROLLBACK.exec(line.text);
    if (rb) {
      const at = line.start + line.text.length - rb[1]!.length;
      cur.rollbackStart ??= at;
      rollback.push(MappedText.verbatim(rb[1]!, at), MappedText.at('\n', line.start + line.text.length));
      body.push(whole);
      continue;
    }
    if (ROLLBACK_START.test(line.text)) {
      body.push(whole);
      while (n + 1 < lines.length) {
        const l = lines[++n]!;
        body.push(MappedText.verbatim(text.slice(l.start, l.end), l.start));
        if (ROLLBACK_END.test(l.text)) {
          const content = l.text.replace(/\s*\*\/\s*$/, '');
          if (content.trim()) rollback.push(MappedText.verbatim(content, l.start), MappedText.at('\n', l.start + content.length));
          break;
        }
        cur.rollbackStart ??= l.start;
        rollback.push(MappedText.verbatim(text.slice(l.start, l.end), l.start));
      }
      continue;
    }
    if (PRECONDITIONS.test(line.text) || PRECONDITION.test(line.text)) {
      cur.preconditions = true;
      body.push(whole);
      continue;
    }
    const c = COMMENT.exec(line.text);
    if (c) cur.comment = c[1];
    body.push(whole);
  }
  finish();
  return out;
}
