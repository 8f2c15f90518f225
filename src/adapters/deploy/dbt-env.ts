import type { FileFacts, RawCallSite, RawCredential, RawEndpoint, Span } from '../../facts/types.js';
import { isDbtCloudBaseUrl, isDbtCloudHost, isDbtHostName, sanitizeUrl, splitUrl } from '../../classify/endpoint.js';
import { airflowConnectionFromEnv } from '../airflow-connection.js';
import type { EnvBinding } from '../shell/script.js';
import { isDbtTokenShaped } from '../../credentials/token-shapes.js';

// Environment entries of deployment and CI files (Dockerfile ENV, compose `environment:`,
// Kubernetes `env:`, CI `variables:`): which names carry a dbt Cloud token, and the facts an
// entry gives when a container or job is configured with one.

/** dbt Cloud webhook secrets (`DBT_CLOUD_AUTH_TOKEN` in dbt's webhook examples): checked, never sent to the API. */
const WEBHOOK_SECRET = /WEBHOOK|HMAC|SIGNING|AUTH_TOKEN/;
/** Names that mention dbt but hold something else: warehouse keys, paths, ids (webhook secrets above). */
const NOT_A_DBT_CLOUD_TOKEN = /PRIVATE_KEY|KEYFILE|KEY_?FILE|KEY_?PATH|_PATH$|_FILE$|_ID$|_NAME$|_URL$|_HOST$|PASSPHRASE|PASSWORD|SSH|DATABRICKS|SNOWFLAKE|BIGQUERY|REDSHIFT|POSTGRES|SYNAPSE|FABRIC|KEYSPACE|KEY_?VAULT|PUBLIC_KEY|CACHE_KEY|GIT|SLACK|DATADOG|AWS|AZURE|GCP|GOOGLE|SENTRY|JIRA|PAGERDUTY/;
/** Names that dbt Core on Databricks also uses for the warehouse token (`dapi...`). */
const AMBIGUOUS = /^(DBT_TOKEN|DBT_ACCESS_TOKEN)$/;

/**
 * A name that by itself says it holds a dbt Cloud API token: contains DBT and TOKEN / KEY / PAT / SECRET.
 * Stricter than ci-yaml/dbt-names.ts `isDbtTokenVariable` on purpose: container and job env
 * mixes dbt's token with warehouse and service secrets named `DBT_*`, hence the deny list.
 */
export function isDbtTokenName(name: string): boolean {
  if (name.length > 128) return false;
  // camelCase names (`dbtCloudPat`) split like snake_case ones.
  const n = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  if (!n.includes('DBT')) return false;
  if (!/TOKEN|KEY|(^|_)PAT(_|$)|SECRET/.test(n)) return false;
  // dbt Core's DBT_ENV_SECRET_* prefix marks warehouse secrets read by profiles.yml.
  if (n.startsWith('DBT_ENV_SECRET_') && !n.includes('CLOUD')) return false;
  return !WEBHOOK_SECRET.test(n) && !NOT_A_DBT_CLOUD_TOKEN.test(n);
}

