import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { ConfigError, isExpectedIoError, isParseError, rethrowUnless } from '../errors.js';
import {
  isRuleId, RECOMMENDED_TOKEN_TYPES, RULE_IDS, SARIF_PRECISIONS, SEVERITIES, WORKFLOWS, type RuleId, type Severity, type Workflow,
} from '../model/vocabulary.js';
import { loadYaml } from '../packages.js';
import {
  CONDITION_FIELDS, FACT_KINDS, MESSAGE_PLACEHOLDERS, type ConditionField, type FactKind, type FieldTest, type RuleDefinition,
  type RuleExample,
} from './rule-schema.js';
import { packagePath } from '../package-files.js';

/** The package's own rules folder. */
export const RULES_DIR = packagePath('rules');

const TOP_KEYS = ['id', 'severity', 'summary', 'fact', 'when', 'min-accounts', 'sarif', 'message', 'recommendation', 'docs'];
const TOKEN_TYPES: readonly string[] = [...RECOMMENDED_TOKEN_TYPES, 'workflow', 'none'];

let cached: Promise<RuleDefinition[]> | undefined;

/** Loads and validates every rule file once; a bad rule file is a ConfigError naming rule and field. */
export function loadRules(dir = RULES_DIR): Promise<RuleDefinition[]> {
  if (dir === RULES_DIR && cached) return cached;
  const p = readRules(dir);
  if (dir === RULES_DIR) cached = p;
  return p;
}

/** The parsed rule files, written by the build (scripts/build.mjs) into dist/. */
const PARSED_CACHE = packagePath('dist', 'rules-cache.json');

/** Identifies a set of rule file texts; the cache is used only when it was made from exactly these. */
export function rulesDigest(texts: readonly (readonly [string, string])[]): string {
  const h = createHash('sha256');
  for (const [name, text] of texts) h.update(name).update('\0').update(text).update('\0');
  return h.digest('hex');
}

async function readRules(dir: string): Promise<RuleDefinition[]> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const texts = files.map((f) => [f, readFileSync(`${dir}/${f}`, 'utf8')] as const);
  // YAML parsing costs more than the rest of a pre-commit scan of a few files: the build parses
  // the rule files once; a cache made from other texts is ignored and the YAML is parsed here.
  let parsed: Record<string, unknown> | undefined;
  try {
    const cache = JSON.parse(readFileSync(PARSED_CACHE, 'utf8')) as { digest?: string; rules?: Record<string, unknown> };
    if (cache.digest === rulesDigest(texts)) parsed = cache.rules;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError, isParseError);
    /* no cache: parse */
  }
  const rules: RuleDefinition[] = [];
  for (const [f, text] of texts) {
    let data: unknown = parsed?.[f];
    if (data === undefined) {
      const { parse } = await loadYaml();
      try {
        data = parse(text);
      } catch (e) {
        rethrowUnless(e, isParseError);
        throw new ConfigError(`rules/${f}: not valid YAML`);
      }
    }
    rules.push(validateRule(data, `rules/${f}`));
  }
  const ids = new Set(rules.map((r) => r.id));
  for (const id of RULE_IDS) if (!ids.has(id)) throw new ConfigError(`rules/: no rule file defines "${id}"`);
  if (ids.size !== rules.length) throw new ConfigError('rules/: two rule files define the same id');
  return RULE_IDS.map((id) => rules.find((r) => r.id === id)!);
}

