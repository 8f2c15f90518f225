import type { AdapterContext } from '../adapters/adapter.js';
import { adapterFor } from '../adapters/registry.js';
import { classifyCredential, type CredentialFact } from '../classify/credential.js';
import type { Config } from '../config/config.js';
import { commentsBeside, commentStyleFor } from '../credentials/comments.js';
import { typeFromDescription } from '../credentials/descriptions.js';
import { findWrittenTokens } from '../credentials/token-forms.js';
import { DBT_TOKEN_IN_TEXT, isDbtTokenShaped } from '../credentials/token-shapes.js';
import type { Basis } from '../credentials/evidence.js';
import type { SourceFile } from '../discover/source-file.js';
import { LineIndex } from '../facts/location.js';
import type { Definition, FileFacts, FileRole, RawCallSite, RawCredential, Span, TokenType } from '../facts/types.js';
import { printedForm, redactText, TokenPieces } from '../findings/redact.js';
import { findSuppressions, type InlineSuppression } from '../findings/suppress.js';
import { mayHoldTokenLiteral, mayMatter } from '../prefilter/keywords.js';
import { prefilterFile, type FileJob, type Prefiltered } from './prefilter-file.js';

export type { FileJob } from './prefilter-file.js';

// One file, start to finish, inside a worker: read once, pre-filter, one adapter, then classify
// credentials so that raw token values never leave this module. What it returns is plain data.

export interface CallSiteFact extends Omit<RawCallSite, 'credential'> {
  credential: CredentialFact;
}

export interface TokenSiteFact {
  span: Span;
  credential: CredentialFact;
  /** The token is written here in full (hardcoded-token), not only referenced. */
  committed: boolean;
}

export interface DefinitionFact extends Omit<Definition, 'credential'> {
  credential: CredentialFact;
  /** 1-based line of the defining value, when it is written in this file. */
  valueLine?: number;
}

/**
 * What this file says a name holds, for code in other files that reads the same name
 * (src/scan/link-names.ts): a value of a known format, or a description naming the type.
 */
export interface NameEvidence {
  name: string;
  type: Exclude<TokenType, 'unknown'>;
  basis: Extract<Basis, 'value' | 'described'>;
  /** 1-based line of the deciding value or description. */
  line: number;
}

export interface FileResult {
  rel: string;
  /** Read and looked at (counted in summary.filesScanned). */
  scanned: boolean;
  error?: string;
  adapter?: string;
  callSites: CallSiteFact[];
  tokenSites: TokenSiteFact[];
  definitions: DefinitionFact[];
  role?: FileRole;
  runsScripts: string[];
  /** Credentials this (CI) file hands to scripts through their environment. */
  scriptEnv: { script: string; name: string; credential: CredentialFact; line?: number }[];
  nameEvidence: NameEvidence[];
  suppressions: InlineSuppression[];
  /** Redacted source lines that reports may show, by 1-based line. */
  snippets: Record<number, string>;
}

export interface ProcessEnv {
  config: Config;
  maxBytes: number;
  ctx: AdapterContext;
}

const MAX_SNIPPET = 400;

const empty = (rel: string, scanned: boolean, error?: string): FileResult => ({
  rel, scanned, ...(error ? { error } : {}), callSites: [], tokenSites: [], definitions: [], runsScripts: [], scriptEnv: [], nameEvidence: [], suppressions: [], snippets: {},
});

export async function processFile(job: FileJob, env: ProcessEnv): Promise<FileResult> {
  return fromPrefiltered(job.rel, prefilterFile(job, env.maxBytes), env);
}

/** Finishes a file the pre-filter has read (in this thread or a worker). */
export async function fromPrefiltered(rel: string, p: Prefiltered, env: ProcessEnv): Promise<FileResult> {
  if (p.kind === 'error') return empty(rel, false, p.message);
  if (p.kind === 'absent') return empty(rel, false);
  if (p.kind === 'skip') return empty(rel, true);
  return extractFromSource(p.file, env, p);
}