/** A name for a webhook's signing secret (read by a receiver to check `Authorization` / HMAC signatures). */
export function isWebhookSecretName(name: string): boolean {
  return WEBHOOK_SECRET.test(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
}

/**
 * A dbt token name in an environment entry that is not a Databricks look-alike: `DBT_TOKEN` and
 * `DBT_ACCESS_TOKEN` count only when nothing in the file says Databricks, and never with a
 * Databricks (`dapi…`) value.
 */
export function isDbtTokenEntry(name: string, value: string | undefined, databricks: boolean): boolean {
  if (!isDbtTokenName(name)) return false;
  if (databricks && AMBIGUOUS.test(name.toUpperCase())) return false;
  return value === undefined || !/^dapi[0-9a-f]/i.test(value);
}

/** `DBT_TOKEN`, `DBT_ACCESS_TOKEN`: names dbt Core on Databricks also gives the warehouse token. */
export function isAmbiguousDbtTokenName(name: string): boolean {
  return AMBIGUOUS.test(name.toUpperCase());
}

/** A complete dbt Cloud token, blanks around it ignored. */
export function looksLikeDbtToken(value: string): boolean {
  return isDbtTokenShaped(value.trim());
}

/** A Databricks workspace, SQL warehouse path or `dapi` token anywhere in the text (bounded look). */
export function mentionsDatabricks(text: string): boolean {
  return /databricks|\bdapi[0-9a-f]{8}|sql\/1\.0\/(?:warehouses|endpoints)\//i.test(text);
}

/** A span without markers other modules may have attached (only line and column). */
export function plainSpan(span: Span): Span {
  return { line: span.line, column: span.column };
}

export interface EnvEntry {
  name: string;
  /** Where the entry's name is written. */
  span: Span;
  binding: EnvBinding;
  /** The value as written, before the format's own `${X}` substitution (for AIRFLOW_CONN_*). */
  raw?: string;
  /** Where `raw` starts. */
  rawSpan?: Span;
}

export interface EnvContext {
  /** The file mentions Databricks, so DBT_TOKEN / DBT_ACCESS_TOKEN are warehouse tokens. */
  databricks: boolean;
  /** Reported as the call site's client: `dockerfile`, `docker-compose`, `kubernetes`. */
  client: string;
}

/** The dbt Cloud host a block of entries configures (`DBT_CLOUD_HOST: emea.dbt.com`), if any. */
export function endpointOfEntries(entries: readonly EnvEntry[]): RawEndpoint | undefined {
  for (const e of entries) {
    if (!isDbtHostName(e.name) || !('value' in e.binding)) continue;
    const v = e.binding.value.trim();
    if (v.length > 300) continue;
    if (isDbtCloudBaseUrl(v)) {
      const host = splitUrl(v).host?.toLowerCase();
      return /^https?:\/\//i.test(v) ? { url: sanitizeUrl(v), host } : { host };
    }
    if (isDbtCloudHost(v)) return { host: v.toLowerCase() };
  }
  return undefined;
}

/**
 * Facts of one environment entry: an AIRFLOW_CONN_* definition, or, for a dbt token name or a
 * dbt-token-shaped value, a `config` call site (the container or job is configured with a dbt
 * Cloud token) and, for a literal, a credential site.
 */
export function addEnvEntryFacts(facts: FileFacts, entry: EnvEntry, ctx: EnvContext, endpoint?: RawEndpoint): void {
  const literal = 'value' in entry.binding ? entry.binding : undefined;
  if (/^AIRFLOW_CONN_/i.test(entry.name)) {
    const raw = entry.raw ?? literal?.value;
    const def = raw !== undefined ? airflowConnectionFromEnv(entry.name, raw, plainSpan(entry.rawSpan ?? literal?.span ?? entry.span)) : undefined;
    if (def) facts.definitions.push(def);
    return;
  }
  const value = literal?.value.trim();
  if (literal && (value === '' || value === undefined)) return;
  const shaped = value !== undefined && looksLikeDbtToken(value);
  if (!shaped && !isDbtTokenEntry(entry.name, value, ctx.databricks)) return;
  const bound = 'credential' in entry.binding ? entry.binding.credential : undefined;
  const credential: RawCredential = literal
    ? { source: 'literal', name: entry.name, value: literal.value, span: plainSpan(literal.span ?? entry.span) }
    : { ...bound!, ...(bound?.span ? { span: plainSpan(bound.span) } : {}) };
  const site: RawCallSite = { kind: 'config', span: plainSpan(entry.span), credential, client: ctx.client };
  if (endpoint) site.endpoint = { ...endpoint };
  facts.callSites.push(site);
  if (literal) facts.credentialSites.push({ span: plainSpan(credential.span ?? entry.span), credential: { ...credential } });
}

/**
 * A CI variable (Jenkins `environment`, CircleCI `environment:`, Azure `variables:`) set to a
 * literal: a credential site when its name or shape says it is a dbt Cloud token. The call
 * site is the step that uses it, found through the shell.
 */
export function addCiVariableFacts(facts: FileFacts, name: string, binding: EnvBinding | undefined, databricks: boolean): void {
  if (!binding || !('value' in binding) || !binding.span) return;
  const value = binding.value.trim();
  if (value === '' || value.length > 4096) return;
  const shaped = looksLikeDbtToken(value);
  if (!shaped) {
    if (!isDbtTokenEntry(name, value, databricks)) return;
    // `${{ ... }}`, `$(X)`, `{X}`: a reference, not a value.
    if (/[$]\{|\$\(|^\{.*\}$/.test(value)) return;
  }
  const span = { line: binding.span.line, column: binding.span.column };
  facts.credentialSites.push({ span, credential: { source: 'literal', name, value: binding.value, span: { ...span } } });
}
