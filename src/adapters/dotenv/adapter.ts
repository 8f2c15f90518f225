import { isBudgetExceeded } from '../../errors.js';
import { secretReferenceIn } from '../shared/secret-stores.js';
import { secretStoreRead } from '../shell/secret-store-reads.js';
import { caughtExpected } from '../extraction-limits.js';
import {
  holdsDbtCloudAddress,
  isDbtCloudAccountPrefix,
  isDbtCloudBaseUrl,
  isDbtCloudHost,
  isDbtCloudId,
  isDbtHostName,
  splitUrl,
  tokenBesideDbtAddress,
} from '../../classify/endpoint.js';
import { type Definition, emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import type { LanguageAdapter } from '../adapter.js';
import { folderOf } from '../repo-path.js';
import { isIniSettings, isMiseConfig, isStreamlitSecrets } from '../../discover/dotenv-names.js';
import { airflowConnectionFromEnv, connectionConfigSite } from '../shared/airflow-connection/airflow-connection.js';
import { JDBC_SCHEME, semanticLayerJdbcUrl } from '../shared/values/jdbc-url.js';
import { sanitizeUrl } from '../../classify/endpoint.js';
import { DBT_MCP_SETTING } from '../shared/env-entries/dbt-host-entries.js';
import { hasDbtTokenPrefix, isDatabricksTokenShaped, isDbtTokenShaped, isLegacyKeyShaped } from '../../credentials/token-shapes.js';
import { isInterpolation, isPlaceholderValue, typeFromPlaceholderText } from '../../credentials/placeholders.js';
import {
  hasSecretSegment,
  isAmbiguousDbtTokenName,
  isDbtLegacyKeyNameForEnvFile,
  isDbtTokenName,
  isWebhookSecretName,
} from '../../credentials/names.js';

// A tolerant `.env` reader: `NAME=value`, `export NAME=value`, single/double/backtick quotes
// (double quotes may span lines and take `\n`-style escapes), `# comments`. Line based, no
// regex over unbounded text. Streamlit's `.streamlit/secrets.toml` is read the same way: flat
// `KEY = "value"` lines, under `[section]` tables whose keys `st.secrets` reads as `section.KEY`.

interface EnvEntry {
  name: string;
  /** The value with quotes removed and escapes applied. */
  value: string;
  /** 1-based line and column of the name. */
  line: number;
  column: number;
  /** 1-based line and column of the value's first character (inside the quotes). */
  valueLine: number;
  valueColumn: number;
}

interface ParsedDotenv {
  entries: EnvEntry[];
  /** Lines too long to read. */
  skippedLines: number;
}

const MAX_LINE = 100_000;
/** A quoted value may run over this many lines before it is taken as unterminated. */
const MAX_QUOTED_LINES = 200;
const NAME = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.-]{0,255})\s*=[ \t]*/;
/** A YAML env-vars file's top-level `NAME: value` (gcloud's `--env-vars-file .env.yaml`, for Cloud Functions and Cloud Run). */
const YAML_NAME = /^()()([A-Za-z_][A-Za-z0-9_]{0,255}):[ \t]+(?!#)/;
const isYamlEnvFile = (path: string): boolean => /\.ya?ml$/i.test(path);

function unescapeDouble(s: string): string {
  return s.includes('\\')
    ? s.replace(/\\([nrt"\\$`])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c))
    : s;
}

/** A TOML table header: `[dbt]`, `[connections.dbt_cloud]`. */
const TABLE = /^\s*\[\s*([A-Za-z0-9_.-]{1,255})\s*\]\s*(?:#.*)?$/;

function parseDotenv(text: string, toml = false, onlyTable?: string, yaml = false, bareTable?: string): ParsedDotenv {
  const lines = text.split(/\r?\n/);
  const entries: EnvEntry[] = [];
  let skippedLines = 0;
  let table = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > MAX_LINE) {
      skippedLines++;
      continue;
    }
    if (toml && line.trimStart().startsWith('[')) {
      table = TABLE.exec(line)?.[1] ?? '';
      continue;
    }
    // mise's `[env]` table: its keys are the variables themselves, and its other tables (tools, tasks) set none.
    if (onlyTable !== undefined && table !== onlyTable) continue;
    const m = (yaml ? YAML_NAME : NAME).exec(line.slice(0, 400));
    if (!m) continue;
    const name = table && onlyTable === undefined && table !== bareTable ? `${table}.${m[3]!}` : m[3]!;
    const nameColumn = m[1]!.length + (m[2]?.length ?? 0) + 1;
    const start = m[0].length;
    const q = line[start];
    const entry = (value: string, valueLine: number, valueColumn: number): void => {
      entries.push({ name, value, line: i + 1, column: nameColumn, valueLine, valueColumn });
    };
    if (q === '"' || q === "'" || q === '`') {
      const close = line.indexOf(q, start + 1);
      if (close >= 0 && (q !== '"' || !escapedAt(line, close))) {
        const raw = line.slice(start + 1, close);
        entry(q === '"' ? unescapeDouble(raw) : raw, i + 1, start + 2);
        continue;
      }
      // Multi-line quoted value: collect until the closing quote.
      let raw = line.slice(start + 1);
      let j = i + 1;
      let closed = false;
      for (; j < lines.length && j - i <= MAX_QUOTED_LINES; j++) {
        const l = lines[j]!;
        if (l.length > MAX_LINE) break;
        const c = firstUnescaped(l, q);
        if (c >= 0) {
          raw += `\n${l.slice(0, c)}`;
          closed = true;
          break;
        }
        raw += `\n${l}`;
      }
      if (closed) {
        entry(q === '"' ? unescapeDouble(raw) : raw, i + 1, start + 2);
        i = j;
      } else {
        entry(line.slice(start + 1).trim(), i + 1, start + 2); // unterminated: this line only
      }
      continue;
    }
    // Unquoted: up to an inline comment (` #`), trimmed.
    let end = line.length;
    for (let k = start; k < line.length; k++) {
      if (line[k] === '#' && (k === start || line[k - 1] === ' ' || line[k - 1] === '\t')) {
        end = k;
        break;
      }
    }
    entry(line.slice(start, end).trim(), i + 1, start + 1);
  }
  return { entries, skippedLines };
}

function escapedAt(s: string, i: number): boolean {
  let n = 0;
  for (let k = i - 1; k >= 0 && s[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

function firstUnescaped(s: string, q: string): number {
  for (let k = s.indexOf(q); k >= 0; k = s.indexOf(q, k + 1)) if (q !== '"' || !escapedAt(s, k)) return k;
  return -1;
}

// --- which entries are dbt Cloud tokens ----------------------------------------------------------

const DATABRICKS_HOST = /(^|[./])(cloud\.databricks\.com|azuredatabricks\.net|gcp\.databricks\.com|databricks\.com)(\/|:|$)/i;

interface FileContext {
  /** A dbt Cloud host named by a host variable in the same file. */
  host?: string;
  /** Names of the entries holding a dbt Cloud address, whatever they are called (`SL_HOST`). */
  dbtAddresses: string[];
  databricks: boolean;
  accountIds: string[];
  /** The file configures the dbt MCP server (DBT_MCP_SETTING). */
  dbtMcp: boolean;
}

/**
 * Whether NAME names a dbt Cloud API token (credentials/names.ts, 'env-file' level).
 * `DBT_TOKEN` needs a dbt Cloud host or the dbt MCP server's settings beside it, and nothing saying Databricks.
 */
function namesDbtCloudToken(name: string, file: FileContext, dbtCloudHeading: boolean): boolean {
  // `SL_TOKEN` beside `SL_HOST=semantic-layer.cloud.getdbt.com`: the address says whose token it is.
  if (!isDbtTokenName(name, 'env-file')) return !file.databricks && tokenBesideDbtAddress(name, file.dbtAddresses);
  if (isAmbiguousDbtTokenName(name, 'env-file')) return (file.host !== undefined || file.dbtMcp || dbtCloudHeading) && !file.databricks;
  return true;
}

/** `# dbt Cloud` in the comment lines right above an entry: the section it sits in says whose token it is. */
function underDbtCloudHeading(lines: readonly string[], line: number): boolean {
  for (let i = line - 2; i >= 0 && i >= line - 5; i--) {
    const l = lines[i]!.trim();
    if (!l.startsWith('#')) return false;
    if (/\bdbt[\s_-]*cloud\b/i.test(l)) return true;
  }
  return false;
}

/**
 * Whether NAME=value holds a dbt Cloud API token we should report. Not the 'env' name level
 * (shared/env-entries/dbt-env.ts): a .env entry always has its value, so placeholders, git SHAs and Databricks
 * tokens are ruled out by value and the name rules are by segment ('env-file').
 */
function isDbtCloudToken(name: string, value: string, file: FileContext, dbtCloudHeading: boolean): boolean {
  if (isWebhookSecretName(name, 'env-file')) return false;
  if (!value || isInterpolation(value, 'contains') || isDatabricksTokenShaped(value)) return false;
  if (isDbtTokenShaped(value)) return true;
  if (isPlaceholderValue(value, 'env-file')) return false;
  if (!name.toUpperCase().includes('DBT')) return !isLegacyKeyShaped(value) && namesDbtCloudToken(name, file, dbtCloudHeading);
  if (isLegacyKeyShaped(value)) {
    if (!isDbtLegacyKeyNameForEnvFile(name)) return false;
    return !(file.databricks && isAmbiguousDbtTokenName(name, 'env-file'));
  }
  return namesDbtCloudToken(name, file, dbtCloudHeading);
}

/**
 * A dbt Cloud token entry left empty or holding a placeholder (`.env.example`: `DBT_TOKEN=`,
 * `DBT_CLOUD_API_TOKEN="<TOKEN>"`): the tool reads that variable, so it is a credential site,
 * with no value. References (`${X}`) and Databricks tokens are not.
 */
function isDbtCloudTokenSlot(name: string, value: string, file: FileContext, dbtCloudHeading: boolean): boolean {
  if (isWebhookSecretName(name, 'env-file') || isInterpolation(value, 'contains') || isDatabricksTokenShaped(value)) return false;
  if (value !== '' && (isDbtTokenShaped(value) || !isPlaceholderValue(value, 'env-file'))) return false;
  // `TRIGGER_KEY=dbtu_***`: a placeholder that starts as a dbt token does says whose token goes here, whatever the name.
  return hasDbtTokenPrefix(value) || namesDbtCloudToken(name, file, dbtCloudHeading);
}

function fileContext(entries: EnvEntry[]): FileContext {
  const ctx: FileContext = { databricks: false, accountIds: [], dbtAddresses: [], dbtMcp: false };
  for (const e of entries) {
    const v = e.value.trim();
    if (DBT_MCP_SETTING.test(e.name)) ctx.dbtMcp = true;
    if (holdsDbtCloudAddress(v)) {
      ctx.dbtAddresses.push(e.name);
      // Named for something else (`SL_HOST`): still the dbt Cloud host the file's tokens are for.
      if (ctx.host === undefined && !isDbtHostName(e.name)) {
        const host = splitUrl(
          /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v.replace(/^["']|["']$/g, '') : `https://${v.replace(/^["']|["']$/g, '')}`,
        ).host;
        if (host) ctx.host = host.toLowerCase();
      }
    }
    if (DATABRICKS_HOST.test(v) || isDatabricksTokenShaped(v)) ctx.databricks = true;
    if (ctx.host === undefined && isDbtHostName(e.name) && v.length < 500) {
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`;
      const host = splitUrl(url).host;
      if (host && (isDbtCloudBaseUrl(url) || isDbtCloudHost(host))) ctx.host = host.toLowerCase();
    }
    if (/DBT/i.test(e.name) && /ACCOUNT_?ID$/i.test(e.name) && isDbtCloudId(v) && !ctx.accountIds.includes(v)) ctx.accountIds.push(v);
  }
  return ctx;
}

// --- the adapter -------------------------------------------------------------------------------

/**
 * `.env.example`, `.env_template`, `example.env`, `.env.local`, `.env.dev`: copied or kept to run
 * a tool on a developer's machine, whatever folder they sit in (a GitHub Action's root too); and
 * the settings of an environment short of production (`.env.staging`, `.env.qa`, `.env.test`),
 * where dbt's guidance allows a PAT.
 */
const LOCAL_ENV_WORDS = new Set([
  'example',
  'examples',
  'sample',
  'template',
  'tmpl',
  'tpl',
  'dist',
  'local',
  'dev',
  'development',
  'staging',
  'stage',
  'stg',
  'qa',
  'uat',
  'test',
]);
/** The words of a template's name (`.env.example`, `env.sample`, `.env_template`): its values are examples. */
const TEMPLATE_WORDS = new Set(['example', 'examples', 'sample', 'template', 'tmpl', 'tpl', 'dist']);
function isTemplateEnvFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base.split(/[._-]/).some((w) => TEMPLATE_WORDS.has(w));
}

function isLocalEnvFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base.split(/[._-]/).some((w) => LOCAL_ENV_WORDS.has(w));
}

/**
 * `DBT_JDBC_URL=jdbc:arrow-flight-sql://semantic-layer.cloud.getdbt.com:443?environmentId=1&token=…`
 * (a Streamlit app's `JDBC_URL = "…"`): the Semantic Layer's address and token in one setting, a
 * `config` site at the entry. The token is what follows `token=`: a fill-in there
 * (`<service-token>`) may name its type; a literal is reported by the committed-token search.
 */
function jdbcUrlSite(e: EnvEntry, value: string, jdbc: NonNullable<ReturnType<typeof semanticLayerJdbcUrl>>): RawCallSite {
  const credential: RawCredential = { source: 'config', name: e.name, span: { line: e.valueLine, column: e.valueColumn } };
  const token = jdbc.token?.text ?? '';
  const ref = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(token);
  if (ref) Object.assign(credential, { source: 'env', name: ref[1] });
  else if (token !== '') {
    credential.value = token;
    if (!isPlaceholderValue(token)) credential.source = 'literal';
  }
  return {
    kind: 'config',
    span: { line: e.line, column: e.column },
    credential,
    endpoint: { host: jdbc.host, url: sanitizeUrl(value.slice(value.search(JDBC_SCHEME))) },
  };
}

/**
 * `.env`, `.env.*`, `*.env`: dbt Cloud tokens written as values (a `config` call site plus a
 * credential site each), dbt Cloud token entries left empty or as placeholders (a `config` call
 * site reading the variable), and `AIRFLOW_CONN_*` connections (definitions for the Airflow linker).
 */
export const adapter: LanguageAdapter = {
  id: 'dotenv',
  async extract(file) {
    const facts: FileFacts = emptyFacts();
    if (isLocalEnvFile(file.path)) facts.role = 'script';
    let parsed: ParsedDotenv;
    const ini = isIniSettings(file.path);
    try {
      const mise = isMiseConfig(file.path);
      // python-decouple's `settings.ini`: its `[settings]` keys are what `config("DBT_CLOUD_TOKEN")` reads, as from the environment.
      const decouple = ini && /(?:^|\/)settings\.ini$/i.test(file.path) ? 'settings' : undefined;
      parsed = parseDotenv(
        file.text,
        mise || isStreamlitSecrets(file.path) || ini,
        mise ? 'env' : undefined,
        isYamlEnvFile(file.path),
        decouple,
      );
    } catch (e) {
      if (caughtExpected(e, isBudgetExceeded)) facts.problems.push('env file could not be read');
      return facts;
    }
    if (parsed.skippedLines > 0) facts.problems.push(`${parsed.skippedLines} line(s) longer than ${MAX_LINE} characters not read`);
    const ctx = fileContext(parsed.entries);
    // `DBT_CLOUD_HOST=emea.dbt.com`: the host the code in the file's folder and below reads from that
    // variable; a template's (`.env.example`: `xyz.dbt.com`) is an example, not the host.
    for (const e of isTemplateEnvFile(file.path) ? [] : parsed.entries) {
      const v = e.value.trim();
      if (v === '' || v.length > 500 || !/^[A-Za-z_]\w{0,100}$/.test(e.name)) continue;
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`;
      const host = splitUrl(url).host;
      if (host && isDbtCloudHost(host) && (isDbtCloudBaseUrl(url) || isDbtCloudAccountPrefix(url)))
        (facts.scriptHosts ??= []).push({ script: `${folderOf(file.path)}/`, name: e.name, host: host.toLowerCase() });
    }
    let lines: string[] | undefined;
    for (const e of parsed.entries) {
      const valueSpan: Span = { line: e.valueLine, column: e.valueColumn };
      if (/^AIRFLOW_CONN_/i.test(e.name)) {
        const def: Definition | undefined = airflowConnectionFromEnv(e.name, e.value, valueSpan);
        if (!def) continue;
        facts.definitions.push(def);
        facts.callSites.push(connectionConfigSite(def, { line: e.line, column: e.column }));
        continue;
      }
      // Stray blanks inside quotes are not part of a token.
      const value = e.value.trim();
      const jdbc = semanticLayerJdbcUrl(value);
      if (jdbc) {
        facts.callSites.push(jdbcUrlSite(e, value, jdbc));
        continue;
      }
      // Read only for the names that need it (`DBT_TOKEN` is also dbt Core's Databricks token).
      const heading = isAmbiguousDbtTokenName(e.name, 'env-file') && underDbtCloudHeading((lines ??= file.text.split('\n')), e.line);
      let credential: RawCredential;
      // `DBT_CLOUD_API_TOKEN=op://Data/dbt-cloud-service-token/credential`: the secret the runner puts there.
      // direnv's `.envrc` (and a shell env file) may read it from a store: `export DBT_TOKEN="$(op read 'op://…')"`.
      const substituted = /^\$\((.{1,1000})\)$/s.exec(value)?.[1];
      const secret = secretReferenceIn(value) ?? (substituted !== undefined ? secretStoreRead(substituted) : undefined);
      if (secret !== undefined) {
        if (!isDbtCloudTokenSlot(e.name, '', ctx, heading)) continue;
        credential = { source: 'secret', name: e.name, span: valueSpan, description: { text: secret, line: e.valueLine, isName: true } };
      } else if (isDbtCloudToken(e.name, value, ctx, heading)) credential = { source: 'literal', name: e.name, value, span: valueSpan };
      else {
        // `.env.example`'s `DBT_TOKEN=<your-service-token>`: no token here, but what code that
        // reads DBT_TOKEN gets (the core keeps only a type named by the value or a comment).
        if (!isInterpolation(value, 'contains') && hasSecretSegment(e.name)) {
          facts.namedValues = facts.namedValues ?? [];
          facts.namedValues.push({ span: valueSpan, credential: { source: 'literal', name: e.name, value, span: valueSpan } });
        }
        if (!isDbtCloudTokenSlot(e.name, value, ctx, heading)) continue;
        // The entry itself is the setting (source 'config'). A placeholder the core also takes for
        // one goes along as the value: its text may name the type (`your-service-token`), which the
        // core reads as a description; it is never a committed token.
        credential = { source: 'config', name: e.name, span: valueSpan };
        if (value !== '' && isPlaceholderValue(value)) credential.value = value;
        else {
          const slot = typeFromPlaceholderText(value);
          if (slot) credential.slotType = slot;
        }
      }
      // An INI file is data a program reads itself (python/module.ts reads its settings): only a token committed in it is news.
      if (ini && credential.source !== 'literal') continue;
      const site: RawCallSite = { kind: 'config', span: { line: e.line, column: e.column }, credential };
      if (ctx.host) site.endpoint = { host: ctx.host, url: `https://${ctx.host}` };
      if (ctx.accountIds.length > 0) site.accountIds = [...ctx.accountIds];
      facts.callSites.push(site);
      if (credential.source === 'literal') facts.credentialSites.push({ span: valueSpan, credential: { ...credential } });
    }
    return facts;
  },
};
