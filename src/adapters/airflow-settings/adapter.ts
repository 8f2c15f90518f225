import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { LanguageAdapter } from '../adapter.js';
import { type Definition, emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import {
  type AirflowConnectionFields,
  airflowConnectionRef,
  connectionAccountIds,
  connectionHost,
  connectionPasswordCredential,
  dbtCloudConnectionHost,
  isDbtCloudConnection,
  parseConnectionValue,
} from '../shared/airflow-connection/airflow-connection.js';
import { isDbtSpecificName, typeFromName } from '../../credentials/names.js';
import { identifierDescription } from '../../credentials/descriptions.js';
import { isAnyTokenShaped } from '../../credentials/token-shapes.js';
import { loadYaml } from '../../packages.js';

// Astronomer's airflow_settings.yaml: `airflow.connections[]` (conn_id, conn_type, conn_host,
// conn_login, conn_password, conn_extra) and `airflow.variables[]`; and Airflow's own connections
// files (`airflow connections export connections.json`, the local filesystem secrets backend's
// `connections.yaml`): a map of connection ids to their fields (conn_type, host, login, password)
// or to a URI. A dbt Cloud connection is a definition that DAG operators link to by id, and a
// configured token (a 'config' call site). The Astro CLI loads its file into the local Airflow of
// `astro dev start` only, and an exported or local-backend file is a developer's set-up as well;
// a deployment keeps its connections in its own settings or secrets backend: the `script`
// workflow, as a `.env` for running a tool locally. The airflow-helm chart's values (`airflow:
// connections: - id, type, host, login, password`, a `${NAME}` password filled from
// `connectionsTemplates`, a Kubernetes Secret's key) configure a deployed Airflow: orchestrator.

type YamlModule = typeof import('yaml');
type YamlNode = import('yaml').Node;

export const adapter: LanguageAdapter = {
  id: 'airflow-settings',
  async extract(file) {
    const yaml: YamlModule = await loadYaml();
    const facts = emptyFacts();
    facts.role = 'script';
    if (flowDepth(file.text) > MAX_FLOW_DEPTH) {
      // The yaml library recurses on flow collections; very deep ones can kill the process.
      facts.problems.push('YAML nested too deeply; not read');
      return facts;
    }
    // One document read with the `yaml` API itself, not shared/yaml-documents/document.ts `loadCiYaml` (built for multi-document CI files).
    const lineCounter = new yaml.LineCounter();
    let doc: import('yaml').Document.Parsed;
    try {
      doc = yaml.parseDocument(file.text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    } catch (e) {
      // Never the library's message: it can quote the source line.
      if (caughtExpected(e, isParseError, isBudgetExceeded)) facts.problems.push('YAML could not be parsed');
      return facts;
    }
    const firstError = doc.errors[0];
    if (firstError) facts.problems.push(`YAML parse error at line ${lineCounter.linePos(firstError.pos[0]).line}`);
    try {
      new SettingsReader(yaml, lineCounter, facts, file.text).read(doc.contents);
    } catch (e) {
      if (caughtExpected(e, isBudgetExceeded)) facts.problems.push('Airflow connections file could not be read completely');
    }
    return facts;
  },
};

const MAX_FLOW_DEPTH = 1000;

/** The deepest `[`/`{` nesting in the text (quotes ignored: an overestimate is harmless). */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

class SettingsReader {
  constructor(
    private readonly yaml: YamlModule,
    private readonly lines: import('yaml').LineCounter,
    private readonly facts: FileFacts,
    private readonly source: string,
  ) {}

  read(root: YamlNode | null): void {
    const airflow = this.get(root, 'airflow');
    const base = airflow && this.yaml.isMap(airflow) ? airflow : root;
    const connections = this.get(base, 'connections');
    if (this.yaml.isSeq(connections)) {
      const items = connections.items.slice(0, 2000) as YamlNode[];
      if (airflow && items.some((item) => this.get(item, 'id') !== undefined && this.get(item, 'conn_id') === undefined)) {
        this.facts.role = 'orchestrator';
        const templates = this.get(base, 'connectionsTemplates');
        for (const item of items) this.helmConnection(item, templates);
      } else for (const item of items) this.settingsConnection(item);
    } else if (!airflow && this.yaml.isMap(root)) this.exportedConnections(root);
    const variables = this.get(base, 'variables');
    if (this.yaml.isSeq(variables)) for (const item of variables.items.slice(0, 2000)) this.variable(item as YamlNode);
  }

  private get(node: YamlNode | null | undefined, key: string): YamlNode | undefined {
    if (!node || !this.yaml.isMap(node)) return undefined;
    for (const pair of node.items) {
      if (this.yaml.isScalar(pair.key) && String(pair.key.value) === key) return (pair.value ?? undefined) as YamlNode | undefined;
    }
    return undefined;
  }

  private scalar(node: YamlNode | undefined): string | undefined {
    if (!node || !this.yaml.isScalar(node)) return undefined;
    const v = node.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
  }

  private span(node: YamlNode | undefined): Span | undefined {
    const start = node?.range?.[0];
    if (start === undefined) return undefined;
    const quoted = this.yaml.isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    const pos = this.lines.linePos(start + (quoted ? 1 : 0));
    return { line: pos.line, column: pos.col };
  }

  /** Where a list item starts: its first key. */
  private itemSpan(item: YamlNode): Span {
    const first = this.yaml.isMap(item) ? item.items[0]?.key : undefined;
    return this.span((first ?? item) as YamlNode) ?? { line: 1, column: 1 };
  }

  private settingsConnection(item: YamlNode): void {
    if (!this.yaml.isMap(item)) return;
    const field = (k: string) => this.scalar(this.get(item, k));
    const id = field('conn_id');
    const conn = { connType: field('conn_type'), host: field('conn_host'), login: field('conn_login'), password: field('conn_password') };
    let passwordNode = this.get(item, 'conn_password');
    // An HTTP connection's `conn_extra` is the headers HttpHook sends: its Authorization header carries the token.
    const extra = this.get(item, 'conn_extra');
    const header =
      !conn.password && this.yaml.isMap(extra)
        ? extra.items.find((p) => /^authorization$/i.test(this.scalar(p.key as YamlNode) ?? ''))
        : undefined;
    if (header) {
      passwordNode = header.value as YamlNode;
      conn.password = this.scalar(passwordNode);
    }
    if (id) this.connection(id, conn, passwordNode, this.itemSpan(item));
  }

  /**
   * The airflow-helm chart's connection: `id`, `type`, `host`, `login`, `password`; a password
   * `${DBT_TOKEN}` is the template of that name, a Kubernetes Secret's key (`kind: secret`).
   */
  private helmConnection(item: YamlNode, templates: YamlNode | undefined): void {
    if (!this.yaml.isMap(item)) return;
    const field = (k: string) => this.scalar(this.get(item, k));
    const id = field('id');
    const passwordNode = this.get(item, 'password');
    const conn = { connType: field('type'), host: field('host'), login: field('login'), password: field('password') };
    if (!id) return;
    const template = /^\s*\$\{(\w{1,100})\}\s*$/.exec(conn.password ?? '')?.[1];
    const source = template === undefined ? undefined : this.get(templates, template);
    this.connection(id, conn, passwordNode, this.itemSpan(item), source && { name: template!, store: source });
  }

  /** `{ "dbt_cloud_default": { "conn_type": "dbt_cloud", "password": "…" } }`, or the id mapped to a URI. */
  private exportedConnections(root: YamlNode): void {
    if (!this.yaml.isMap(root)) return;
    for (const pair of root.items.slice(0, 2000)) {
      const id = this.scalar(pair.key as YamlNode);
      const value = (pair.value ?? undefined) as YamlNode | undefined;
      if (!id || !value) continue;
      const span = this.span(pair.key as YamlNode) ?? { line: 1, column: 1 };
      if (this.yaml.isMap(value)) {
        const field = (k: string) => this.scalar(this.get(value, k));
        const conn = { connType: field('conn_type'), host: field('host'), login: field('login'), password: field('password') };
        this.connection(id, conn, this.get(value, 'password'), span);
      } else {
        const uri = this.scalar(value);
        const conn = uri && uri.length <= 20_000 ? parseConnectionValue(uri.trim()) : undefined;
        if (conn) this.connection(id, conn, value, span);
      }
    }
  }

  private connection(
    id: string,
    conn: AirflowConnectionFields,
    passwordNode: YamlNode | undefined,
    start: Span,
    template?: { name: string; store: YamlNode },
  ): void {
    if (!isDbtCloudConnection(conn)) return;
    const passwordAt = this.span(passwordNode);
    const credential: RawCredential = template
      ? this.templateCredential(template.name, template.store, passwordAt)
      : connectionPasswordCredential(conn.password, id, passwordAt);
    const accountIds = connectionAccountIds(conn.login);
    // A configured token is reported where it is written; a connection without one where it starts.
    const at = passwordAt && conn.password ? { line: passwordAt.line, column: this.keyColumn(passwordNode) } : start;

    const definition: Definition = { ref: airflowConnectionRef(id), credential, span: at };
    if (accountIds) definition.accountIds = accountIds;
    const host = dbtCloudConnectionHost(conn.host);
    if (host) definition.host = host;
    this.facts.definitions.push(definition);

    const site: RawCallSite = {
      kind: 'config',
      span: at,
      client: 'airflow-connection',
      credential,
      endpoint: { host: connectionHost(conn.host) ?? 'cloud.getdbt.com' },
    };
    if (accountIds) site.accountIds = accountIds;
    this.facts.callSites.push(site);

    if (credential.source === 'literal' && credential.span) this.facts.credentialSites.push({ span: credential.span, credential });
  }

  /** A `connectionsTemplates` entry: a Kubernetes Secret's (or ConfigMap's) key, described by the Secret's name and key. */
  private templateCredential(name: string, store: YamlNode, span: Span | undefined): RawCredential {
    const kind = this.scalar(this.get(store, 'kind'))?.toLowerCase();
    const credential: RawCredential = { source: kind === 'configmap' ? 'config' : 'secret', name, span };
    const identifiers = [this.scalar(this.get(store, 'name')), this.scalar(this.get(store, 'key'))];
    // The template's own name says the type when it can (`DBT_CLOUD_SERVICE_TOKEN`); else the Secret's.
    const description = span && typeFromName(name) === undefined ? identifierDescription(identifiers, span.line) : undefined;
    if (description) credential.description = description;
    return credential;
  }

  /** Where the text of a value's line starts (its key, or the `- ` of a list item), 1-based. */
  private keyColumn(value: YamlNode | undefined): number {
    const start = value?.range?.[0];
    if (start === undefined) return 1;
    const pos = this.lines.linePos(start);
    const lineStart = start - (pos.col - 1);
    const text = this.source.slice(lineStart, start);
    return (/^\s*(?:-\s+)?/.exec(text)?.[0].length ?? 0) + 1;
  }

  /** `variable_name: dbt_cloud_token` with a token-shaped value: a token for `Variable.get`. */
  private variable(item: YamlNode): void {
    if (!this.yaml.isMap(item)) return;
    const name = this.scalar(this.get(item, 'variable_name'));
    const valueNode = this.get(item, 'variable_value');
    const value = this.scalar(valueNode)?.trim();
    if (!name || !value || !isDbtSpecificName(name) || !isAnyTokenShaped(value)) return;
    const span = this.span(valueNode) ?? this.itemSpan(item);
    this.facts.credentialSites.push({ span, credential: { source: 'literal', name, value, span } });
  }
}
