import { isParseError } from '../../../errors.js';
import { caughtExpected } from '../../extraction-limits.js';
import type { Definition, RawCallSite, RawCredential, Reference, Span } from '../../../model/raw-facts.js';
import { isDbtCloudHost, isDbtCloudId, splitUrl } from '../../../classify/endpoint.js';
import { stripAuthScheme } from '../../../credentials/auth-schemes.js';

// Airflow connections to dbt Cloud (apache-airflow-providers-dbt-cloud): connection type
// `dbt_cloud`, login = account id, password = API token, host = tenant (default cloud.getdbt.com).
// They are defined in env vars (AIRFLOW_CONN_<ID>), airflow_settings.yaml or Python code and
// used by id from operators; the core links uses to definitions.

export interface AirflowConnectionFields {
  connType?: string;
  host?: string;
  login?: string;
  password?: string;
}

/** dbt Cloud by connection type, or by a dbt Cloud tenant host. */
export function isDbtCloudConnection(c: AirflowConnectionFields): boolean {
  const type = (c.connType ?? '').trim().toLowerCase().replace(/-/g, '_');
  if (type === 'dbt_cloud') return true;
  const host = connectionHost(c.host);
  return host !== undefined && isDbtCloudHost(host);
}

/** The host name in a connection's host field, which may be a bare host or a URL. */
export function connectionHost(host: string | undefined): string | undefined {
  const h = (host ?? '').trim();
  if (!h || h.length > 500) return undefined;
  const split = splitUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(h) ? h : `https://${h}`);
  return split.host?.toLowerCase() || undefined;
}

/** A connection's host when it is a dbt Cloud host (`emea.dbt.com`, `ab123.us1.dbt.com`). */
export function dbtCloudConnectionHost(host: string | undefined): string | undefined {
  const h = connectionHost(host);
  return h !== undefined && isDbtCloudHost(h) ? h : undefined;
}

/**
 * A reference written inside a string value: Airflow Jinja (`{{ var.value.X }}`,
 * `{{ conn.X.password }}`, `{{ env_var('X') }}`) and, when `shellStyle`, `$X` / `${X}`.
 */
