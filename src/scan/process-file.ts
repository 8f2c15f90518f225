import type { AdapterContext } from '../adapters/adapter.js';
import { adapterFor } from '../adapters/registry.js';
import type { AdapterDescriptor } from '../adapters/descriptor.js';
import { classifyCredential } from '../classify/credential.js';
import type { Config } from '../config/config.js';
import { commentedKeyAssignments, commentedSetting, commentsBeside, type CommentStyle } from '../credentials/comments.js';
import { typeFromDescription } from '../credentials/descriptions.js';
import { adoptEvidence } from './link-references.js';
import { dbtKeyAssignments, dbtKeyOfValueAt, namedReadDefaults } from '../credentials/key-assignments.js';
import { isDbtSpecificName, isDbtTokenName } from '../credentials/names.js';
import { dbtTokensInText, findWrittenTokens } from '../credentials/token-forms.js';
import { readsCiRunVariables } from '../classify/ci-environment.js';
import { isDbtTokenShaped } from '../credentials/token-shapes.js';
import type { SourceFile } from '../discover/source-file.js';
import { endExtraction, startExtraction } from '../adapters/extraction-limits.js';
import { internalErrorMessage, rethrowIfStrict } from '../errors.js';
import { extractBudgetMs } from '../facts/limits.js';
import { LineIndex } from '../facts/location.js';
import { printedForm, redactText, TokenPieces } from '../findings/redact.js';
import { findSuppressions } from '../findings/suppress.js';
import type { CredentialFact, ExtractedTokenSite, FileResult } from '../model/extracted.js';
import type { FileFacts, RawCredential, Span } from '../model/raw-facts.js';
import { mayHoldTokenLiteral, mayMatter } from '../prefilter/keywords.js';
import { capFileFacts } from './fact-caps.js';
import { prefilterFile, type FileJob, type Prefiltered } from './prefilter-file.js';
import { SecretsByLine } from './secrets-by-line.js';

export type { FileJob } from './prefilter-file.js';

// One file, start to finish, inside a worker: read once, pre-filter, one adapter, then classify
// credentials so that raw token values never leave this module. What it returns is plain data.

export interface ProcessEnv {
  config: Config;
  maxBytes: number;
  ctx: AdapterContext;
}

const MAX_SNIPPET = 400;
/** DTS_TIMING=1 also names each file that took 100 ms of CPU time to extract (DTS_TIMING=N: N ms), with its times. */
const TIMING = !!process.env.DTS_TIMING;
const TIMING_FILE_MS = Number(process.env.DTS_TIMING) > 1 ? Number(process.env.DTS_TIMING) : 100;
/** DTS_TIMING: CPU time and yield of each adapter in this thread, printed by `adapterTimingLines`. */
const byAdapter = new Map<string, { files: number; ms: number; fruitless: number }>();

export const adapterTimingLines = (): string[] =>
  [...byAdapter]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([id, t]) => `adapter ${id}: ${t.files} files, ${Math.round(t.ms)} ms wall, ${t.fruitless} with no facts`);
/**
 * Texts above this size are let go after extraction (see the end of `extractFromSource`): a few
 * lines, whose copy costs more than it saves, stay.
 */
const DETACH_ABOVE = 2 * 1024;

export const emptyResult = (rel: string, scanned: boolean, error?: string): FileResult => ({
  rel,
  scanned,
  ...(error ? { error } : {}),
  callSites: [],
  tokenSites: [],
  definitions: [],
  runsScripts: [],
  scriptEnv: [],
  nameEvidence: [],
  suppressions: [],
  snippets: {},
  cuts: [],
});

async function processFile(job: FileJob, env: ProcessEnv): Promise<FileResult> {
  return fromPrefiltered(job.rel, prefilterFile(job, env.maxBytes), env);
}

/** Finishes a file the pre-filter has read (in this thread or a worker). */
export async function fromPrefiltered(rel: string, p: Prefiltered, env: ProcessEnv): Promise<FileResult> {
  if (p.kind === 'error') return emptyResult(rel, false, p.message);
  if (p.kind === 'absent') return emptyResult(rel, false);
  if (p.kind === 'skip') return emptyResult(rel, true);
  // Too big for a worker to hold: read here, one at a time.
  if (p.kind === 'defer') return processFile(p.job, env);
  try {
    if (!TIMING) return await extractFromSource(p.file, env, p);
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const out = await extractFromSource(p.file, env, p);
    const spent = process.cpuUsage(cpu);
    const cpuMs = (spent.user + spent.system) / 1000;
    const ms = performance.now() - wall;
    const tally = byAdapter.get(out.adapter ?? '(none)') ?? { files: 0, ms: 0, fruitless: 0 };
    byAdapter.set(out.adapter ?? '(none)', tally);
    tally.files++;
    tally.ms += ms;
    if (!out.callSites.length && !out.tokenSites.length && !out.definitions.length && !out.nameEvidence.length && !out.runsScripts.length)
      tally.fruitless++;
    if (cpuMs >= TIMING_FILE_MS)
      process.stderr.write(
        `dts-timing file ${Math.round(performance.now() - wall)} ms wall, ${Math.round(cpuMs)} ms cpu, ${out.adapter ?? '(none)'}: ${redactText(JSON.stringify(rel))}\n`,
      );
    return out;
  } catch (e) {
    // Whatever fails past the adapters (the core on a pathological file) costs this file only.
    rethrowIfStrict(e, `extracting ${rel}`);
    return emptyResult(rel, true, `internal error while extracting (${e instanceof Error ? e.name : 'error'}); file skipped`);
  }
}

