import { DBT_LOOM_TOKEN_ENV } from '../shared/dbt-loom.js';
import type { LanguageAdapter } from '../adapter.js';
import { KESTRA_DBT_CLOUD_TYPE } from './descriptor.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type RawEndpoint, type Span } from '../../model/raw-facts.js';
import { MAX_YAML_NESTING, yamlNestingDepth } from '../../discover/yaml-nesting.js';
import { isDbtCloudHost, isDbtCloudId, splitUrl } from '../../classify/endpoint.js';
import { isPlaceholderValue, tokenShapedLiteral } from '../../credentials/placeholders.js';
import { isAnyTokenShaped } from '../../credentials/token-shapes.js';
import { loadYaml } from '../../packages.js';
import { DEFAULT_API_HOST } from '../../classify/access-hosts.js';

// Configuration files of partner tools that read dbt Cloud for the account: metadata catalogs and
// observability tools ingesting dbt Cloud runs. dbt's authentication page says such partner
// integrations should use a service token (../shared/reference/authentication.md). Each block
// that hands such a tool a dbt Cloud token is one call site of the partner-integration workflow.
//
// The shapes come from each tool's own schema and documentation:
// - OpenMetadata dbt ingestion: `sourceConfig.config.dbtConfigSource` with `dbtConfigType: cloud`,
//   `dbtCloudAuthToken`, `dbtCloudAccountId`, `dbtCloudUrl` (open-metadata/OpenMetadata,
//   metadataIngestion/dbtconfig/dbtCloudConfig.json).
// - OpenMetadata dbt Cloud pipeline connector: `serviceConnection.config` with `type: DBTCloud`,
//   `host`, `discoveryAPI`, `accountId`, `token` (connections/pipeline/dbtCloudConnection.json).
// - DataHub dbt Cloud source: `source.type: dbt-cloud` with `config.token`, `account_id`,
//   `access_url`, `metadata_endpoint` (datahub-project/datahub, ingestion/source/dbt/dbt_cloud.py,
//   which sends `X-dbt-partner-source: acryldatahub`).
// - Metaphor dbt Cloud connector: a top-level `service_token`, `account_id`, `job_ids` /
//   `project_ids` / `environment_ids`, `base_url`, `discovery_api_url` (MetaphorData/connectors,
//   metaphor/dbt/cloud/README.md).
// - Dagster's dbt Cloud component: `workspace.credentials` with `account_id`, `access_url`, `token`.
// A block whose token is a placeholder (`<service_account_token>`, `AUTH_TOKEN`) configures
// nothing and is not reported: such files are templates.

type YamlModule = typeof import('yaml');
type YamlNode = import('yaml').Node;
type YamlMap = import('yaml').YAMLMap;

const MAX_CHARS = 1_000_000;
/** Maps visited per file: partner configs are small, a huge YAML file is not one. */
const MAX_MAPS = 20_000;

