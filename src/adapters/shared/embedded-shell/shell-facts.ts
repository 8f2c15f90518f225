import { emptyFacts, type FileFacts, type RawCredential, type Span } from '../../../model/raw-facts.js';
import { commandsOfScript, extractShellScript, type RunCommand } from '../../shell/script.js';
import type { EnvBinding } from '../values/binding.js';
import type { EmbeddedScript } from './embedded-script.js';
import { isBudgetExceeded, isParseError } from '../../../errors.js';
import { caughtExpected } from '../../extraction-limits.js';
import { isFileSpan } from './file-span.js';

// Runs the shell extractor on an embedded script and moves its spans from script
// coordinates to file coordinates. Spans of env bindings are already file positions: they
// carry a marker (file-span.ts) and are left alone.

export { fileSpan } from './file-span.js';

/** A copy of a span without the marker. */
function clean(span: Span): Span {
  const out: Span = { line: span.line, column: span.column };
  if (span.endLine !== undefined) out.endLine = span.endLine;
  if (span.endColumn !== undefined) out.endColumn = span.endColumn;
  return out;
}

function remapSpan(script: EmbeddedScript, span: Span | undefined): Span | undefined {
  if (!span) return undefined;
  if (isFileSpan(span)) return clean(span);
  const start = script.toFile(span.line, span.column);
  const out: Span = { line: start.line, column: start.column };
  if (span.endLine !== undefined) {
    const end = script.toFile(span.endLine, span.endColumn ?? 1);
    out.endLine = end.line;
    if (span.endColumn !== undefined) out.endColumn = end.column;
  }
  return out;
}

function remapCredential(script: EmbeddedScript, c: RawCredential | undefined): RawCredential | undefined {
  if (!c) return undefined;
  const out: RawCredential = { ...c };
  if (c.span) out.span = remapSpan(script, c.span);
  else delete out.span;
  return out;
}

/**
 * What is left of an embedded script the shell extractor stopped on (a cap, or input it could not
 * read); never quotes the error. Any other error is a bug: `caughtExpected` reports it.
 */
export function unanalysedScript(err: unknown): FileFacts {
  const facts = emptyFacts();
  if (caughtExpected(err, isBudgetExceeded, isParseError))
    facts.problems.push(
      err instanceof RangeError ? 'embedded shell script too deeply nested' : 'embedded shell script could not be analysed',
    );
  return facts;
}

/** The shell facts of `script`, positioned in the file. Throws only a bug, under DTS_STRICT=1. */
export async function shellFactsOf(script: EmbeddedScript, env: ReadonlyMap<string, EnvBinding>): Promise<FileFacts> {
  if (script.isEmpty) return emptyFacts();
  let raw: FileFacts;
  try {
    raw = await extractShellScript(script.text, { line: 1, column: 1 }, env);
  } catch (err) {
    return unanalysedScript(err);
  }
  return {
    callSites: raw.callSites.map((c) => {
      const credential = remapCredential(script, c.credential);
      const out = { ...c, span: remapSpan(script, c.span)! };
      if (credential) out.credential = credential;
      return out;
    }),
    credentialSites: raw.credentialSites.map((s) => ({
      span: remapSpan(script, s.span)!,
      credential: remapCredential(script, s.credential)!,
    })),
    definitions: raw.definitions.map((d) => ({
      ...d,
      span: remapSpan(script, d.span)!,
      credential: remapCredential(script, d.credential)!,
    })),
    runsScripts: [],
    problems: [...raw.problems],
  };
}

/** The commands `script` runs (see shell/run-commands.ts), positioned in the file. Throws only a bug, under DTS_STRICT=1. */
export async function commandsOf(script: EmbeddedScript, env: ReadonlyMap<string, EnvBinding>): Promise<RunCommand[]> {
  if (script.isEmpty) return [];
  let raw: RunCommand[];
  try {
    raw = await commandsOfScript(script.text, { line: 1, column: 1 }, env);
  } catch (err) {
    caughtExpected(err, isBudgetExceeded, isParseError);
    return [];
  }
  return raw.map((c) => ({
    ...c,
    span: remapSpan(script, c.span)!,
    credentials: c.credentials.map((u) => ({
      name: u.name,
      credential: remapCredential(script, u.credential)!,
      span: remapSpan(script, u.span)!,
    })),
  }));
}

interface SeenKeys {
  /** The array keyed, and how many of its elements are: a replaced array is keyed anew. */
  of: readonly unknown[];
  keyed: number;
  keys: Set<string>;
}

/** What `mergeFacts` has keyed of each target, so a merge costs what it adds, not all before it. */
const seen = new WeakMap<FileFacts, { calls: SeenKeys; sites: SeenKeys }>();

/** The keys of `items`, extending those already taken of the same array (elements pushed since included). */
function keysOf(prev: SeenKeys | undefined, items: readonly unknown[]): SeenKeys {
  const s = prev && prev.of === items && prev.keyed <= items.length ? prev : { of: items, keyed: 0, keys: new Set<string>() };
  for (; s.keyed < items.length; s.keyed++) s.keys.add(JSON.stringify(items[s.keyed]));
  return s;
}

/**
 * Appends `from` to `into`, skipping call sites and credential sites already present. CI files
 * merge once per step or job: the keys of what `into` already holds are kept between merges, so
 * a workflow of thousands of steps is not re-serialised at every one.
 */
export function mergeFacts(into: FileFacts, from: FileFacts): void {
  const prev = seen.get(into);
  const calls = keysOf(prev?.calls, into.callSites);
  const sites = keysOf(prev?.sites, into.credentialSites);
  seen.set(into, { calls, sites });
  for (const c of from.callSites) {
    const k = JSON.stringify(c);
    if (!calls.keys.has(k)) {
      calls.keys.add(k);
      into.callSites.push(c);
      calls.keyed++;
    }
  }
  for (const s of from.credentialSites) {
    const k = JSON.stringify(s);
    if (!sites.keys.has(k)) {
      sites.keys.add(k);
      into.credentialSites.push(s);
      sites.keyed++;
    }
  }
  into.definitions.push(...from.definitions);
  for (const p of from.problems) if (!into.problems.includes(p)) into.problems.push(p);
  for (const r of from.runsScripts) if (!into.runsScripts.includes(r)) into.runsScripts.push(r);
}
