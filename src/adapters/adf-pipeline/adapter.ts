import type { LanguageAdapter } from '../adapter.js';
import { accountIdsInPath, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { LineIndex } from '../../facts/location.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import { tokenShapedLiteral } from '../../credentials/placeholders.js';
import { lastIdentifier, templated } from '../shared/line-facts/placeholders.js';
import { mergeUncovered } from '../shared/line-facts/merge-uncovered.js';
import { scanLinesForFacts } from '../shared/line-facts/line-facts.js';
import { JSON_SYNTAX } from '../shared/line-facts/syntaxes.js';
import { member, objectsIn, parseJsonTree, stringValue, type JsonValue } from '../shared/json-offsets/json-tree.js';
import { leadingAuthScheme } from '../../credentials/auth-schemes.js';

// Azure Data Factory and Synapse pipelines (JSON): each `WebActivity` whose `typeProperties.url`
// is a dbt Cloud API URL is an HTTP call made by a scheduled pipeline, so the file's role is
// `orchestrator`. The `Authorization` header gives the credential: an ADF expression reading the
// output of another activity (a Key Vault lookup: a secret, named by the vault secret when the
// lookup's URL shows it), a pipeline parameter (a variable), or a literal.

const MAX_NODES = 200_000;
const CLIENT = 'azure-data-factory';

interface StringAt {
  text: string;
  /** Offset of the string's first character (after the quote). */
  start: number;
}

/** A property that is a string or an `{ "value": "...", "type": "Expression" }` object. */
function expressionText(node: JsonValue | undefined): StringAt | undefined {
  const direct = node?.type === 'string' ? node : member(node, 'value');
  return direct?.type === 'string' ? { text: direct.value, start: direct.start + 1 } : undefined;
}

/** Top-level arguments of an expression call: `concat('a', b, 'c')`. */
function splitArguments(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const c of inner) {
    if (c === "'") quoted = !quoted;
    if (!quoted && c === '(') depth++;
    if (!quoted && c === ')') depth--;
    if (!quoted && depth === 0 && c === ',') {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/**
 * An ADF string as text with `{name}` placeholders: `@{pipeline().parameters.job_id}` and
 * whole-value expressions (`@concat('https://…/accounts/', pipeline().parameters.account_id)`).
 */
export function adfText(value: string): string {
  if (value.startsWith('@@')) return value.slice(1);
  if (value.startsWith('@') && !value.startsWith('@{')) {
    const concat = /^@\s*concat\s*\(([\s\S]*)\)\s*$/i.exec(value);
    if (!concat) return `{${lastIdentifier(value.slice(1))}}`;
    return splitArguments(concat[1]!)
      .map((a) => (/^'.*'$/s.test(a) ? a.slice(1, -1).replace(/''/g, "'") : `{${lastIdentifier(a)}}`))
      .join('');
  }
  return templated(value, 'yaml').text;
}

function activities(root: JsonValue | undefined): JsonValue[] {
  return objectsIn(root, MAX_NODES).filter((n) => typeof stringValue(member(n, 'name')) === 'string' && member(n, 'typeProperties'));
}

/**
 * The secret a Key Vault lookup activity reads (`https://<vault>.vault.azure.net/secrets/<name>`),
 * and where its URL is written: the credential is named there, so that is its span.
 */
function vaultSecret(activity: JsonValue | undefined): { name: string; start: number } | undefined {
  const url = expressionText(member(member(activity, 'typeProperties'), 'url'));
  const name = url ? /\.vault\.azure\.net\/secrets\/([A-Za-z0-9-]{1,127})/i.exec(url.text)?.[1] : undefined;
  return url && name ? { name, start: url.start } : undefined;
}

function authorizationOf(headers: JsonValue | undefined): StringAt | undefined {
  if (headers?.type === 'object') {
    const m = headers.members.find((x) => /^authorization$/i.test(x.key));
    return m ? expressionText(m.value) : undefined;
  }
  // Newer pipelines write headers as a list of { name, value }.
  if (headers?.type === 'array') {
    const item = headers.items.find((i) => /^authorization$/i.test(stringValue(member(i, 'name')) ?? ''));
    return item ? expressionText(member(item, 'value')) : undefined;
  }
  return undefined;
}

/** `@concat('Token ', pipeline().parameters.dbt_service_token)`: the scheme, then the expression of the token. */
const CONCAT_SCHEME = /^@\s*concat\s*\(\s*'([^']{1,40})'\s*,\s*([\s\S]{1,2000})\)\s*$/i;

function credentialOf(auth: StringAt, span: Span, byName: ReadonlyMap<string, JsonValue>, index: LineIndex): RawCredential | undefined {
  const concat = CONCAT_SCHEME.exec(auth.text);
  const text = concat ? `${concat[1]!.trim()} ${concat[2]!.trim()}` : auth.text;
  const scheme = leadingAuthScheme(text, 'dbt');
  if (scheme === undefined) return undefined;
  const rest = text.slice(scheme.length).trim();
  // `@{activity('Get token').output.value}`: the output of another activity, a Key Vault lookup.
  const activity = /activity\(\s*'([^']{1,200})'\s*\)\s*\.output/i.exec(rest);
  if (activity) {
    const vault = vaultSecret(byName.get(activity[1]!));
    return vault ? { source: 'secret', name: vault.name, span: index.at(vault.start) } : { source: 'secret', name: activity[1]!, span };
  }
  const param = /(?:parameters|globalParameters|variables)\s*(?:\.\s*|\(\s*')([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
  if (param) return { source: 'variable', name: param[1]!, span };
  if (rest.includes('@')) return { source: 'unknown', span };
  return tokenShapedLiteral(rest) ? { source: 'literal', value: rest, span } : undefined;
}

export const adapter: LanguageAdapter = {
  id: 'adf-pipeline',
  async extract(file) {
    const facts: FileFacts = emptyFacts();
    const index = new LineIndex(file.text);
    const parsed = parseJsonTree(file.text);
    if (parsed.errorOffset !== undefined) facts.problems.push(`JSON parse error at line ${index.at(parsed.errorOffset).line}`);
    const all = activities(parsed.root);
    const byName = new Map<string, JsonValue>();
    for (const a of all) byName.set(stringValue(member(a, 'name'))!, a);
    for (const a of all) {
      if (stringValue(member(a, 'type')) !== 'WebActivity') continue;
      const props = member(a, 'typeProperties');
      const url = expressionText(member(props, 'url'));
      if (!url) continue;
      const endpoint = recognizeDbtCloudUrl(adfText(url.text));
      if (!endpoint) continue;
      const method = stringValue(member(props, 'method'));
      if (method) endpoint.method = method.toUpperCase();
      const site: RawCallSite = { kind: 'http', span: index.at(url.start), endpoint, client: CLIENT };
      const ids = accountIdsInPath(endpoint.path);
      if (ids.length > 0) site.accountIds = ids;
      const auth = authorizationOf(member(props, 'headers'));
      const credential = auth ? credentialOf(auth, index.at(auth.start), byName, index) : undefined;
      if (credential) site.credential = credential;
      facts.callSites.push(site);
    }
    // What the tree did not show (a truncated file, URLs outside web activities) is read line by line.
    if (parsed.errorOffset !== undefined) mergeUncovered(facts, scanLinesForFacts(file.text, { family: 'c', syntax: JSON_SYNTAX }));
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    if (facts.callSites.length > 0) facts.role = 'orchestrator';
    return facts;
  },
};