export async function extractFromSource(
  file: SourceFile,
  env: ProcessEnv,
  tested?: { relevant: boolean; hasLiteral: boolean },
): Promise<FileResult> {
  const out = emptyResult(file.path, true);
  const text = file.text;
  // The pre-filter already ran both tests (in a worker, for big trees): not again on big texts.
  const relevant = tested?.relevant ?? mayMatter(text);
  const hasLiteral = tested?.hasLiteral ?? mayHoldTokenLiteral(text);
  if (!relevant && !hasLiteral) return out;

  let facts: FileFacts | undefined;
  const entry = relevant ? adapterFor(file.path, text) : undefined;
  if (entry) {
    out.adapter = entry.id;
    const budget = extractBudgetMs(text.length);
    try {
      const adapter = await entry.load();
      startExtraction(budget, { adapter: entry.id, path: file.path });
      facts = await adapter.extract(file, env.ctx);
    } catch (e) {
      // An adapter bug must not end the scan (unless DTS_STRICT=1); the message names the adapter, never the source.
      rethrowIfStrict(e, `the ${entry.id} adapter on ${file.path}`);
      out.error = internalErrorMessage(`the ${entry.id} adapter`, e, 'file skipped');
    } finally {
      const limits = endExtraction();
      out.cuts.push(...limits.cuts);
      if (limits.overran)
        out.cuts.push(
          `analysis stopped at the time limit of ${Math.round(budget).toLocaleString('en-US')} ms for a file of this size: facts further on may be missing`,
        );
    }
  }
  if (facts?.problems.length) out.error = facts.problems.slice(0, 3).join('; ');

  const index = new LineIndex(text);
  const seen = new SeenSites(text, index);
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
    const describe = describer(file.text, index, commentStyleOf(entry, file.path));
    const defaults = relevant ? readDefaultsByName(text, index, env.config, file.path) : undefined;
    const classify = (raw: RawCredential | undefined, dbtContext = true): CredentialFact => {
      const fact = classifyCredential(raw && describe(raw), env.config, dbtContext, file.path);
      // A read whose fallback is a token (`os.getenv("DBT_CLOUD_API_KEY", "<hex>")`) holds that kind of token.
      const dflt = raw?.name !== undefined && DEFAULTED_SOURCES.has(raw.source) ? defaults?.get(raw.name) : undefined;
      if (dflt) adoptEvidence(fact, dflt.fact, { file: file.path, line: dflt.line });
      return fact;
    };
    for (const e of facts.scriptEnv ?? []) {
      out.scriptEnv.push({
        script: e.script,
        name: e.name,
        credential: classify(e.credential),
        ...(e.credential.span ? { line: e.credential.span.line, column: e.credential.span.column } : {}),
      });
    }
    if (facts.scriptHosts?.length) out.scriptHosts = facts.scriptHosts.slice(0, 200);
    for (const c of facts.callSites) {
      const { credential, ...rest } = c;
      const fact = classify(credential);
      out.callSites.push({ ...rest, credential: fact });
      noteName(out, seen, credential, fact, c.span);
      if (credential) addTokenSite(out, seen, credential, credential.span ?? c.span, env.config);
    }
    for (const s of facts.credentialSites) {
      noteName(out, seen, s.credential, classify(s.credential), s.span);
      addTokenSite(out, seen, s.credential, s.span, env.config, s.encoded === true);
    }
    for (const d of facts.definitions) {
      const fact = classify(d.credential);
      out.definitions.push({ ...d, credential: fact, ...(d.credential.span ? { valueLine: d.credential.span.line } : {}) });
      // A Terraform variable's value also reaches code that reads its TF_VAR_ env var.
      noteName(out, seen, d.credential, fact, d.span, d.ref.kind === 'terraform-variable' ? `TF_VAR_${d.ref.id}` : undefined);
      addTokenSite(out, seen, d.credential, d.credential.span ?? d.span, env.config);
    }
    for (const v of facts.namedValues ?? [])
      noteName(out, seen, v.credential, classify(v.credential, !!v.credential.name && isDbtSpecificName(v.credential.name)), v.span);
  }
  if (hasLiteral) {
    for (const m of dbtTokensInText(text)) {
      secrets.add(m.value);
      const at = index.at(m.index);
      const span = { line: at.line, column: at.column };
      // In a file no adapter reads (a `variables.json` that `airflow variables import` loads), the
      // dbt-named key it is written under: what code reading that name elsewhere holds.
      const key = entry ? undefined : dbtKeyOfValueAt(index.lineText(at.line) ?? '', at.column - 1);
      const raw: RawCredential = { source: 'literal', value: m.value, ...(key ? { name: key } : {}) };
      addTokenSite(out, seen, raw, span, env.config);
      if (key) noteName(out, seen, raw, classifyCredential(raw, env.config, true, file.path), span);
    }
  }
  // A legacy key assigned to a dbt token name in what no adapter read as code (a script's export, a
  // JSON or YAML key, one indented under a `dbt_cloud:` block): committed, as in code.
  if (relevant) {
    for (const a of dbtKeyAssignments(text)) {
      const at = index.at(a.at);
      addTokenSite(out, seen, { source: 'literal', value: a.value, name: a.name }, { line: at.line, column: at.column }, env.config);
    }
  }
  // A legacy key left commented out is committed all the same, where a dbt token name holds it, as in code.
  const style = commentStyleOf(entry, file.path);
  if (style) {
    for (const a of commentedKeyAssignments(text, style)) {
      if (!isDbtTokenName(a.name)) continue;
      const at = index.at(a.at);
      addTokenSite(out, seen, { source: 'literal', value: a.value, name: a.name }, { line: at.line, column: at.column }, env.config);
    }
  }
  // Tokens written escaped, split into joined pieces or base64-encoded (src/credentials/token-forms.ts;
  // only texts with a hint of one are looked at): committed where they are written, like a plain
  // literal, and masked in every line shown, however many lines they span.
  // Without a hint of a literal (the pre-filter's test, which holds the written forms' own) there is
  // no dbt token to find, and without a site there is no line to show, hence nothing to mask.
  const written = hasLiteral || out.callSites.length > 0 || out.tokenSites.length > 0 ? findWrittenTokens(text, { hex: true }) : [];
  for (const t of written) {
    if (t.kind !== 'dbt' || !isDbtTokenShaped(t.value)) continue;
    const at = index.at(t.start);
    addTokenSite(out, seen, { source: 'literal', value: t.value }, { line: at.line, column: at.column }, env.config, true);
  }
  hidePieces(out, new TokenPieces(written.filter((t) => t.kind === 'dbt').map((t) => t.value)));
  if ((out.callSites.length > 0 || out.tokenSites.length > 0) && readsCiRunVariables(text)) out.readsCiRunVariables = true;
  out.suppressions = findSuppressions(text, (o) => index.at(o).line);
  capFileFacts(out);

  const lines = new Set<number>();
  for (const c of out.callSites) lines.add(c.span.line);
  for (const t of out.tokenSites) lines.add(t.span.line);
  // A step's environment may turn out to hand a dbt Cloud token on (src/scan/link-references.ts).
  for (const e of out.scriptEnv) if (e.line !== undefined && e.credential.source === 'secret') lines.add(e.line);
  const known = new SecretsByLine(secrets);
  const masks = masksByLine(written.map((t) => ({ span: index.span(t.start, t.end), shown: printedForm(t) })));
  for (const line of lines) {
    const raw = index.lineText(line);
    out.snippets[line] = snippetOf(raw, line, masks.get(line) ?? [], known.within(raw));
  }
  // Strings cut from a text (a line, a URL matched in it) keep the whole text alive in V8: the
  // facts are copied, so that the text can go once it is read. Kept until the report, the texts
  // of a scan's files with facts added up to 40 MB on a tree of 90,000 files.
  return text.length > DETACH_ABOVE ? structuredClone(out) : out;
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
function addTokenSite(out: FileResult, seen: SeenSites, raw: RawCredential, span: Span, config: Config, writtenHere = false): void {
  if (raw.source !== 'literal' || !raw.value) return;
  const credential = classifyCredential(raw, config, true);
  // A placeholder (`dbtu_XXXX…`) may name a type, but it is no token written here.
  if (credential.basis !== 'value' && !credential.committed) return;
  const committed = credential.committed === true && (writtenHere || seen.holds(raw.value.trim(), span.line));
  const key = `${span.line}\0${credential.identity}`;
  const dup = seen.tokenSites.get(key);
  if (dup) {
    if (!dup.credential.name && credential.name) dup.credential = credential;
    dup.committed ||= committed;
    return;
  }
  const site = { span: { line: span.line, column: span.column }, credential, committed };
  seen.tokenSites.set(key, site);
  out.tokenSites.push(site);
}