function validateRule(data: unknown, file: string): RuleDefinition {
  const fail = (field: string, expected: string): never => {
    throw new ConfigError(`${file}: ${field}: ${expected}`);
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail('(top level)', 'expected a mapping');
  const o = data as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP_KEYS.includes(k)) fail(k, `unknown key; expected one of ${TOP_KEYS.join(', ')}`);
  const str = (v: unknown, field: string): string => (typeof v === 'string' && v.trim() ? v.trim() : fail(field, 'expected a non-empty string'));

  const id = str(o.id, 'id');
  if (!isRuleId(id)) fail('id', `"${id}" is not a contract rule id (${RULE_IDS.join(', ')})`);
  if (!file.endsWith(`/${id}.yml`) && !file.endsWith(`/${id}.yaml`)) fail('id', `must match the file name (${id}.yml)`);
  const severity = str(o.severity, 'severity') as Severity;
  if (!SEVERITIES.includes(severity)) fail('severity', `expected one of ${SEVERITIES.join(', ')}`);
  const fact = str(o.fact, 'fact') as FactKind;
  if (!(FACT_KINDS as readonly string[]).includes(fact)) fail('fact', `expected one of ${FACT_KINDS.join(', ')}`);

  const when = new Map<ConditionField, FieldTest>();
  if (!o.when || typeof o.when !== 'object' || Array.isArray(o.when)) fail('when', 'expected a mapping of conditions');
  for (const [field, value] of Object.entries(o.when as Record<string, unknown>)) {
    if (!(field in CONDITION_FIELDS)) fail(`when.${field}`, `unknown field; expected one of ${Object.keys(CONDITION_FIELDS).join(', ')}`);
    when.set(field as ConditionField, readTest(field as ConditionField, value, (e) => fail(`when.${field}`, e)));
  }
  let minAccounts: number | undefined;
  if (o['min-accounts'] !== undefined) {
    const n = o['min-accounts'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 2) fail('min-accounts', 'expected an integer of at least 2');
    minAccounts = n as number;
  } else if (fact === 'shared-credential') fail('min-accounts', 'required for fact shared-credential');

  // How code-scanning services rank the rule: GitHub's 0–10 security severity, CodeQL's precision.
  const sarif = o.sarif;
  if (!sarif || typeof sarif !== 'object' || Array.isArray(sarif)) fail('sarif', 'expected a mapping with security-severity, precision, tags');
  const sr = sarif as Record<string, unknown>;
  for (const k of Object.keys(sr)) if (!['security-severity', 'precision', 'tags'].includes(k)) fail(`sarif.${k}`, 'unknown key; expected security-severity, precision, tags');
  const securitySeverity = sr['security-severity'];
  if (typeof securitySeverity !== 'number' || securitySeverity < 0 || securitySeverity > 10) fail('sarif.security-severity', 'expected a number from 0 to 10');
  const precision = str(sr.precision, 'sarif.precision');
  if (!(SARIF_PRECISIONS as readonly string[]).includes(precision)) fail('sarif.precision', `expected one of ${SARIF_PRECISIONS.join(', ')}`);
  const tags = sr.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || !t.trim())) fail('sarif.tags', 'expected a list of strings');

  const message = str(o.message, 'message');
  for (const m of message.matchAll(/\{([^{}]+)\}/g)) {
    if (!(MESSAGE_PLACEHOLDERS as readonly string[]).includes(m[1]!)) fail('message', `unknown placeholder {${m[1]}}; known: ${MESSAGE_PLACEHOLDERS.join(', ')}`);
  }

  const rec = o.recommendation;
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) fail('recommendation', 'expected a mapping with token-type and text');
  const r = rec as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!['token-type', 'text', 'by-workflow', 'if-unnamed'].includes(k)) fail(`recommendation.${k}`, 'unknown key; expected token-type, text, by-workflow, if-unnamed');
  const tokenType = str(r['token-type'], 'recommendation.token-type');
  if (!TOKEN_TYPES.includes(tokenType)) fail('recommendation.token-type', `expected one of ${TOKEN_TYPES.join(', ')}`);
  const byWorkflow = new Map<Workflow, string>();
  if (r['by-workflow'] !== undefined) {
    if (!r['by-workflow'] || typeof r['by-workflow'] !== 'object') fail('recommendation.by-workflow', 'expected a mapping of workflow to text');
    for (const [w, t] of Object.entries(r['by-workflow'] as Record<string, unknown>)) {
      if (!(WORKFLOWS as readonly string[]).includes(w)) fail(`recommendation.by-workflow.${w}`, `unknown workflow; expected one of ${WORKFLOWS.join(', ')}`);
      byWorkflow.set(w as Workflow, str(t, `recommendation.by-workflow.${w}`));
    }
  }

  const docs = o.docs;
  if (!docs || typeof docs !== 'object' || Array.isArray(docs)) fail('docs', 'expected a mapping with why, fix, references');
  const d = docs as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!['why', 'fix', 'example', 'references'].includes(k)) fail(`docs.${k}`, 'unknown key; expected why, fix, example, references');
  const refs = d.references ?? [];
  if (!Array.isArray(refs) || refs.some((x) => typeof x !== 'string')) fail('docs.references', 'expected a list of strings');

  return {
    id: id as RuleId,
    severity,
    summary: str(o.summary, 'summary'),
    fact,
    when,
    minAccounts,
    sarif: { securitySeverity: securitySeverity as number, precision: precision as RuleDefinition['sarif']['precision'], tags: tags as string[] },
    message,
    recommendation: { tokenType: tokenType as RuleDefinition['recommendation']['tokenType'], text: str(r.text, 'recommendation.text'), byWorkflow, ...(r['if-unnamed'] !== undefined ? { ifUnnamed: str(r['if-unnamed'], 'recommendation.if-unnamed') } : {}) },
    docs: {
      why: str(d.why, 'docs.why'),
      fix: str(d.fix, 'docs.fix'),
      ...(d.example !== undefined ? { example: readExample(d.example, fail) } : {}),
      references: refs as string[],
    },
    file,
  };
}

