import type { Definition, FileFacts, RawCallSite, RawCredential, RawEndpoint, Span } from '../../../model/raw-facts.js';
import { isDbtCloudBaseUrl, isDbtCloudHost, isDbtHostName, sanitizeUrl, splitUrl } from '../../../classify/endpoint.js';
import { airflowConnectionFromEnv, airflowConnectionRef, connectionConfigSite } from '../airflow-connection/airflow-connection.js';
import { bindingText, type EnvBinding } from '../values/binding.js';
import { isDbtTokenEntry } from '../../../credentials/names.js';
import { isCompleteToken } from '../../../credentials/token-shapes.js';

// Environment entries of deployment and CI files (Dockerfile ENV, compose `environment:`,
// Kubernetes `env:`, CI `variables:`): which names carry a dbt Cloud token, and the facts an
// entry gives when a container or job is configured with one.

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
  /** The credential an earlier entry the raw value refers to holds (Kubernetes' `$(DBT_CLOUD_SERVICE_TOKEN)`). */
  referred?: (name: string) => RawCredential | undefined;
}

/** A connection password that is only a reference to another entry: `$(X)` (Kubernetes), `${X}`. */
const ENTRY_REFERENCE = /^\$(?:\(([A-Za-z_]\w*)\)|\{([A-Za-z_]\w*)\})$/;

export interface EnvContext {
  /** The file mentions Databricks, so DBT_TOKEN / DBT_ACCESS_TOKEN are warehouse tokens. */
  databricks: boolean;
  /** Reported as the call site's client: `dockerfile`, `docker-compose`, `kubernetes`. */
  client: string;
  /**
   * The entries configure a tool that calls dbt Cloud itself (the dbt MCP server): its sites stay
   * when code of the repository sends the same variable (RawCallSite.toolSettings).
   */
  toolSettings?: true;
}

/** The dbt Cloud host a block of entries configures (`DBT_CLOUD_HOST: emea.dbt.com`), if any. */
export function endpointOfEntries(entries: readonly Pick<EnvEntry, 'name' | 'binding'>[]): RawEndpoint | undefined {
  for (const e of entries) {
    if (!isDbtHostName(e.name) || !('value' in e.binding)) continue;
    const v = bindingText(e.binding).trim();
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
 * `AIRFLOW_CONN_DBT_CLOUD_DEFAULT` filled from a secret store (a Kubernetes `secretKeyRef` to
 * `dbt-cloud-personal-token-conn`): a dbt-named connection whose token is that secret, typed by
 * what the secret's name says. Its URI is out of sight, so only a dbt name makes it dbt Cloud's.
 */
function secretConnection(entry: EnvEntry): Definition | undefined {
  const bound = 'credential' in entry.binding ? entry.binding.credential : undefined;
  const id = /^AIRFLOW_CONN_(\w+)$/i.exec(entry.name)?.[1]?.toLowerCase();
  if (!bound?.name || !id || !/dbt/i.test(`${id} ${bound.name} ${bound.description?.text ?? ''}`)) return undefined;
  const span = plainSpan(entry.span);
  const credential: RawCredential = { ...bound, span: plainSpan(bound.span ?? entry.span) };
  return { ref: airflowConnectionRef(id), credential, span };
}

/** An Airflow Variable set in the environment, read by `Variable.get("x")`. */
const AIRFLOW_VARIABLE = /^AIRFLOW_VAR_\w+$/i;

/**
 * Facts of one environment entry: an AIRFLOW_CONN_* definition, or, for a dbt token name or a
 * dbt-token-shaped value, a `config` call site (the container or job is configured with a dbt
 * Cloud token) and, for a literal, a credential site.
 */
export function addEnvEntryFacts(facts: FileFacts, entry: EnvEntry, ctx: EnvContext, endpoint?: RawEndpoint): void {
  const literal = 'value' in entry.binding ? entry.binding : undefined;
  if (/^AIRFLOW_CONN_/i.test(entry.name)) {
    const raw = entry.raw ?? (literal && bindingText(literal));
    const def =
      raw !== undefined
        ? airflowConnectionFromEnv(entry.name, raw, plainSpan(entry.rawSpan ?? literal?.span ?? entry.span))
        : secretConnection(entry);
    if (!def) return;
    const ref = def.credential.source === 'literal' ? ENTRY_REFERENCE.exec(def.credential.value ?? '') : null;
    const referred = ref ? entry.referred?.((ref[1] ?? ref[2])!) : undefined;
    if (referred) def.credential = { ...referred, span: plainSpan(referred.span ?? def.credential.span ?? def.span) };
    facts.definitions.push(def);
    facts.callSites.push(connectionConfigSite(def, plainSpan(entry.span)));
    return;
  }
  const value = literal && bindingText(literal).trim();
  if (literal && (value === '' || value === undefined)) return;
  const shaped = value !== undefined && isCompleteToken(value, false);
  if (!shaped && !isDbtTokenEntry(entry.name, value, ctx.databricks)) return;
  const bound = 'credential' in entry.binding ? entry.binding.credential : undefined;
  const credential: RawCredential = literal
    ? { source: 'literal', name: entry.name, value: bindingText(literal), span: plainSpan(literal.span ?? entry.span) }
    : { ...bound!, ...(bound?.span ? { span: plainSpan(bound.span) } : {}) };
  const site: RawCallSite = { kind: 'config', span: plainSpan(entry.span), credential, client: ctx.client };
  if (ctx.toolSettings) site.toolSettings = true;
  // `AIRFLOW_VAR_DBT_CLOUD_TOKEN: ${DBT_CLOUD_PERSONAL_TOKEN}`: the Airflow Variable holds what that name says.
  if (bound?.name && bound.name !== entry.name && AIRFLOW_VARIABLE.test(entry.name) && !bound.description) {
    const span = plainSpan(bound.span ?? entry.span);
    facts.namedValues ??= [];
    facts.namedValues.push({
      span,
      credential: { source: bound.source, name: entry.name, span, description: { text: bound.name, line: span.line, isName: true } },
    });
  }
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
  const text = bindingText(binding);
  const value = text.trim();
  if (value === '' || value.length > 4096) return;
  const shaped = isCompleteToken(value, false);
  if (!shaped) {
    if (!isDbtTokenEntry(name, value, databricks)) return;
    // `${{ ... }}`, `$(X)`, `{X}`: a reference, not a value.
    if (/[$]\{|\$\(|^\{.*\}$/.test(value)) return;
  }
  const span = { line: binding.span.line, column: binding.span.column };
  facts.credentialSites.push({ span, credential: { source: 'literal', name, value: text, span: { ...span } } });
}
