import type { RawCallSite, RawCredential, RawEndpoint, Span } from '../../model/raw-facts.js';
import { sanitizeUrl, splitUrl } from '../../classify/endpoint.js';
import { attr, type TfBlock, type TfExpr } from './model.js';
import type { ModuleIndex } from './module-index.js';

// `provider "dbtcloud" { token, account_id, host_url }` -> one call site: the provider talks to
// the dbt Cloud API with that token for every dbtcloud_* resource of the module. Facts from the
// dbt-labs/dbtcloud provider docs (facts §4): host_url defaults to https://cloud.getdbt.com/api
// and includes `/api`; without `token` the provider reads DBT_CLOUD_TOKEN.

const DEFAULT_HOST_URL = 'https://cloud.getdbt.com/api';
/**
 * The attribute that holds the token: `token`, or `api_key` as some modules write it. No version
 * of either provider takes `api_key` (Terraform stops at it), but it names the credential the
 * module's author meant the provider to use, which is what the migration must replace.
 */
const tokenAttr = (block: TfBlock) => attr(block, 'token') ?? attr(block, 'api_key');
const TOKEN_ENV = 'DBT_CLOUD_TOKEN';
/** Provider sources of dbt Cloud: dbt-labs/dbtcloud and the older GtheSheep/dbt-cloud. */
const DBT_SOURCE = /(^|\/)(dbtcloud|dbt-cloud)$/i;
/** Local names the legacy GtheSheep/dbt-cloud provider was used under. */
const LEGACY_NAMES = new Set(['dbt', 'dbt_cloud']);
/** How many `local.x` -> `local.y` hops are followed. */
const MAX_LOCAL_HOPS = 5;

/** The provider's source address when `block` configures a dbt Cloud provider; undefined otherwise. */
export function dbtProviderSource(block: TfBlock, index: ModuleIndex): string | undefined {
  const name = block.labels[0];
  if (block.type !== 'provider' || name === undefined) return undefined;
  const declared = index.providerSources.get(name);
  if (declared !== undefined) return DBT_SOURCE.test(declared) ? declared : undefined;
  if (name === 'dbtcloud') return 'dbt-labs/dbtcloud';
  if (LEGACY_NAMES.has(name)) {
    // Without a declared source, `provider "dbt"` counts when it is configured like dbt Cloud
    // or the module uses the legacy provider's dbt_cloud_* resources.
    const configured = tokenAttr(block) !== undefined || ['account_id', 'host_url'].some((k) => attr(block, k) !== undefined);
    const usesResources = [...index.resourceTypes].some((t) => t.startsWith('dbt_cloud_'));
    if (configured || usesResources) return 'GtheSheep/dbt-cloud';
  }
  return undefined;
}

export type Resolved =
  | { kind: 'literal'; value: string; span: Span }
  | { kind: 'variable'; name: string; span: Span; value?: string; valueSpan?: Span }
  /** A cloud secret store's secret, read by a data source of the module (`data.aws_secretsmanager_secret_version.x.secret_string`, or `ephemeral.…`). */
  | { kind: 'secret'; name: string; span: Span }
  /** An environment variable Terragrunt reads (`get_env("X")`). */
  | { kind: 'env'; name: string; span: Span }
  | { kind: 'unknown'; name?: string; span: Span }
  | { kind: 'absent' };