/** `docs.example`: the file the example is, as it is (`bad`) and as the fix leaves it (`good`). */
function readExample(value: unknown, fail: (field: string, expected: string) => never): RuleExample {
  const expected = 'expected a mapping with file, bad, good and optionally also';
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('docs.example', expected);
  const e = value as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!['file', 'bad', 'good', 'also'].includes(k)) fail(`docs.example.${k}`, `unknown key; ${expected}`);
  const text = (v: unknown, field: string): string => (typeof v === 'string' && v.trim() ? v : fail(field, 'expected a non-empty string'));
  // Paths inside the repository: the example test writes them into a folder of its own.
  const repoPath = (p: string, field: string): string => (p && !p.startsWith('/') && !p.split('/').includes('..') ? p : fail(field, 'expected a relative path inside the repository'));
  const also: Record<string, string> = {};
  if (e.also !== undefined) {
    if (!e.also || typeof e.also !== 'object' || Array.isArray(e.also)) fail('docs.example.also', 'expected a mapping of path to file text');
    for (const [path, t] of Object.entries(e.also as Record<string, unknown>)) also[repoPath(path, `docs.example.also.${path}`)] = text(t, `docs.example.also.${path}`);
  }
  const file = repoPath(text(e.file, 'docs.example.file').trim(), 'docs.example.file');
  return { file, bad: text(e.bad, 'docs.example.bad'), good: text(e.good, 'docs.example.good'), also };
}

function readTest(field: ConditionField, value: unknown, fail: (expected: string) => never): FieldTest {
  const allowed = CONDITION_FIELDS[field];
  let negate = false;
  let v = value;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length !== 1 || keys[0] !== 'not') fail('expected a value, a list, or { not: ... }');
    negate = true;
    v = (v as { not: unknown }).not;
  }
  const list = Array.isArray(v) ? v : [v];
  if (!list.length) fail('expected at least one value');
  for (const x of list) {
    const ok = allowed === 'boolean' ? typeof x === 'boolean' : typeof x === 'string' && (allowed as readonly string[]).includes(x);
    if (!ok) fail(allowed === 'boolean' ? 'expected true or false' : `expected one of ${(allowed as readonly string[]).join(', ')}, got ${JSON.stringify(x)}`);
  }
  return { anyOf: list as (string | boolean)[], negate };
}
