import type { LanguageAdapter } from '../adapter.js';
import { accountIdsInPath, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { LineIndex } from '../../facts/location.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import { tokenShapedLiteral } from '../../credentials/placeholders.js';
import { addEnvEntryFacts, type EnvEntry } from '../shared/env-entries/dbt-env.js';
import { isDbtTokenName } from '../../credentials/names.js';
import { isDbtMcpUserSetting } from '../../classify/request-evidence.js';
import { dbtHostOfEntries, namesDbtMcp } from '../shared/env-entries/dbt-host-entries.js';
import { plainJson } from '../shared/json-offsets/plain-json.js';
import { mergeUncovered } from '../shared/line-facts/merge-uncovered.js';
import { scanLinesForFacts } from '../shared/line-facts/line-facts.js';
import { solePlaceholder, templated, type Templated } from '../shared/line-facts/placeholders.js';
import { JSON_SYNTAX } from '../shared/line-facts/syntaxes.js';
import {
  member,
  objectsIn,
  parseJsonTree,
  stringValue,
  type JsonMember,
  type JsonObject,
  type JsonValue,
} from '../shared/json-offsets/json-tree.js';
import { schemeWords } from '../../credentials/auth-schemes.js';
import { bindingText, literalBinding } from '../shared/values/binding.js';

// MCP client configurations: `mcp.json`, `.cursor/mcp.json`, `.vscode/mcp.json` (JSON with
// comments), `.mcp.json`, `claude_desktop_config.json`. A server whose `url` is the remote dbt
// MCP server (`https://<host>/api/ai/v1/mcp/`) is a call site, its `Authorization` header (or a
// dbt token in its `env`) the credential; a local server given a dbt Cloud token in `env`
// (`uvx dbt-mcp` with `DBT_TOKEN`) is a `config` call site. These files configure a developer's
// own editor or desktop app, so the workflow is `script` (development).

const CLIENT = 'mcp-client';
const SERVER_MAPS = new Set(['mcpServers', 'servers', 'context_servers', 'mcp.servers']);
const URL_KEYS = ['url', 'serverUrl', 'httpUrl', 'uri'];
const MAX_NODES = 50_000;

/** The servers of every `mcpServers` / `servers` map, wherever it sits. */
function serverObjects(root: JsonValue | undefined): JsonObject[] {
  const isServerMap = (m: JsonMember): m is JsonMember & { value: JsonObject } => SERVER_MAPS.has(m.key) && m.value.type === 'object';
  const out: JsonObject[] = [];
  for (const o of objectsIn(root, MAX_NODES, (m) => !isServerMap(m)))
    for (const m of o.members) if (isServerMap(m)) for (const s of m.value.members) if (s.value.type === 'object') out.push(s.value);
  return out;
}

/** `${input:x}` (VS Code prompt) and `${env:X}` / `${X}` (environment) as credentials. */
function referenceCredential(t: Templated, span: Span): RawCredential | undefined {
  const p = solePlaceholder(t);
  return p && { source: p.source, name: p.name, span };
}

const AUTH_VALUE = new RegExp(`^\\s*(?:authorization:\\s*)?(?:${schemeWords('dbt')})\\s+(.+)$`, 'i');

function authCredential(value: string, span: Span): RawCredential | undefined {
  const m = AUTH_VALUE.exec(value);
  if (!m) return undefined;
  const rest = m[1]!.trim();
  const ref = referenceCredential(templated(rest, 'yaml'), span);
  if (ref) return ref;
  return tokenShapedLiteral(rest) ? { source: 'literal', value: rest, span } : undefined;
}

function headerAuthorization(server: JsonObject): { value: string; start: number } | undefined {
  for (const headers of [member(server, 'headers'), member(member(server, 'requestInit'), 'headers')]) {
    if (headers?.type !== 'object') continue;
    const h = headers.members.find((x) => /^authorization$/i.test(x.key));
    if (h?.value.type === 'string') return { value: h.value.value, start: h.value.start + 1 };
  }
  return undefined;
}

function readServer(server: JsonObject, index: LineIndex, facts: FileFacts): void {
  const args = member(server, 'args');
  const argStrings = args?.type === 'array' ? args.items.filter((i) => i.type === 'string') : [];
  const command = stringValue(member(server, 'command'));
  const entries: EnvEntry[] = [];
  const env = member(server, 'env');
  if (env?.type === 'object') {
    for (const e of env.members) {
      if (e.value.type !== 'string') continue;
      const span = index.at(e.keyStart + 1);
      const valueSpan = index.at(e.value.start + 1);
      const ref = referenceCredential(templated(e.value.value, 'yaml'), valueSpan);
      entries.push({
        name: e.key,
        span,
        binding: ref ? { credential: ref } : literalBinding(e.value.value, valueSpan),
        ...(ref ? {} : { raw: e.value.value, rawSpan: valueSpan }),
      });
    }
  }
  const hostEndpoint = dbtHostOfEntries(entries);

  // A remote server: `url`, or `mcp-remote <url>` bridging stdio to it.
  const urls = [...URL_KEYS.map((k) => member(server, k)), ...argStrings].filter(
    (n): n is Extract<JsonValue, { type: 'string' }> => n?.type === 'string',
  );
  let remote: RawCallSite | undefined;
  for (const u of urls) {
    const endpoint = recognizeDbtCloudUrl(templated(u.value, 'yaml').text);
    if (!endpoint) continue;
    remote = { kind: 'http', span: index.at(u.start + 1), endpoint, client: CLIENT, workflow: 'script' };
    const ids = accountIdsInPath(endpoint.path);
    if (ids.length > 0) remote.accountIds = ids;
    break;
  }
  const dbtCloud = remote !== undefined || hostEndpoint !== undefined || namesDbtMcp([command, ...argStrings.map((a) => stringValue(a))]);
  if (remote) {
    const header = headerAuthorization(server);
    let credential = header ? authCredential(header.value, index.at(header.start)) : undefined;
    // `mcp-remote <url> --header "Authorization: Token ${DBT_TOKEN}"`.
    for (const a of argStrings) {
      if (credential || a.type !== 'string') break;
      credential = authCredential(a.value, index.at(a.start + 1));
    }
    if (!credential) {
      const named = entries.find((e) => isDbtTokenName(e.name));
      if (named)
        credential =
          'credential' in named.binding
            ? named.binding.credential
            : { source: 'literal', name: named.name, value: bindingText(named.binding), span: named.binding.span ?? named.span };
    }
    if (credential) remote.credential = credential;
    facts.callSites.push(remote);
    if (credential?.source === 'literal') facts.credentialSites.push({ span: credential.span!, credential: { ...credential } });
    return;
  }
  // A local server given a dbt Cloud token (and usually `DBT_HOST`) in its environment. DBT_TOKEN
  // is a Databricks name too: it counts when the server is dbt's or points at a dbt Cloud host.
  const before = facts.callSites.length;
  // The MCP server calls dbt Cloud with these settings, whatever code of the repository sends the same variable.
  for (const e of entries) addEnvEntryFacts(facts, e, { databricks: !dbtCloud, client: CLIENT, toolSettings: true }, hostEndpoint);
  // Given the user's id and development environment, its SQL tools act as that user (a PAT only).
  const userContext = entries.some((e) => isDbtMcpUserSetting(e.name));
  for (const c of facts.callSites.slice(before)) c.workflow = userContext ? 'user-context-endpoint' : 'script';
}

/**
 * VS Code's `inputs` (`{ "id": "dbt-token", "description": "dbt personal access token" }`): what a
 * `${input:dbt-token}` prompts for, which may name the token type, as an action input's description does.
 */
function describeInputs(root: JsonValue | undefined, index: LineIndex, facts: FileFacts): void {
  const inputs = root?.type === 'object' ? member(root, 'inputs') : undefined;
  if (inputs?.type !== 'array') return;
  const described = new Map<string, { text: string; line: number }>();
  for (const item of inputs.items.slice(0, 200)) {
    if (item.type !== 'object') continue;
    const id = stringValue(member(item, 'id'));
    const description = member(item, 'description');
    if (id && description?.type === 'string') described.set(id, { text: description.value, line: index.at(description.start + 1).line });
  }
  if (described.size === 0) return;
  for (const c of [...facts.callSites.map((x) => x.credential), ...facts.credentialSites.map((x) => x.credential)]) {
    const d = c && c.source === 'variable' && c.name !== undefined ? described.get(c.name) : undefined;
    if (d && c && !c.description) c.description = { ...d };
  }
}

export const adapter: LanguageAdapter = {
  id: 'mcp-config',
  async extract(file) {
    const facts = emptyFacts();
    const index = new LineIndex(file.text);
    const parsed = parseJsonTree(plainJson(file.text));
    if (parsed.errorOffset !== undefined) facts.problems.push(`JSON parse error at line ${index.at(parsed.errorOffset).line}`);
    for (const server of serverObjects(parsed.root)) readServer(server, index, facts);
    describeInputs(parsed.root, index, facts);
    if (parsed.errorOffset !== undefined) {
      const lines = scanLinesForFacts(file.text, { family: 'c', syntax: JSON_SYNTAX });
      for (const c of lines.callSites) c.workflow = 'script';
      mergeUncovered(facts, lines);
    }
    return facts;
  },
};
