import { fakesHttp } from '../adapters/shared/http-mocks.js';
import { tokenBesideDbtAddress } from '../classify/endpoint.js';
import { readNotebookCells } from '../adapters/python/notebook-cells.js';
import { syntaxFor } from '../adapters/shared/line-facts/syntaxes.js';
import { isTestPath } from '../classify/workflow.js';
import type { FileFacts, Span } from '../model/raw-facts.js';
import { mentionsDatabricks } from '../credentials/token-shapes.js';
import { dbtTokensInText } from '../credentials/token-forms.js';
import { dbtKeyAssignments } from '../credentials/key-assignments.js';
import { LineIndex } from '../facts/location.js';
import { unconsumedEnvLines } from './ci-env-consumers.js';
import { stepSettingLines } from './step-settings.js';
import { definedNames, wordsOf } from './defined-names.js';
import { BUILDER_BASE } from '../adapters/shared/line-facts/line-facts.js';
import { feedingLines, otherServiceRequests } from './feeding-lines.js';
import { findMentions, type Mention, type MentionKind } from './mentions.js';
import { lineReason, type AuditDoc, type LineSets, type NonSiteReason } from './non-site-reasons.js';
import { COMMENT, familyOf, scanRegions, statementEnd, type Family } from './source-regions.js';
import {
  assertionLines,
  savedBlockLines,
  callableExtents,
  docstringLines,
  importLines,
  otherServiceConnectionLines,
  printedHeredocLines,
  helpTextLines,
  settingDeclarationLines,
  terraformResourceLines,
  yamlStatementEnd,
} from './statement-sets.js';

export { NON_SITE_REASONS, type NonSiteReason } from './non-site-reasons.js';

// The keyword-line audit: every line a keyword search finds (see mentions.ts) ends either as a
// fact the scan extracted, or as a non-site for one of the named reasons (non-site-reasons.ts),
// or as `unaccounted`. A test runs it over every fixture and allows no `unaccounted` line, so nothing
// a grep finds is dropped silently. The audit is for tests and reviews: it reads no other files itself, and
// `auditRepository` adds what one file cannot know (imports, Terraform variables across files).

const FACT_KINDS = ['call-site', 'credential-site', 'definition', 'committed-literal'] as const;
type FactKind = (typeof FACT_KINDS)[number];

export type LineOutcome =
  /** `statement`: the line continues the statement a fact's line starts (arguments on the next lines, `\` continuations, a folded YAML scalar). */
  { status: 'fact'; fact: FactKind; statement?: true } | { status: 'non-site'; reason: NonSiteReason } | { status: 'unaccounted' };

export interface KeywordLine {
  /** 1-based line in the file. */
  line: number;
  /** What the line mentions (never the text itself: it may hold a token). */
  mentions: MentionKind[];
  outcome: LineOutcome;
}

export interface AuditInput {
  /** Repository-relative path with `/`. */
  path: string;
  text: string;
  /** What the file's adapter extracted; undefined when no adapter reads the file. */
  facts?: FileFacts;
}

/** What other files of the repository say about this one (see `auditRepository`). */
export interface RepositoryHints {
  /** Names this file defines that another file imports and uses on a fact's lines. */
  usedByFacts?: ReadonlySet<string>;
  /** Functions and classes anywhere in the repository whose body holds a call site. */
  factCallables?: ReadonlySet<string>;
  /** Whether a name appears in another file of the repository. */
  usedElsewhere?: (name: string) => boolean;
  /** A settings file that a file with call sites names in a string (`open("settings.yaml")`). */
  loadedByFacts?: boolean;
  /** Dagster resources that files with call sites read (`context.resources.dbt_cloud`), by key. */
  resourceKeys?: ReadonlySet<string>;
  /**
   * Variable names written on another YAML file's fact lines: a CI file's job variables that a
   * template it includes from there reads (`extends:` across `include: local:`).
   */
  readByYamlFactsElsewhere?: ReadonlySet<string>;
}

/** What one document's analysis yields besides its lines, for the repository pass. */
interface DocAnalysis {
  lines: KeywordLine[];
  /** Import lines feeding facts: the module named and the names used. */
  importsUsed: { specifier: string; names: string[] }[];
  /** `var.NAME` used on fact or feeding lines (Terraform). */
  terraformVars: string[];
  factCallables: string[];
}