export async function extractFromSource(file: SourceFile, env: ProcessEnv, tested?: { relevant: boolean; hasLiteral: boolean }): Promise<FileResult> {
  const out = empty(file.path, true);
  const text = file.text;
  // The pre-filter already ran both tests (in a worker, for big trees): not again on big texts.
  const relevant = tested?.relevant ?? mayMatter(text);
  const hasLiteral = tested?.hasLiteral ?? mayHoldTokenLiteral(text);
  if (!relevant && !hasLiteral) return out;

  let facts: FileFacts | undefined;
  const entry = relevant ? adapterFor(file.path, text) : undefined;
  if (entry) {
    out.adapter = entry.id;
    try {
      const adapter = await entry.load();
      facts = await adapter.extract(file, env.ctx);
    } catch (e) {
      // An adapter bug must not end the scan; the message names the adapter, never the source.
      out.error = `internal error in the ${entry.id} adapter (${e instanceof Error ? e.name : 'error'}); file skipped`;
    }
  }
  if (facts?.problems.length) out.error = facts.problems.slice(0, 3).join('; ');

  const index = new LineIndex(text);
  const secrets = new Set<string>();
  const remember = (raw: RawCredential | undefined): void => {
    if (raw?.value && raw.value.length >= 8) secrets.add(raw.value);
  };

  if (facts) {
    for (const c of facts.callSites) remember(c.credential);
    for (const c of facts.credentialSites) remember(c.credential);
    for (const d of facts.definitions) remember(d.credential);
    out.role = facts.role;
    out.runsScripts = facts.runsScripts;
    const describe = describer(index, commentStyleFor(entry?.id));
    const classify = (raw: RawCredential | undefined, dbtContext = true): CredentialFact =>
      classifyCredential(raw && describe(raw), env.config, dbtContext, file.path);
    for (const e of facts.scriptEnv ?? []) {
      out.scriptEnv.push({ script: e.script, name: e.name, credential: classify(e.credential), ...(e.credential.span ? { line: e.credential.span.line } : {}) });
    }
    for (const c of facts.callSites) {
      const { credential, ...rest } = c;
      const fact = classify(credential);
      out.callSites.push({ ...rest, credential: fact });
      noteName(out, credential, fact, c.span);
      if (credential) addTokenSite(out, credential, credential.span ?? c.span, env.config, text);
    }
    for (const s of facts.credentialSites) {
      noteName(out, s.credential, classify(s.credential), s.span);
      addTokenSite(out, s.credential, s.span, env.config, text);
    }
    for (const d of facts.definitions) {
      const fact = classify(d.credential);
      out.definitions.push({ ...d, credential: fact, ...(d.credential.span ? { valueLine: d.credential.span.line } : {}) });
      // A Terraform variable's value also reaches code that reads its TF_VAR_ env var.
      noteName(out, d.credential, fact, d.span, d.ref.kind === 'terraform-variable' ? `TF_VAR_${d.ref.id}` : undefined);
      addTokenSite(out, d.credential, d.credential.span ?? d.span, env.config, text);
    }
    for (const v of facts.namedValues ?? []) noteName(out, v.credential, classify(v.credential, !!v.credential.name && /dbt/i.test(v.credential.name)), v.span);
  }
  if (hasLiteral) {
    for (const m of text.matchAll(DBT_TOKEN_IN_TEXT)) {
      secrets.add(m[0]);
      const at = index.at(m.index);
      addTokenSite(out, { source: 'literal', value: m[0] }, { line: at.line, column: at.column }, env.config, text);
    }
  }
  // Tokens written escaped, split into joined pieces or base64-encoded (src/credentials/token-forms.ts;
  // only texts with a hint of one are looked at): committed where they are written, like a plain
  // literal, and masked in every line shown, however many lines they span.
  const written = findWrittenTokens(text, { hex: true });
  for (const t of written) {
    if (t.kind !== 'dbt' || !isDbtTokenShaped(t.value)) continue;
    const at = index.at(t.start);
    addTokenSite(out, { source: 'literal', value: t.value }, { line: at.line, column: at.column }, env.config, text, true);
  }
  hidePieces(out, new TokenPieces(written.filter((t) => t.kind === 'dbt').map((t) => t.value)));
  out.suppressions = findSuppressions(text, (o) => index.at(o).line);

  const lines = new Set<number>();
  for (const c of out.callSites) lines.add(c.span.line);
  for (const t of out.tokenSites) lines.add(t.span.line);
  const known = [...secrets];
  const masks = masksByLine(written.map((t) => ({ span: index.span(t.start, t.end), shown: printedForm(t) })));
  for (const line of lines) out.snippets[line] = snippetOf(index.lineText(line), line, masks.get(line) ?? [], known);
  return out;
}

interface Mask {
  span: Span;
  /** What is shown where the token starts; the lines it continues on show `…`. */
  shown: string;
}

/** The masks that cross each line, in order: a file with many written tokens costs no more per line. */
function masksByLine(masks: readonly Mask[]): Map<number, Mask[]> {
  const out = new Map<number, Mask[]>();
  for (const m of masks) {
    for (let line = m.span.line; line <= (m.span.endLine ?? m.span.line); line++) {
      const list = out.get(line);
      if (list) list.push(m);
      else out.set(line, [m]);
    }
  }
  return out;
}