/**
 * What a file's facts have recorded so far, so that each new one is checked in constant time: a
 * generated file of tens of thousands of tokens must not cost their square.
 */
class SeenSites {
  /** Token sites by line and credential identity. */
  readonly tokenSites = new Map<string, ExtractedTokenSite>();
  /** Name evidence by name, line and type. */
  readonly names = new Set<string>();
  private readonly inText = new Map<string, boolean>();

  constructor(
    private readonly text: string,
    private readonly index: LineIndex,
  ) {}

  /** Whether the file holds `value`: on the given line (where it usually is), else anywhere. */
  holds(value: string, line: number): boolean {
    if (this.index.lineText(line).includes(value)) return true;
    let found = this.inText.get(value);
    if (found === undefined) this.inText.set(value, (found = this.text.includes(value)));
    return found;
  }
}

/** How comments are written in the file, as its adapter says. */
function commentStyleOf(entry: AdapterDescriptor | undefined, path: string): CommentStyle | undefined {
  const style = entry?.commentStyle;
  return typeof style === 'function' ? style(path) : style;
}

/**
 * Gives a credential the comment beside where it is written, when its adapter found no
 * description of its own (a Terraform variable's `description` wins over a comment); else a
 * comment elsewhere in the file that shows how to set it (set-up notes at the top of a script).
 */