export function templateReference(value: string, shellStyle: boolean): Omit<RawCredential, 'span'> | undefined {
  const v = value.trim();
  if (v.length > 400) return undefined;
  const jinja = /\{\{-?\s*([^{}]{1,200}?)\s*-?\}\}/.exec(v);
  if (jinja) {
    const expr = jinja[1]!;
    let m = /^var\.(value|json)\.(?:get\(\s*['"]([\w.-]+)['"][^)]*\)|([\w-]+))/.exec(expr);
    if (m) {
      const name = (m[2] ?? m[3])!;
      // `var.json.dbt_cloud.personal_access_token`: the key within the JSON variable names the token too.
      const keys = m[1] === 'json' ? jsonKeyPath(expr.slice(m[0].length)) : [];
      return { source: 'variable', name: [name, ...keys].join('.') };
    }
    m = /^conn\.(?:get\(\s*['"]([\w.-]+)['"]\s*\)|([\w-]+))\.password\b/.exec(expr);
    if (m) {
      const id = (m[1] ?? m[2])!;
      return { source: 'config', name: id, ref: { kind: 'airflow-connection', id } };
    }
    m = /^(?:env_var\(\s*['"](\w+)['"]|env\.(\w+)|macros\.os\.environ(?:\.get\(\s*['"](\w+)['"]|\[\s*['"](\w+)['"]))/.exec(expr);
    if (m) return { source: 'env', name: m[1] ?? m[2] ?? m[3] ?? m[4] };
    return { source: 'unknown' };
  }
  if (shellStyle) {
    const m = /^\$(?:\{(\w+)(?:[:?-][^}]*)?\}|(\w+))$/.exec(v);
    if (m) return { source: 'env', name: m[1] ?? m[2] };
  }
  return undefined;
}

/** The keys of `.key`, `['key']` and `.get('key')` steps after a JSON variable's name. */
function jsonKeyPath(rest: string): string[] {
  const keys: string[] = [];
  const step = /^\s*(?:\.get\(\s*['"]([\w.-]+)['"][^)]*\)|\.(\w+)|\[\s*['"]([\w.-]+)['"]\s*\])/;
  for (let m = step.exec(rest); m && keys.length < 8; m = step.exec(rest)) {
    keys.push((m[1] ?? m[2] ?? m[3])!);
    rest = rest.slice(m[0].length);
  }
  return keys;
}

/** The credential a connection's password field stands for. */
export function connectionPasswordCredential(
  password: string | undefined,
  fallbackName: string | undefined,
  span: Span | undefined,
): RawCredential {
  // An HTTP connection's password is the whole header value (`Token%20dbtc_…`, decoded): the token follows the scheme.
  const pw = stripAuthScheme((password ?? '').trim(), 'dbt');
  if (pw === '') return { source: 'config', name: fallbackName, span };
  const ref = templateReference(pw, true);
  if (ref) return { ...ref, span };
  return { source: 'literal', value: pw, name: fallbackName, span };
}

/** Account id from a connection's login (digits only). */
export function connectionAccountIds(login: string | undefined): string[] | undefined {
  const l = (login ?? '').trim();
  return isDbtCloudId(l) ? [l] : undefined;
}

/**
 * Where a dbt Cloud connection is configured (an `AIRFLOW_CONN_*` entry, an airflow_settings.yaml
 * connection): a config site, at `span`, with the connection's token. Its token enters the
 * Airflow deployment there; the DAGs that use the connection are its calls.
 */
export function connectionConfigSite(def: Definition, span: Span): RawCallSite {
  const site: RawCallSite = {
    kind: 'config',
    span,
    client: 'airflow-connection',
    credential: { ...def.credential },
    endpoint: { host: def.host ?? 'cloud.getdbt.com' },
  };
  if (def.accountIds) site.accountIds = [...def.accountIds];
  return site;
}

export function airflowConnectionRef(id: string): Reference {
  return { kind: 'airflow-connection', id };
}

const ENV_PREFIX = /^AIRFLOW_CONN_(.+)$/i;

/**
 * An Airflow connection given as `AIRFLOW_CONN_<ID>=<uri or json>` (env files, compose files,
 * Dockerfiles), as a definition that operators using that connection id link to. Undefined when
 * it is not a dbt Cloud connection.
 */
export function airflowConnectionFromEnv(name: string, value: string, span: Span): Definition | undefined {
  const m = ENV_PREFIX.exec(name.trim());
  if (!m || value.length > 20_000) return undefined;
  const id = m[1]!.toLowerCase();
  const fields = parseConnectionValue(unquote(value.trim()));
  if (!fields || !isDbtCloudConnection(fields)) return undefined;
  const definition: Definition = {
    ref: airflowConnectionRef(id),
    credential: connectionPasswordCredential(fields.password, name.trim(), span),
    span,
  };
  const accountIds = connectionAccountIds(fields.login);
  if (accountIds) definition.accountIds = accountIds;
  const host = dbtCloudConnectionHost(fields.host);
  if (host) definition.host = host;
  return definition;
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** Parses the URI form (`dbt-cloud://login:password@host?extra`) or the JSON form. */
export function parseConnectionValue(value: string): AirflowConnectionFields | undefined {
  if (value.startsWith('{')) return parseJsonConnection(value);
  const scheme = /^([a-z][a-z0-9+._-]*):\/\//i.exec(value);
  if (!scheme) return undefined;
  let rest = value.slice(scheme[0].length);
  const q = rest.search(/[?#]/);
  if (q >= 0) rest = rest.slice(0, q);
  const at = rest.lastIndexOf('@');
  const userinfo = at >= 0 ? rest.slice(0, at) : '';
  const hostPart = (at >= 0 ? rest.slice(at + 1) : rest).split('/')[0] ?? '';
  const colon = userinfo.indexOf(':');
  const login = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  const password = colon >= 0 ? userinfo.slice(colon + 1) : undefined;
  // An HTTP connection's extra, as query parameters, is the headers HttpHook sends: `?Authorization=Token%20…`.
  const header = password ? undefined : /[?&]authorization=([^&#]{1,2000})/i.exec(value)?.[1];
  return {
    connType: scheme[1],
    host: decode(hostPart.replace(/:\d+$/, '')) || undefined,
    login: decode(login) || undefined,
    password: password !== undefined ? decode(password) : header !== undefined ? decode(header.replace(/\+/g, ' ')) : undefined,
  };
}

function parseJsonConnection(value: string): AirflowConnectionFields | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    caughtExpected(e, isParseError);
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const o = parsed as Record<string, unknown>;
  const str = (k: string): string | undefined =>
    typeof o[k] === 'string' ? (o[k] as string) : typeof o[k] === 'number' ? String(o[k]) : undefined;
  // An HTTP connection's `extra` is the headers HttpHook sends: its Authorization header carries the token.
  let extra = o.extra;
  if (typeof extra === 'string') extra = parseJsonObject(extra);
  const header =
    extra && typeof extra === 'object' && !Array.isArray(extra)
      ? Object.entries(extra as Record<string, unknown>).find(([k, v]) => k.toLowerCase() === 'authorization' && typeof v === 'string')?.[1]
      : undefined;
  return {
    connType: str('conn_type'),
    host: str('host'),
    login: str('login'),
    password: str('password') || (header as string | undefined),
  };
}

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    caughtExpected(e, isParseError);
    return undefined;
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    caughtExpected(e, isParseError);
    return s;
  }
}
