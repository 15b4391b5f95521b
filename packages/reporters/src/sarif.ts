import { pathToFileURL } from 'node:url';
import type { Diagnostic, LintResult, RuleMeta, Severity, SourceFile } from '@migralint/core';
import type * as Sarif from 'sarif';
import { FINGERPRINT_KEY, fingerprints } from './fingerprint.js';
import { lastLine, lineText } from './lines.js';
import { reportedFix } from './summary.js';
import type { Reporter, ReporterContext } from './types.js';

const SRCROOT = '%SRCROOT%';
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** `require-concurrent-index-creation` → `RequireConcurrentIndexCreation` (SARIF's reportingDescriptor.name). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** SARIF wants message strings to be sentences; rule texts and parser messages often are not. */
function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** A relative URI reference for a relative path: each segment percent-encoded (spaces, `:`, non-ASCII). */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function baseUri(cwd: string): string {
  const href = pathToFileURL(cwd).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function ruleDescriptor(id: string, meta: RuleMeta | undefined): Sarif.ReportingDescriptor {
  if (!meta) return { id, name: pascalCase(id) };
  const level = meta.recommended === 'error' ? 'error' : meta.recommended === 'warn' ? 'warning' : 'note';
  const details = [`Engines: ${meta.engines.join(', ')}.`];
  if (meta.fixable) details.push(`Fixable (${meta.fixable === 'safe' ? 'safe fix' : 'unsafe fix, applied only with --unsafe-fixes'}).`);
  const url = meta.docs?.url;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: sentence(meta.description) },
    fullDescription: { text: `${sentence(meta.description)} ${details.join(' ')}` },
    help: { text: sentence(meta.help), markdown: url ? `${sentence(meta.help)}\n\n[Documentation](${url})` : sentence(meta.help) },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { level },
    properties: { tags: [...meta.engines] },
  };
}

function region(source: SourceFile | undefined, d: Diagnostic): Sarif.Region {
  // An unreadable file has no text to point into: the result is about the file, at its first line.
  if (!source) return { startLine: 1 };
  const { start, end } = d.span;
  const r: Sarif.Region = {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    charOffset: start.offset,
    charLength: end.offset - start.offset,
  };
  if (end.offset > start.offset) r.snippet = { text: source.text.slice(start.offset, end.offset) };
  return r;
}

/**
 * The whole lines of the region plus one line either side, for viewers that do not have the file.
 * SARIF requires it to be a proper superset of the region, so it is left out when it would not be.
 */
function contextRegion(source: SourceFile, d: Diagnostic): Sarif.Region | undefined {
  const startLine = Math.max(1, d.span.start.line - 1);
  const endLine = Math.max(d.span.end.line, Math.min(lastLine(source), d.span.end.line + 1));
  const charOffset = source.lineOffset(startLine);
  // The last line without its line break, so that endLine/endColumn and charLength agree.
  const endColumn = lineText(source, endLine).length + 1;
  const endOffset = source.lineOffset(endLine) + endColumn - 1;
  const { start, end } = d.span;
  const properSuperset = charOffset <= start.offset && endOffset >= end.offset && (charOffset < start.offset || endOffset > end.offset);
  if (!properSuperset) return undefined;
  return { startLine, startColumn: 1, endLine, endColumn, charOffset, charLength: endOffset - charOffset, snippet: { text: source.text.slice(charOffset, endOffset) } };
}

function physicalLocation(source: SourceFile | undefined, d: Diagnostic, artifactLocation: Sarif.ArtifactLocation): Sarif.PhysicalLocation {
  const context = source && contextRegion(source, d);
  return { artifactLocation, region: region(source, d), ...(context ? { contextRegion: context } : {}) };
}

function sarifFix(fix: NonNullable<Diagnostic['fix']>, location: Sarif.ArtifactLocation, ruleId: string): Sarif.Fix {
  return {
    description: {
      text: fix.kind === 'safe' ? `Apply the fix for ${ruleId}.` : `Apply the fix for ${ruleId} (unsafe: it changes how the migration runs).`,
    },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: fix.edits.map((e) => ({
          deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
          ...(e.text ? { insertedContent: { text: e.text } } : {}),
        })),
      },
    ],
  };
}

export function sarifLog(results: readonly LintResult[], ctx: ReporterContext): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (id: string): number => {
    let i = ruleIndex.get(id);
    if (i === undefined) {
      i = rules.push(ruleDescriptor(id, ctx.rules.get(id))) - 1;
      ruleIndex.set(id, i);
    }
    return i;
  };
  for (const id of ctx.rules.keys()) addRule(id);

  const artifacts: Sarif.Artifact[] = [];
  const artifactIndex = new Map<string, number>();
  const artifactLocation = (file: string): Sarif.ArtifactLocation => {
    let index = artifactIndex.get(file);
    if (index === undefined) {
      index = artifacts.push({ location: { uri: relativeUri(file), uriBaseId: SRCROOT }, roles: ['analysisTarget'] }) - 1;
      artifactIndex.set(file, index);
    }
    return { uri: relativeUri(file), uriBaseId: SRCROOT, index };
  };
  for (const r of results) {
    const index = artifactLocation(r.file).index!;
    // Byte length of the file as read: decoding was strict UTF-8, so re-encoding gives the same bytes.
    if (r.source) artifacts[index]!.length = Buffer.byteLength(r.source.text, 'utf8') + (r.bom ? 3 : 0);
  }

  const sarifResults: Sarif.Result[] = [];
  for (const r of results) {
    const prints = fingerprints(r);
    r.diagnostics.forEach((d, i) => {
      const location = artifactLocation(d.file);
      const fix = reportedFix(r, d);
      sarifResults.push({
        ruleId: d.ruleId,
        ruleIndex: addRule(d.ruleId),
        level: LEVEL[d.severity],
        message: { text: d.help ? `${sentence(d.message)}\nHelp: ${sentence(d.help)}` : sentence(d.message) },
        locations: [{ physicalLocation: physicalLocation(r.source, d, location) }],
        partialFingerprints: { [FINGERPRINT_KEY]: prints[i]! },
        ...(fix ? { fixes: [sarifFix(fix, location, d.ruleId)] } : {}),
      });
    });
  }

  const driver: Sarif.ToolComponent = {
    name: ctx.tool.name,
    version: ctx.tool.version,
    ...(SEMVER.test(ctx.tool.version) ? { semanticVersion: ctx.tool.version } : {}),
    informationUri: ctx.tool.informationUri,
    rules,
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: { [SRCROOT]: { uri: baseUri(ctx.cwd) } },
        artifacts,
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export const sarif: Reporter = (results, ctx) => JSON.stringify(sarifLog(results, ctx), null, 2) + '\n';