/** The settings files a script may load by name. */
const SETTINGS_FILE = /\.(?:ya?ml|json|toml|ini|cfg|conf)$/i;

/** Every keyword line of one file, with what accounts for it. */
export function auditKeywordLines(input: AuditInput, hints: RepositoryHints = {}): KeywordLine[] {
  return analyzeFile(input, hints).lines;
}

/**
 * Every keyword line of every file of one repository. Runs each file alone, then again with what
 * the others say (names imported from it and used by facts, Terraform variables, functions holding
 * call sites), until nothing changes.
 */
/** node-config taken by a module: `require("config")`, `import config from "config"`. */
const NODE_CONFIG_IMPORT = /\brequire\(\s*["']config["']\s*\)|\bfrom\s+["']config["']/;

export function auditRepository(inputs: readonly AuditInput[]): Map<string, KeywordLine[]> {
  const stemOf = (p: string): string => {
    const b = p.slice(p.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    if (b === 'index' || b === '__init__') {
      const dir = p.slice(0, Math.max(0, p.lastIndexOf('/')));
      return dir.slice(dir.lastIndexOf('/') + 1);
    }
    return b;
  };
  const dirOf = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/')));
  const usedElsewhere =
    (self: string) =>
    (name: string): boolean =>
      inputs.some((o) => o.path !== self && new RegExp(`(?<![\\w$])${name.replace(/[$.]/g, '\\$&')}(?![\\w$])`).test(o.text));
  // A settings file named in a string of a file that has call sites: `open("settings.yaml")`.
  const withCalls = inputs.filter((i) => (i.facts?.callSites.length ?? 0) > 0);
  const loadedByFacts = (self: string): boolean => {
    const base = self.slice(self.lastIndexOf('/') + 1);
    // Bruno's collection and folder settings, which the requests below them inherit (src/adapters/bruno).
    if (/^(?:collection|folder)\.bru$/.test(base)) {
      const under = dirOf(self) ? `${dirOf(self)}/` : '';
      return withCalls.some((o) => o.path.endsWith('.bru') && o.path.startsWith(under));
    }
    if (!SETTINGS_FILE.test(base)) return false;
    // node-config's folder (`config/custom-environment-variables.json`), read by `require("config")` in a file with calls.
    if (/(?:^|\/)config\/[^/]+\.json$/.test(self) && withCalls.some((o) => NODE_CONFIG_IMPORT.test(o.text))) return true;
    const named = new RegExp(`["'/]${base.replace(/[.$]/g, '\\$&')}["']`);
    return withCalls.some((o) => o.path !== self && named.test(o.text));
  };
  const settingsHints = new Map(inputs.map((i) => [i.path, loadedByFacts(i.path)]));
  const yamlFactWords = new Map(
    inputs
      .filter((i) => /\.ya?ml$/i.test(i.path))
      .map((i) => {
        const lines = i.text.split('\n');
        const words = new Set<string>();
        for (const ln of factLineKinds(i.text, i.facts).keys()) for (const w of wordsOf(lines[ln - 1] ?? '')) words.add(w);
        return [i.path, words] as const;
      }),
  );
  const yamlFactsElsewhere = (self: string): Set<string> =>
    new Set([...yamlFactWords].filter(([p]) => p !== self).flatMap(([, words]) => [...words]));
  const resourceKeys = new Set(
    inputs
      .filter((i) => (i.facts?.callSites.length ?? 0) > 0)
      .flatMap((i) => [...i.text.matchAll(/\.resources\.([A-Za-z_]\w*)/g)].map((m) => m[1]!)),
  );
  let hints = new Map<string, RepositoryHints>(
    inputs.map((i) => [i.path, { usedElsewhere: usedElsewhere(i.path), loadedByFacts: settingsHints.get(i.path), resourceKeys }]),
  );
  let results = new Map<string, DocAnalysis>();
  let signature = '';
  for (let round = 0; round < 5; round++) {
    results = new Map(inputs.map((i) => [i.path, analyzeFile(i, hints.get(i.path))]));
    const byStem = new Map<string, Set<string>>();
    const tfVars = new Map<string, Set<string>>();
    const callables = new Set<string>();
    for (const [path, r] of results) {
      for (const imp of r.importsUsed) {
        const stem = imp.specifier.replace(/\\/g, '/').replace(/\/$/, '').split(/[/.]/).pop() ?? '';
        const set = byStem.get(stem) ?? new Set<string>();
        for (const n of imp.names) set.add(n);
        byStem.set(stem, set);
      }
      if (r.terraformVars.length > 0) {
        const set = tfVars.get(dirOf(path)) ?? new Set<string>();
        for (const v of r.terraformVars) set.add(v);
        tfVars.set(dirOf(path), set);
      }
      for (const c of r.factCallables) callables.add(c);
    }
    hints = new Map(
      inputs.map((i) => {
        const used = new Set<string>([...(byStem.get(stemOf(i.path)) ?? [])]);
        if (/\.(tf|tfvars|tf\.json|tfvars\.json)$/i.test(i.path)) for (const v of tfVars.get(dirOf(i.path)) ?? []) used.add(v);
        return [
          i.path,
          {
            usedByFacts: used,
            factCallables: callables,
            usedElsewhere: usedElsewhere(i.path),
            loadedByFacts: settingsHints.get(i.path),
            resourceKeys,
            readByYamlFactsElsewhere: yamlFactsElsewhere(i.path),
          },
        ];
      }),
    );
    const next = JSON.stringify([...results].map(([p, r]) => [p, r.lines.map((l) => l.outcome)]));
    if (next === signature) break;
    signature = next;
  }
  return new Map([...results].map(([p, r]) => [p, r.lines]));
}

function analyzeFile(input: AuditInput, hints: RepositoryHints = {}): DocAnalysis {
  const base = input.path.slice(input.path.lastIndexOf('/') + 1).toLowerCase();
  const factKinds = factLineKinds(input.text, input.facts);
  const out: DocAnalysis = { lines: [], importsUsed: [], terraformVars: [], factCallables: [] };
  const seen = new Set<number>();
  for (const doc of documentsOf(input.path, input.text, base)) {
    const r = analyzeDocument(doc, input, factKinds, hints);
    for (const k of r.lines) seen.add(k.line);
    out.lines.push(...r.lines);
    out.importsUsed.push(...r.importsUsed);
    out.terraformVars.push(...r.terraformVars);
    out.factCallables.push(...r.factCallables);
  }
  // Notebook lines outside every cell's source: outputs and metadata.
  if (base.endsWith('.ipynb')) {
    input.text.split('\n').forEach((line, i) => {
      if (seen.has(i + 1)) return;
      const mentions = findMentions(line);
      if (mentions.length === 0) return;
      const fact = factKinds.get(i + 1);
      out.lines.push({
        line: i + 1,
        mentions: kindsOf(mentions),
        outcome: fact ? { status: 'fact', fact } : { status: 'non-site', reason: 'notebook-output' },
      });
    });
  }
  out.lines.sort((a, b) => a.line - b.line);
  return out;
}

/** The lines the scan reports something on, by fact kind (the first kind found wins). */
function factLineKinds(text: string, facts: FileFacts | undefined): Map<number, FactKind> {
  const out = new Map<number, FactKind>();
  const mark = (span: Span | undefined, kind: FactKind): void => {
    if (!span) return;
    for (let l = span.line; l <= (span.endLine ?? span.line); l++) if (!out.has(l)) out.set(l, kind);
  };
  for (const c of facts?.callSites ?? []) {
    mark(c.span, 'call-site');
    mark(c.credential?.span, 'call-site');
  }
  for (const s of facts?.credentialSites ?? []) {
    mark(s.span, 'credential-site');
    mark(s.credential.span, 'credential-site');
  }
  for (const d of facts?.definitions ?? []) {
    mark(d.span, 'definition');
    mark(d.credential.span, 'definition');
  }
  // A token handed to a script run from here (a pod's Secret): where it enters that script's run.
  for (const e of facts?.scriptEnv ?? []) mark(e.credential.span, 'definition');
  // The core's literal search reports every complete token in every scanned file (process-file.ts).
  let line = 1;
  let from = 0;
  for (const m of dbtTokensInText(text)) {
    for (let i = text.indexOf('\n', from); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    from = m.index;
    if (!out.has(line)) out.set(line, 'committed-literal');
  }
  // And every legacy key a dbt token name is assigned, in what no adapter parsed (process-file.ts).
  const index = new LineIndex(text);
  for (const a of dbtKeyAssignments(text)) {
    const l = index.at(a.at).line;
    if (!out.has(l)) out.set(l, 'committed-literal');
  }
  return out;
}

/** A file the line-level adapter reads as code (Go, Java, Kotlin, Ruby, …), not YAML or a recipe. */
const lineLevel = (path: string): boolean => {
  const found = syntaxFor(path);
  return found !== undefined && found.family !== 'yaml' && found.family !== 'recipe';
};

/** A file as the documents its languages are read in: one, or a notebook's code and Markdown cells. */
function documentsOf(path: string, text: string, base: string): AuditDoc[] {
  const make = (lines: string[], fileLines: number[], family: Family, kind: AuditDoc['kind']): AuditDoc => ({
    lines,
    fileLines,
    family,
    kind,
    base,
    regions: scanRegions(lines.join('\n'), family),
  });
  if (!base.endsWith('.ipynb')) {
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    return [
      make(
        lines,
        lines.map((_, i) => i + 1),
        familyOf(path, text),
        'code',
      ),
    ];
  }
  const cells = readNotebookCells(text).cells;
  const code = cells.filter((c) => (c.cellType ?? 'code') === 'code').flatMap((c) => c.lines);
  const markdown = cells.filter((c) => c.cellType !== undefined && c.cellType !== 'code').flatMap((c) => c.lines);
  const strip = (t: string): string => t.replace(/\r?\n$/, '');
  return [
    make(
      code.map((l) => strip(l.text)),
      code.map((l) => l.line),
      'python',
      'code',
    ),
    make(
      markdown.map((l) => strip(l.text)),
      markdown.map((l) => l.line),
      'markup',
      'markdown-cells',
    ),
  ];
}

function analyzeDocument(doc: AuditDoc, input: AuditInput, factKinds: Map<number, FactKind>, hints: RepositoryHints): DocAnalysis {
  const result: DocAnalysis = { lines: [], importsUsed: [], terraformVars: [], factCallables: [] };
  const end = (ln: number): number => (doc.family === 'yaml' ? yamlStatementEnd(doc, ln) : statementEnd(doc.regions, ln));
  // Facts by document line, each extended over the statement it starts.
  const factAt = new Map<number, FactKind>();
  const direct = new Set<number>();
  doc.fileLines.forEach((fileLine, i) => {
    const kind = factKinds.get(fileLine);
    if (!kind) return;
    direct.add(i + 1);
    for (let l = i + 1; l <= end(i + 1); l++) if (!factAt.has(l)) factAt.set(l, kind);
  });
  const mentionsAt = doc.lines.map((l) => findMentions(l));

  // Seeds from other files: lines defining names they import and use in facts.
  const seeds = new Set(factAt.keys());
  const external = new Set<number>();
  const extents = callableExtents(doc);
  if (hints.usedByFacts?.size) {
    doc.lines.forEach((line, i) => {
      if (definedNames(line).some((n) => hints.usedByFacts!.has(n))) external.add(i + 1);
    });
    // A function another file imports and uses for a fact: what its body builds (a base URL, the
    // headers it returns) is what that fact sends.
    // Functions only: a class's fields are matched one by one (definedNames above).
    for (const ext of extents) {
      if (!hints.usedByFacts.has(ext.name) || /^\s*(?:export\s+)?class\b/.test(doc.lines[ext.start - 1] ?? '')) continue;
      for (let l = ext.start; l <= ext.end; l++) external.add(l);
    }
  }
  // `"dbt_cloud": DbtCloudSettings(api_token=EnvVar(…))` in a module's Dagster definitions: the
  // resource an op of another file reads as `context.resources.dbt_cloud` for its call.
  if (hints.resourceKeys?.size) {
    doc.lines.forEach((line, i) => {
      const key = /^\s*["']([A-Za-z_]\w*)["']\s*:/.exec(line)?.[1];
      if (key !== undefined && hints.resourceKeys!.has(key)) for (let l = i + 1; l <= end(i + 1); l++) external.add(l);
    });
  }
  if (doc.family === 'yaml' && hints.readByYamlFactsElsewhere?.size)
    doc.lines.forEach((line, i) => {
      if (definedNames(line).some((n) => hints.readByYamlFactsElsewhere!.has(n))) external.add(i + 1);
    });
  // `SL_HOST=…` beside a `SL_TOKEN` fact: the address the token is for (endpoint.ts `tokenBesideDbtAddress`).
  const factTokens = [...factAt.keys()].flatMap((l) => definedNames(doc.lines[l - 1] ?? ''));
  if (factTokens.length > 0)
    doc.lines.forEach((line, i) => {
      if (definedNames(line).some((n) => factTokens.some((t) => t !== n && tokenBesideDbtAddress(t, [n])))) external.add(i + 1);
    });
  for (const ext of extents) {
    for (let l = ext.start; l <= ext.end; l++) {
      if (factAt.has(l)) {
        result.factCallables.push(ext.name);
        break;
      }
    }
  }
  // A Python class whose methods make a call: its class attributes (`BASE_URL = "https://…"`) are
  // what the requests read through `self`, here or in a base class's method.
  if (doc.family === 'python') {
    for (const ext of extents) {
      if (!/^\s*class\b/.test(doc.lines[ext.start - 1] ?? '')) continue;
      let holds = false;
      for (let l = ext.start; l <= ext.end && !holds; l++) holds = factAt.has(l);
      if (!holds) continue;
      const indent = /^\s*/.exec(doc.lines[ext.start] ?? '')![0];
      for (let l = ext.start + 1; l <= ext.end; l++) {
        const line = doc.lines[l - 1] ?? '';
        if (
          line.startsWith(indent) &&
          !/^\s/.test(line.slice(indent.length)) &&
          /^[A-Za-z_]\w*\s*(?::[^=]+)?=[^=]/.test(line.slice(indent.length))
        )
          external.add(l);
      }
    }
  }
  // Click's context object (`ctx.obj["url"] = …`) in a file whose `@click.pass_obj` commands make calls: what they read as `obj["url"]`.
  if (doc.family === 'python' && factAt.size > 0 && doc.lines.some((l) => /^\s*@\s*(?:click\.)?pass_obj\s*$/.test(l)))
    doc.lines.forEach((line, i) => {
      if (/^\s*\w+\.obj\s*(?:\[[^\]]+\])?\s*=[^=]/.test(line)) external.add(i + 1);
    });
  // A client builder's base (`.baseUrl("https://…/api/v2/accounts/70403")`, `base_uri "…"`) in a
  // file with calls: the base those calls' relative paths are resolved against (line-facts.ts).
  if (factAt.size > 0)
    doc.lines.forEach((line, i) => {
      const url = line.search(/["']https?:\/\//);
      if (url > 0 && BUILDER_BASE.test(line.slice(Math.max(0, url - 80), url))) external.add(i + 1);
    });
  const fed = feedingLines(doc, seeds, external, end);
  // A call of this file's own helper that holds a fact (`self._request(f"{self.account_url}/jobs/…")`)
  // passes values into that fact (`passed-to-fact`): what it uses feeds the fact too.
  if (result.factCallables.length > 0) {
    const callsHelper = new RegExp(`\\b(?:${result.factCallables.map(escapeRegExp).join('|')})\\s*\\(`);
    const helperCalls = new Set<number>();
    doc.lines.forEach((line, i) => {
      if (!factAt.has(i + 1) && callsHelper.test(line)) helperCalls.add(i + 1);
    });
    if (helperCalls.size > 0)
      for (const [ln, how] of feedingLines(doc, seeds, new Set([...external, ...helperCalls]), end))
        if (!fed.has(ln) && !helperCalls.has(ln)) fed.set(ln, how);
  }
  const imports = importLines(doc);
  const members = foreignMembers(doc, fed);
  for (const [ln, how] of fed) {
    if (how !== 'definition' || !imports.has(ln)) continue;
    const text = doc.lines[ln - 1]!;
    const spec = /\bfrom\s+['"]([^'"]+)['"]|^\s*from\s+([\w.]+)\s+import|require\s*\(\s*['"]([^'"]+)['"]/.exec(text);
    const specifier = spec?.[1] ?? spec?.[2] ?? spec?.[3];
    // The module defines each name under its own name, whatever this file calls it (`client as cloud`, `{ client as cloud }`).
    const originals = [...text.matchAll(/\b([A-Za-z_$][\w$]*)\s+as\s+[A-Za-z_$]/g)].map((m) => m[1]!);
    if (specifier) result.importsUsed.push({ specifier, names: [...definedNames(text), ...originals, ...members] });
  }
  // `from .base import *`: the names this file's fed lines use, and those other files take from it
  // for their facts, that it does not define itself come from the module it star-imports.
  if (doc.family === 'python') {
    // A Databricks notebook's `# MAGIC %run ../common/settings` takes the other notebook's names as a star import does.
    const stars = doc.lines.flatMap(
      (t) => /^\s*from\s+([\w.]+)\s+import\s+\*|^# MAGIC %run\s+(\.{1,2}\/[\w./]+)/.exec(t)?.slice(1).filter(Boolean) ?? [],
    );
    if (stars.length > 0) {
      const defined = new Set(doc.lines.flatMap((l) => definedNames(l)));
      const used = new Set<string>(hints.usedByFacts ?? []);
      for (const ln of fed.keys()) for (const w of wordsOf(doc.lines[ln - 1] ?? '')) used.add(w);
      const names = [...used].filter((n) => !defined.has(n));
      if (names.length > 0) for (const specifier of stars) result.importsUsed.push({ specifier, names });
    }
  }
  // Flask's `current_app.config["DBT_TOKEN"]` in lines with facts: the keys its config classes (`config.py`, `settings.py`) set.
  if (doc.family === 'python' && factAt.size > 0 && /\bflask\b/.test(input.text)) {
    const keys = new Set<string>();
    for (const ln of new Set([...fed.keys(), ...factAt.keys()]))
      for (const m of (doc.lines[ln - 1] ?? '').matchAll(/(?:\[|\.get\()\s*["']([A-Z][A-Z0-9_]{0,80})["']/g)) keys.add(m[1]!);
    if (keys.size > 0) for (const specifier of ['config', 'settings']) result.importsUsed.push({ specifier, names: [...keys] });
  }
  // A Helm chart template's `{{ .Values.dbtCloud.existingSecret.name }}` in lines with facts: those keys of the chart's values.yaml.
  if (doc.family === 'yaml' && factAt.size > 0 && /(^|\/)templates\//.test(input.path)) {
    const keys = new Set<string>();
    for (const ln of new Set([...fed.keys(), ...factAt.keys()]))
      for (const m of (doc.lines[ln - 1] ?? '').matchAll(/\.Values((?:\.[A-Za-z_][\w-]*)+)/g))
        for (const k of m[1]!.slice(1).split('.')) keys.add(k);
    if (keys.size > 0) result.importsUsed.push({ specifier: 'values', names: [...keys] });
  }
  // `source "$(dirname "$0")/lib/cloud.sh"`: what this script's fed lines use and does not define comes from the helper it sources.
  if (doc.family === 'shell') {
    const sourced = doc.lines.flatMap((t) => /^\s*(?:source|\.)\s+\S.*?([\w.-]+)\.(?:sh|bash)["']?\s*$/.exec(t)?.[1] ?? []);
    if (sourced.length > 0) {
      const defined = new Set(doc.lines.flatMap((l) => definedNames(l)));
      const used = new Set<string>();
      for (const ln of [...fed.keys(), ...factAt.keys()]) for (const w of wordsOf(doc.lines[ln - 1] ?? '')) used.add(w);
      const names = [...used].filter((n) => !defined.has(n));
      if (names.length > 0) for (const specifier of sourced) result.importsUsed.push({ specifier, names });
    }
  }
  if (doc.family === 'hcl' || /\.tf\.json$/.test(doc.base)) {
    for (const ln of fed.keys()) for (const m of (doc.lines[ln - 1] ?? '').matchAll(/\bvar\.([\w-]+)/g)) result.terraformVars.push(m[1]!);
  }
  if (!mentionsAt.some((m) => m.length > 0)) return result;

  const sets: LineSets = {
    assertions: assertionLines(doc, isTestPath(input.path), isTestPath(input.path) && lineLevel(input.path)),
    savedBlocks: savedBlockLines(doc),
    fakedHttpTest: doc.family === 'python' && isTestPath(input.path) && fakesHttp(input.text),
    imports,
    resources: terraformResourceLines(doc),
    settings: settingDeclarationLines(doc),
    heredocs:
      doc.family === 'shell' || doc.family === 'yaml' || doc.family === 'groovy'
        ? printedHeredocLines(doc)
        : doc.family === 'c-like'
          ? helpTextLines(doc)
          : new Set<number>(),
    docstrings: doc.family === 'python' ? docstringLines(doc) : new Set<number>(),
    fed,
    otherRequests: feedingLines(
      doc,
      new Set([...otherServiceRequests(doc, end), ...(doc.family === 'yaml' ? otherServiceConnectionLines(doc) : [])]),
      new Set(),
      end,
    ),
    // A template's `parameters.token` / a reusable workflow's `secrets.token` is handed by the caller's `token:` line.
    scriptEnvNames: new Set((input.facts?.scriptEnv ?? []).flatMap((e) => [e.name, e.name.slice(e.name.lastIndexOf('.') + 1)])),
    unconsumedEnv: unconsumedEnvLines(doc, input.path),
    stepSettings: stepSettingLines(doc, input.path),
    databricks: mentionsDatabricks(input.text),
    factCallables: new Set(result.factCallables),
    addressList: doc.family === 'yaml' && factAt.size === 0 && mentionsAt.flat().every((m) => m.kind === 'host' || m.kind === 'api-path'),
    loadedSettings: hints.loadedByFacts === true,
  };
  for (const ln of imports) {
    for (const name of definedNames(doc.lines[ln - 1]!)) if (hints.factCallables?.has(name)) sets.factCallables.add(name);
  }
  for (let ln = 1; ln <= doc.lines.length; ln++) {
    const mentions = mentionsAt[ln - 1]!;
    if (mentions.length === 0) continue;
    const fact = factAt.get(ln);
    let outcome: LineOutcome;
    if (fact) outcome = direct.has(ln) ? { status: 'fact', fact } : { status: 'fact', fact, statement: true };
    else {
      const reason = lineReason({ doc, ln, text: doc.lines[ln - 1]!, mentions, sets, usedElsewhere: hints.usedElsewhere });
      outcome = reason ? { status: 'non-site', reason } : { status: 'unaccounted' };
    }
    result.lines.push({ line: doc.fileLines[ln - 1]!, mentions: kindsOf(mentions), outcome });
  }
  return result;
}

const kindsOf = (mentions: Mention[]): MentionKind[] => [...new Set(mentions.map((m) => m.kind))];

/**
 * Attributes the fed lines read (`cfg.token`, `{settings.base_url}` in an f-string) that this
 * document defines nowhere: they come with an imported object (a settings class, a config
 * module), so the modules whose imports feed a fact are asked for them too. Comments aside.
 */
function foreignMembers(doc: AuditDoc, fed: ReadonlyMap<number, 'fact' | 'definition'>): string[] {
  const own = new Set(doc.lines.flatMap((l) => definedNames(l)));
  const out = new Set<string>();
  for (const ln of fed.keys()) {
    const start = doc.regions.lineStarts[ln - 1] ?? 0;
    const text = [...(doc.lines[ln - 1] ?? '')].map((ch, k) => (doc.regions.classes[start + k] === COMMENT ? ' ' : ch)).join('');
    for (const m of text.matchAll(/[\w)\]]\.([A-Za-z_$][\w$]*)/g)) if (!own.has(m[1]!)) out.add(m[1]!);
  }
  return [...out];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