/** Follows `local.x` hops and resolves `var.x` to its auto-loaded value or default, when literal. */
export function resolve(expr: TfExpr | undefined, index: ModuleIndex): Resolved {
  let e = expr;
  let refSpan: Span | undefined;
  let keys: string[] = [];
  for (let hop = 0; e && hop <= MAX_LOCAL_HOPS; hop++) {
    if (e.kind === 'literal') {
      // `token = null` or `""` leaves the provider on its environment default.
      if (e.valueType === 'null' || e.value === '') return { kind: 'absent' };
      if (e.valueType === 'bool') return { kind: 'unknown', span: e.span };
      return { kind: 'literal', value: e.value, span: e.span };
    }
    // Terragrunt's `get_env("DBT_CLOUD_TOKEN")`, filled in when it writes the generated file.
    if (e.kind === 'call' && e.name === 'get_env' && e.args[0]?.kind === 'literal' && ENV_NAME.test(e.args[0].value))
      return { kind: 'env', name: e.args[0].value, span: refSpan ?? e.span };
    // `jsondecode(data.aws_secretsmanager_secret_version.x.secret_string)["service_token"]`: that key of the secret's JSON.
    if (e.kind === 'call' && e.name === 'jsondecode' && e.args.length === 1) {
      const json = resolve(e.args[0], index);
      const path = [...(e.keys ?? []), ...keys];
      if (json.kind === 'secret' && path.length > 0)
        return { kind: 'secret', name: [json.name, ...path].join('.'), span: refSpan ?? e.span };
      return { kind: 'unknown', span: refSpan ?? e.span };
    }
    if (e.kind !== 'ref') return { kind: 'unknown', span: refSpan ?? e.span };
    const [root, name] = e.parts;
    if (root === 'var' && name !== undefined) {
      const value = index.varValues.get(name) ?? index.variables.get(name);
      const lit = value?.kind === 'literal' && value.valueType !== 'null' && value.valueType !== 'bool' ? value : undefined;
      return { kind: 'variable', name, span: refSpan ?? e.span, value: lit?.value, valueSpan: lit?.span };
    }
    if ((root === 'data' || root === 'ephemeral') && e.parts.length >= 4) {
      const secret = index.secretReads.get(e.parts.slice(0, 3).join('.'));
      if (secret !== undefined && SECRET_VALUE_ATTRIBUTES.has(e.parts[3]!))
        return { kind: 'secret', name: secret, span: refSpan ?? e.span };
    }
    if (root === 'local' && name !== undefined && index.locals.has(name)) {
      refSpan ??= e.span;
      // `local.cfg["token"]`: the key read of what the local holds.
      keys = [...e.parts.slice(2), ...keys];
      e = index.locals.get(name);
      continue;
    }
    return { kind: 'unknown', name: e.parts.join('.'), span: refSpan ?? e.span };
  }
  return expr ? { kind: 'unknown', span: refSpan ?? expr.span } : { kind: 'absent' };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The attributes of a secret data source that hold the secret's value. */
const SECRET_VALUE_ATTRIBUTES = new Set(['secret_string', 'value', 'secret_data', 'insecure_value']);

/** The credential an expression gives (a provider's `token`, a function's env entry): a literal, a variable, a secret. */
export function credentialOf(expr: TfExpr | undefined, index: ModuleIndex): RawCredential {
  const r = resolve(expr, index);
  switch (r.kind) {
    case 'absent':
      return { source: 'env', name: TOKEN_ENV };
    case 'literal':
      return { source: 'literal', value: r.value, span: r.span };
    case 'variable': {
      const c: RawCredential = { source: 'variable', name: r.name, span: r.span, ref: { kind: 'terraform-variable', id: r.name } };
      // Resolved in the module itself: carry the value so the type can be told from its format.
      if (r.value !== undefined && r.value !== '') c.value = r.value;
      return c;
    }
    case 'secret':
      return { source: 'secret', name: r.name, span: r.span };
    case 'env':
      return { source: 'env', name: r.name, span: r.span };
    case 'unknown':
      return r.name !== undefined ? { source: 'unknown', name: r.name, span: r.span } : { source: 'unknown', span: r.span };
  }
}

function endpointOf(expr: TfExpr | undefined, index: ModuleIndex): RawEndpoint {
  const r = resolve(expr, index);
  let url: string;
  if (r.kind === 'absent') url = DEFAULT_HOST_URL;
  else if (r.kind === 'literal' || (r.kind === 'variable' && r.value)) url = r.kind === 'literal' ? r.value : r.value!;
  else url = `{${r.kind === 'variable' ? r.name : (r.name ?? 'DBT_CLOUD_HOST_URL')}}`;
  const { host } = splitUrl(url);
  // No `path`: the provider calls many endpoints under host_url, none of them named here.
  const endpoint: RawEndpoint = { url: sanitizeUrl(url) };
  if (host) endpoint.host = host.startsWith('{') ? host : host.toLowerCase();
  // Without `host_url` the provider reads DBT_CLOUD_HOST_URL: a CI step running Terraform that sets it decides the host.
  if (r.kind === 'absent') endpoint.hostEnv = 'DBT_CLOUD_HOST_URL';
  return endpoint;
}

const literalStringOf = (e: TfExpr | undefined): string | undefined =>
  e?.kind === 'literal' && e.valueType === 'string' ? e.value : undefined;

function accountIdsOf(expr: TfExpr | undefined, index: ModuleIndex): string[] | undefined {
  const r = resolve(expr, index);
  const v = r.kind === 'literal' ? r.value : r.kind === 'variable' ? r.value : undefined;
  return v !== undefined && /^\d{1,19}$/.test(v.trim()) ? [v.trim()] : undefined;
}

export function providerCallSite(block: TfBlock, source: string, index: ModuleIndex): RawCallSite {
  const site: RawCallSite = {
    kind: 'terraform',
    span: block.span,
    endpoint: endpointOf(attr(block, 'host_url')?.expr, index),
    credential: credentialOf(tokenAttr(block)?.expr, index),
    client: source,
  };
  const accountIds = accountIdsOf(attr(block, 'account_id')?.expr, index);
  if (accountIds) site.accountIds = accountIds;
  const alias = literalStringOf(attr(block, 'alias')?.expr);
  if (index.serviceTokenProviders.has(alias ? `${block.labels[0]}.${alias}` : block.labels[0]!)) site.createsServiceToken = true;
  return site;
}