/** A `${NAME}` or `$NAME` reference: OpenMetadata and DataHub expand them from the environment. */
const ENV_REF = /^\$\{?([A-Za-z_][A-Za-z0-9_]{0,127})\}?$/;
/** Dagster components' environment reads: `{{ env('DBT_CLOUD_TOKEN') }}`, `{{ env.DBT_CLOUD_TOKEN }}`, older `{{ env_var('X') }}`. */
const DAGSTER_ENV_REF = /^\{\{\s*env(?:(?:_var)?\(\s*["']([A-Za-z_][A-Za-z0-9_]{0,127})["']\s*\)|\.([A-Za-z_][A-Za-z0-9_]{0,127}))\s*\}\}$/;
/** A Dagster component's `type`: a Python dotted path to its class. */
const DAGSTER_COMPONENT_TYPE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
/** A component type that names dbt Cloud itself (`dagster_dbt.DbtCloudComponent`, `…DbtCloudPipeline`). */
const DBT_CLOUD_COMPONENT = /dbt_?cloud|^dagster_dbt\./i;
/** A template expression (`{{ ctx.snowflake.dbt_auth_token }}`), filled in by whatever renders the file. */
const TEMPLATE_REF = /^\{\{\s*([A-Za-z_][\w.]{0,127})\s*\}\}$/;
/** A Meltano plugin that is the dbt Cloud tap (`tap-dbt`, `tap-dbt-cloud`, `tap-dbtcloud`), not dbt Core's utilities. */
const MELTANO_DBT_TAP = /^tap-dbt(?:-?cloud)?(?:--[\w-]+)?$/i;
/** Kestra's secret function: `{{ secret('DBT_CLOUD_TOKEN') }}`. */
const KESTRA_SECRET = /^\{\{\s*secret\(\s*["']([\w.-]{1,128})["']\s*\)\s*\}\}$/;

interface PartnerFormat {
  client: string;
  /**
   * The workflow of the tool the block configures (partner integrations by default); `runner`:
   * whatever runs the tool (dbt Core with a plugin), as the file's own place and the CI steps
   * running it say.
   */
  workflow?: 'orchestrator' | 'runner';
  /** The environment variable the tool reads its token from when the block names none. */
  tokenEnv?: string;
  /** The map holding the token key, when this format's keys are present in it; `rootType` is the document's top-level `type`. */
  tokenKey(map: YamlMap, read: Reader, rootType: string | undefined): string | undefined;
  /** `defaults`: what `defaults` below found for the block. */
  endpoint(map: YamlMap, read: Reader, defaults?: YamlMap): RawEndpoint;
  accountKey: string;
  /**
   * The block is a task that calls dbt Cloud whatever its token says (a placeholder, a value the
   * scan cannot read, or none: set where the file does not say).
   */
  taskWithoutToken?: true;
  /** Where the document sets the keys a block leaves out (a Kestra flow's `pluginDefaults`). */
  defaults?(map: YamlMap, read: Reader, doc: YamlNode | undefined): YamlMap | undefined;
}

const FORMATS: readonly PartnerFormat[] = [
  {
    client: 'OpenMetadata dbt ingestion',
    tokenKey: (m, r) => (r.has(m, 'dbtCloudAuthToken') ? 'dbtCloudAuthToken' : undefined),
    endpoint: (m, r) => hostEndpoint(r.text(m, 'dbtCloudUrl'), DEFAULT_API_HOST),
    accountKey: 'dbtCloudAccountId',
  },
  {
    client: 'OpenMetadata dbt Cloud connector',
    tokenKey: (m, r) => (/^dbtcloud$/i.test(r.text(m, 'type') ?? '') && r.has(m, 'token') ? 'token' : undefined),
    endpoint: (m, r) => hostEndpoint(r.text(m, 'host'), DEFAULT_API_HOST),
    accountKey: 'accountId',
  },
  {
    client: 'DataHub dbt-cloud source',
    // The `config` map under `type: dbt-cloud`: the token sits one level down.
    tokenKey: (m, r) => (r.text(m, 'type') === 'dbt-cloud' && r.has(r.map(m, 'config'), 'token') ? 'config.token' : undefined),
    endpoint: (m, r) => {
      const config = r.map(m, 'config');
      const metadata = r.text(config, 'metadata_endpoint');
      if (metadata) return urlEndpoint(metadata);
      const access = r.text(config, 'access_url');
      return access ? hostEndpoint(access, DEFAULT_API_HOST) : urlEndpoint(`https://metadata.${DEFAULT_API_HOST}/graphql`);
    },
    accountKey: 'config.account_id',
  },
  {
    client: 'Metaphor dbt.cloud connector',
    tokenKey: (m, r) =>
      r.has(m, 'service_token') &&
      r.has(m, 'account_id') &&
      ['job_id', 'job_ids', 'project_ids', 'environment_ids', 'base_url', 'discovery_api_url'].some((k) => r.has(m, k))
        ? 'service_token'
        : undefined,
    endpoint: (m, r) => hostEndpoint(r.text(m, 'base_url'), DEFAULT_API_HOST),
    accountKey: 'account_id',
  },
  {
    // Dagster's dbt Cloud component (`type: dagster_dbt.DbtCloudComponent`) or a project's own
    // component built on it, in a components `defs.yaml`: `account_id`, `access_url` and `token`
    // under `workspace.credentials` (dagster-io/dagster, dagster_dbt/cloud_v2), or, in custom
    // components, under `workspace` or `attributes` itself. Dagster runs it as an orchestrator.
    client: 'Dagster dbt Cloud component',
    workflow: 'orchestrator',
    tokenKey: (m, r, rootType) => {
      if (!rootType || !DAGSTER_COMPONENT_TYPE.test(rootType) || !/dbt/i.test(rootType)) return undefined;
      // The map with both keys (`credentials`, `workspace` or `attributes`): the walk reaches each.
      if (!r.has(m, 'token') || !r.has(m, 'account_id')) return undefined;
      // An access URL of another service is another tool's workspace; one filled in at run time
      // (or the default) counts when the component's type names dbt Cloud itself.
      const access = r.text(m, 'access_url');
      if (access === undefined || /^\s*\{\{/.test(access)) return DBT_CLOUD_COMPONENT.test(rootType) ? 'token' : undefined;
      const host = hostEndpoint(access, DEFAULT_API_HOST).host;
      return host !== undefined && isDbtCloudHost(host) ? 'token' : undefined;
    },
    endpoint: (m, r) => {
      const access = r.text(m, 'access_url')?.trim();
      const env = access === undefined ? undefined : DAGSTER_ENV_REF.exec(access);
      if (env) return { host: `{${(env[1] ?? env[2])!}}` };
      return hostEndpoint(access, DEFAULT_API_HOST);
    },
    accountKey: 'account_id',
  },
  {
    // Meltano's dbt Cloud extractor (MeltanoLabs/tap-dbt and its forks) in `meltano.yml`: a plugin
    // named `tap-dbt…` with `config.api_key` (or `token`), `account_ids`, `base_url`.
    client: 'Meltano tap-dbt extractor',
    tokenKey: (m, r) => {
      if (!MELTANO_DBT_TAP.test(r.text(m, 'name') ?? '') && !MELTANO_DBT_TAP.test(r.text(m, 'inherit_from') ?? '')) return undefined;
      const key = ['api_key', 'token', 'service_token', 'api_token'].find((k) => r.has(r.map(m, 'config'), k));
      return key && `config.${key}`;
    },
    endpoint: (m, r) => hostEndpoint(r.text(m, 'config.base_url'), DEFAULT_API_HOST),
    accountKey: 'config.account_id',
  },
  {
    // A Kestra flow's dbt Cloud task (kestra-io/plugin-dbt: TriggerRun, CheckStatus): `token`,
    // `accountId`, `baseUrl` (default the US multi-tenant host). Kestra runs flows as an orchestrator.
    client: 'Kestra dbt Cloud task',
    workflow: 'orchestrator',
    // A task without `token` takes it from the flow's `pluginDefaults` (`taskDefaults` before
    // Kestra 0.18), or from defaults set outside the flow (its namespace, the server's config).
    // A task has an `id`; a `pluginDefaults` entry, which has the same `type`, has none.
    tokenKey: (m, r) =>
      KESTRA_DBT_CLOUD_TYPE.test(r.text(m, 'type')?.trim() ?? '') && (r.has(m, 'token') || r.has(m, 'id')) ? 'token' : undefined,
    endpoint: (m, r, d) => hostEndpoint(r.text(m, 'baseUrl') ?? r.text(d, 'baseUrl'), DEFAULT_API_HOST),
    accountKey: 'accountId',
    taskWithoutToken: true,
    defaults: kestraDefaults,
  },
  {
    // dbt-loom's manifests from dbt Cloud (`manifests: - type: dbt_cloud, config: { account_id, job_id,
    // api_endpoint }`): dbt Core's plugin reads the upstream project's latest run and its manifest
    // (`GET {api_endpoint}/accounts/{id}/runs/?job_definition_id=…`), with `DBT_CLOUD_API_TOKEN`
    // (nicholasyager/dbt-loom, dbt_loom/clients/dbt_cloud.py).
    client: 'dbt-loom',
    tokenKey: (m, r) => (r.text(m, 'type')?.trim() === 'dbt_cloud' && r.has(r.map(m, 'config'), 'job_id') ? 'config.token' : undefined),
    endpoint: (m, r) => {
      const base = (r.text(m, 'config.api_endpoint')?.trim() || `https://${DEFAULT_API_HOST}/api/v2`).replace(/\/+$/, '');
      const account = r.text(m, 'config.account_id')?.trim();
      return urlEndpoint(`${base}/accounts/${account && isDbtCloudId(account) ? account : '{account_id}'}/runs/`);
    },
    accountKey: 'config.account_id',
    tokenEnv: DBT_LOOM_TOKEN_ENV,
    workflow: 'runner',
  },
];

/**
 * The `values` of a Kestra flow's plugin defaults for a task's type: an entry names the type
 * itself or a prefix of it (`io.kestra.plugin.dbt.cloud`); the last entry that applies wins.
 */
function kestraDefaults(task: YamlMap, read: Reader, doc: YamlNode | undefined): YamlMap | undefined {
  const type = read.text(task, 'type')?.trim();
  if (!type) return undefined;
  let found: YamlMap | undefined;
  for (const key of ['taskDefaults', 'pluginDefaults']) {
    for (const entry of read.items(doc, key)) {
      const applies = read.text(entry, 'type')?.trim();
      if (applies && (type === applies || type.startsWith(`${applies}.`))) found = read.map(entry, 'values') ?? found;
    }
  }
  return found;
}

function urlEndpoint(url: string): RawEndpoint {
  const { host, path } = splitUrl(url.includes('://') ? url : `https://${url}`);
  if (!host || !/^[a-z0-9.-]+$/i.test(host)) return { host: '{url}' };
  const ep: RawEndpoint = { url: `https://${host.toLowerCase()}${path ?? ''}`, host: host.toLowerCase() };
  if (path && path !== '/') ep.path = path;
  return ep;
}

function hostEndpoint(value: string | undefined, fallback: string): RawEndpoint {
  if (value === undefined || value.trim() === '') return { url: `https://${fallback}`, host: fallback };
  const ep = urlEndpoint(value.trim());
  return ep.url ? { url: `https://${ep.host}`, host: ep.host } : ep;
}

/** Reads keys of YAML maps; a dotted key (`config.token`) goes down through nested maps. */
class Reader {
  constructor(
    private readonly yaml: YamlModule,
    private readonly lines: import('yaml').LineCounter,
  ) {}

  node(map: YamlNode | undefined, key: string): YamlNode | undefined {
    let at: YamlNode | undefined = map;
    for (const part of key.split('.')) {
      if (!at || !this.yaml.isMap(at)) return undefined;
      const pair = at.items.find((p) => this.yaml.isScalar(p.key) && String(p.key.value) === part);
      at = (pair?.value ?? undefined) as YamlNode | undefined;
    }
    return at;
  }

  has(map: YamlNode | undefined, key: string): boolean {
    if (!map || !this.yaml.isMap(map)) return false;
    return map.items.some((p) => this.yaml.isScalar(p.key) && String(p.key.value) === key);
  }

  /** The items of a sequence under `key`. */
  items(map: YamlNode | undefined, key: string): YamlNode[] {
    const n = this.node(map, key);
    return n && this.yaml.isSeq(n) ? (n.items as YamlNode[]) : [];
  }

  map(map: YamlNode | undefined, key: string): YamlMap | undefined {
    const n = this.node(map, key);
    return n && this.yaml.isMap(n) ? n : undefined;
  }

  text(map: YamlNode | undefined, key: string): string | undefined {
    const n = this.node(map, key);
    if (!n || !this.yaml.isScalar(n)) return undefined;
    const v = n.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
  }

  span(node: YamlNode | undefined): Span | undefined {
    const start = node?.range?.[0];
    if (start === undefined) return undefined;
    const quoted = this.yaml.isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    const p = this.lines.linePos(start + (quoted ? 1 : 0));
    return { line: p.line, column: p.col };
  }
}

/**
 * What a token entry holds: a reference, a literal, or nothing worth reporting. A literal counts
 * when it could be a token: a dbt token shape, or a run of token characters with a digit in it
 * (`AUTH_TOKEN` and `dbt_cloud_auth_token` are the docs' placeholders, not tokens).
 */
function credentialOf(value: string): Omit<RawCredential, 'span'> | undefined {
  const v = value.trim();
  const env = ENV_REF.exec(v);
  if (env) return { source: 'env', name: env[1]! };
  const dagsterEnv = DAGSTER_ENV_REF.exec(v);
  if (dagsterEnv) return { source: 'env', name: (dagsterEnv[1] ?? dagsterEnv[2])! };
  const kestraSecret = KESTRA_SECRET.exec(v);
  if (kestraSecret) return { source: 'secret', name: kestraSecret[1]! };
  const template = TEMPLATE_REF.exec(v);
  if (template) return { source: 'variable', name: template[1]! };
  if (/^\{\{.*\}\}$/.test(v)) return { source: 'unknown' };
  if (isPlaceholderValue(v) || isPlaceholderValue(v, 'template-file')) return undefined;
  if (isAnyTokenShaped(v) || (tokenShapedLiteral(v) && /\d/.test(v))) return { source: 'literal', value: v };
  return undefined;
}

export const adapter: LanguageAdapter = {
  id: 'partner-config',
  extract: async (file) => {
    const facts = await partnerFacts(file.text);
    // The rest of the file as any YAML is read: a flow's HTTP task beside its dbt Cloud task.
    const [{ scanYamlLines }, { mergeUncovered }] = await Promise.all([
      import('../shared/line-facts/yaml-lines.js'),
      import('../shared/line-facts/merge-uncovered.js'),
    ]);
    mergeUncovered(facts, scanYamlLines(file.text));
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return facts;
  },
};

/** The partner blocks of a YAML text; nothing when the text holds none or cannot be read. */
async function partnerFacts(text: string): Promise<FileFacts> {
  const facts = emptyFacts();
  if (text.length > MAX_CHARS) {
    facts.problems.push(`YAML file too large to read as a partner configuration (${text.length} characters)`);
    return facts;
  }
  if (yamlNestingDepth(text) > MAX_YAML_NESTING) {
    facts.problems.push(`YAML nested more than ${MAX_YAML_NESTING} levels; not parsed`);
    return facts;
  }
  const yaml = await loadYaml();
  const lines = new yaml.LineCounter();
  let docs: import('yaml').Document.Parsed[];
  try {
    docs = yaml.parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false }) as import('yaml').Document.Parsed[];
  } catch {
    // Never the library's message: it can quote the source line.
    facts.problems.push('YAML could not be parsed');
    return facts;
  }
  if (!Array.isArray(docs)) return facts;
  const firstError = docs.flatMap((d) => d.errors)[0];
  if (firstError) facts.problems.push(`YAML parse error at line ${lines.linePos(firstError.pos[0]).line}`);

  const read = new Reader(yaml, lines);
  let visited = 0;
  const visit = (node: unknown): void => {
    if (visited >= MAX_MAPS) return;
    if (yaml.isMap(node)) {
      visited++;
      for (const format of FORMATS) {
        const key = format.tokenKey(node, read, rootType);
        if (key) addSite(format, node, key, format.defaults?.(node, read, docContents));
      }
      for (const pair of node.items) visit(pair.value);
    } else if (yaml.isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  const addSite = (format: PartnerFormat, map: YamlMap, key: string, defaults: YamlMap | undefined): void => {
    // A key the block leaves out is read where the document sets it for the block.
    const holder = (k: string): YamlMap | undefined => (read.has(map, k) || !defaults ? map : defaults);
    const tokenNode = read.node(holder(key), key);
    const value = read.text(holder(key), key);
    if (value === undefined && !((format.taskWithoutToken || format.tokenEnv) && tokenNode === undefined)) return;
    const found =
      (value === undefined ? undefined : credentialOf(value)) ??
      (format.tokenEnv && value === undefined ? { source: 'env' as const, name: format.tokenEnv } : undefined) ??
      (format.taskWithoutToken ? { source: 'unknown' as const } : undefined);
    if (!found) return;
    // The token's line when the block holds it; the block's own first line when it is set elsewhere.
    const span = (holder(key) === map ? read.span(tokenNode) : undefined) ?? read.span(map) ?? { line: 1, column: 1 };
    const credential: RawCredential = { ...found, span: read.span(tokenNode) ?? span };
    const site: RawCallSite = {
      kind: 'config',
      span,
      endpoint: format.endpoint(map, read, defaults),
      credential,
      client: format.client,
      toolSettings: true,
    };
    // An orchestrator's file is the orchestrator's unless it sits with the tests; a partner's block is always the partner's.
    if (format.workflow === 'orchestrator') facts.role = 'orchestrator';
    else if (format.workflow !== 'runner') site.workflow = 'partner-integration';
    const account = read.text(holder(format.accountKey.split('.')[0]!), format.accountKey)?.trim();
    if (account && isDbtCloudId(account)) site.accountIds = [account];
    facts.callSites.push(site);
    // A literal in plugin defaults is one committed token, whichever tasks it serves.
    const written = credential.span ?? span;
    if (
      credential.source === 'literal' &&
      !facts.credentialSites.some((c) => c.span.line === written.line && c.span.column === written.column)
    )
      facts.credentialSites.push({ span: written, credential: { ...credential } });
  };
  let rootType: string | undefined;
  let docContents: YamlNode | undefined;
  for (const doc of docs) {
    docContents = (doc.contents ?? undefined) as YamlNode | undefined;
    rootType = read.text(docContents, 'type')?.trim();
    visit(doc.contents);
  }
  return facts;
}