/**
 * How far past the shown part of a line redaction reads. A secret that the cut could split is then
 * seen whole, or (longer than this) as a run still long enough to match its shape; written forms
 * are masked from the whole file before. Bounding it keeps a minified megabyte line from costing
 * a regex pass per shape.
 */
const REDACT_BEYOND_SNIPPET = 4096;

/**
 * A line as reports may show it: the written tokens that cross it masked, then every secret
 * redacted, and only then cut to length (a cut before redaction could leave a piece of a token
 * too short to be recognised).
 */
function snippetOf(raw: string, line: number, masks: readonly Mask[], secrets: readonly string[]): string {
  let text = raw;
  for (let i = masks.length - 1; i >= 0; i--) {
    const { span, shown } = masks[i]!;
    const endLine = span.endLine ?? span.line;
    if (line < span.line || line > endLine) continue;
    const from = line === span.line ? span.column - 1 : 0;
    const to = line === endLine ? (span.endColumn ?? 1) - 1 : text.length;
    text = `${text.slice(0, from)}${line === span.line ? shown : '…'}${text.slice(Math.max(from, to))}`;
  }
  const safe = redactText(text.slice(0, MAX_SNIPPET + REDACT_BEYOND_SNIPPET), secrets);
  if (safe.length <= MAX_SNIPPET && text.length <= MAX_SNIPPET) return safe;
  // The word the cut lands in is dropped, as before redaction came first: a line without secrets
  // keeps the text (and so the fingerprint) it had.
  return `${safe.slice(0, MAX_SNIPPET).replace(/[A-Za-z0-9_\-+/=.]*$/, '')}…`;
}

/** Names and URLs that an adapter read out of a split token's pieces never show those pieces. */
function hidePieces(out: FileResult, pieces: TokenPieces): void {
  if (pieces.empty) return;
  const credential = (c: CredentialFact): void => {
    if (c.name !== undefined) c.name = pieces.hide(c.name);
  };
  for (const c of out.callSites) {
    credential(c.credential);
    if (c.endpoint) {
      for (const k of ['url', 'host', 'path'] as const) if (c.endpoint[k] !== undefined) c.endpoint[k] = pieces.hide(c.endpoint[k]!);
    }
    if (c.client !== undefined) c.client = pieces.hide(c.client);
  }
  for (const t of out.tokenSites) credential(t.credential);
  for (const d of out.definitions) credential(d.credential);
  for (const e of out.scriptEnv) credential(e.credential);
}

/**
 * Records where a credential is written. A literal counts as committed only if the file itself
 * holds it (an imported constant is reported where it is defined, not at every use); `writtenHere`
 * says it does, in another form than the value (escaped, split, base64).
 */
function addTokenSite(out: FileResult, raw: RawCredential, span: Span, config: Config, text: string, writtenHere = false): void {
  if (raw.source !== 'literal' || !raw.value) return;
  const credential = classifyCredential(raw, config, true);
  // A placeholder (`dbtu_XXXX…`) may name a type, but it is no token written here.
  if (credential.basis !== 'value' && !credential.committed) return;
  const committed = credential.committed === true && (writtenHere || text.includes(raw.value.trim()));
  const dup = out.tokenSites.find((t) => t.span.line === span.line && t.credential.identity === credential.identity);
  if (dup) {
    if (!dup.credential.name && credential.name) dup.credential = credential;
    dup.committed ||= committed;
    return;
  }
  out.tokenSites.push({ span: { line: span.line, column: span.column }, credential, committed });
}

/**
 * Gives a credential the comment beside where it is written, when its adapter found no
 * description of its own (a Terraform variable's `description` wins over a comment).
 */
function describer(index: LineIndex, style: ReturnType<typeof commentStyleFor>): (raw: RawCredential) => RawCredential {
  if (!style) return (raw) => raw;
  const lineText = (line: number): string | undefined => index.lineText(line);
  return (raw) => {
    if (raw.description || !raw.span) return raw;
    const comments = commentsBeside(lineText, raw.span.line, style);
    const naming = comments.find((c) => typeFromDescription(c.text) !== undefined);
    return naming ? { ...raw, description: naming } : raw;
  };
}

/** Records what this file says a named credential holds: its value's format or a description. */
function noteName(out: FileResult, raw: RawCredential | undefined, fact: CredentialFact, at: Span, asName?: string): void {
  const name = asName ?? raw?.name;
  if (!raw || !name || fact.type === 'unknown') return;
  if (fact.basis !== 'value' && fact.basis !== 'described') return;
  const line = fact.evidenceAt?.line ?? raw.span?.line ?? at.line;
  if (out.nameEvidence.some((n) => n.name === name && n.line === line && n.type === fact.type)) return;
  out.nameEvidence.push({ name, type: fact.type, basis: fact.basis, line });
}