function describer(text: string, index: LineIndex, style: CommentStyle | undefined): (raw: RawCredential) => RawCredential {
  if (!style) return (raw) => raw;
  const lineText = (line: number): string | undefined => index.lineText(line);
  const lineAt = (offset: number): number => index.at(offset).line;
  return (raw) => {
    // A helper's docstring in another file (`file`) says what its callers pass; what is written here, beside the value, says it first.
    if ((raw.description && raw.description.file === undefined) || !raw.span) return raw;
    const comments = commentsBeside(lineText, raw.span.line, style);
    const beside = comments.find((c) => typeFromDescription(c.text) !== undefined);
    // Pointed at the line of a block that says it, when one line does.
    const saying = beside?.lines?.find((l) => typeFromDescription(l.text) !== undefined);
    if (beside) return { ...raw, description: saying ? { text: beside.text, line: saying.line } : beside };
    if (raw.description) return raw;
    const setting = raw.name ? commentedSetting(text, raw.name, lineAt, lineText, style) : undefined;
    return setting && typeFromDescription(setting.text) !== undefined ? { ...raw, description: setting } : raw;
  };
}

/** Records what this file says a named credential holds: its value's format or a description. */
/** Sources a read with a fallback value names: the environment, a variable, a setting. */
const DEFAULTED_SOURCES = new Set<RawCredential['source']>(['env', 'variable', 'config']);

/**
 * The type each name's fallback token gives it (`os.getenv("DBT_CLOUD_API_KEY", "<hex>")`,
 * `process.env.DBT_TOKEN || "dbtu_…"`, `${DBT_TOKEN:-dbtc_…}`): what the author put there is the
 * kind of token the name holds, in this file. A bare hex value counts only under a dbt token name.
 */
function readDefaultsByName(
  text: string,
  index: LineIndex,
  config: ProcessEnv['config'],
  path: string,
): Map<string, { fact: CredentialFact; line: number }> | undefined {
  let out: Map<string, { fact: CredentialFact; line: number }> | undefined;
  for (const d of namedReadDefaults(text)) {
    const raw: RawCredential = { source: 'literal', name: d.name, value: d.value };
    const fact = classifyCredential(raw, config, isDbtTokenName(d.name) || isDbtSpecificName(d.name), path);
    if (fact.type === 'unknown' || out?.has(d.name)) continue;
    (out ??= new Map()).set(d.name, { fact, line: index.at(d.at).line });
  }
  return out;
}

function noteName(out: FileResult, seen: SeenSites, raw: RawCredential | undefined, fact: CredentialFact, at: Span, asName?: string): void {
  const name = asName ?? raw?.name;
  if (!raw || !name || fact.type === 'unknown' || raw.nameIsLocal) return;
  if (fact.basis !== 'value' && fact.basis !== 'described') return;
  const line = fact.evidenceAt?.line ?? raw.span?.line ?? at.line;
  const key = `${name}\0${line}\0${fact.type}`;
  if (seen.names.has(key)) return;
  seen.names.add(key);
  out.nameEvidence.push({ name, type: fact.type, basis: fact.basis, line });
}
