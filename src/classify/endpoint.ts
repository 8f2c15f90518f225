import { redactText } from '../findings/redact.js';
import type { ApiKind } from '../model/vocabulary.js';
import type { RawEndpoint } from '../model/raw-facts.js';
import { isSecretName } from '../credentials/names.js';
import { lookupEndpoint, namesAccountResourceOfTheApi } from './documented-endpoints.js';
import { DBT_SITE_LABELS } from './dbt-sites.js';

// Recognising dbt Cloud API URLs (../shared/knowledge/dbt-cloud-facts.md §2). Adapters write the
// parts they cannot resolve as `{NAME}` placeholders: `{DBT_CLOUD_HOST}/api/v2/accounts/{id}/jobs/`.

const PLACEHOLDER = /^\{[^{}]*\}$/;

/** True for hosts of the dbt Cloud API: cloud.getdbt.com, single tenant *.getdbt.com, regional and cell *.dbt.com. */
export function isDbtCloudHost(host: string): boolean {
  // A placeholder label (`{ACCOUNT_PREFIX}.us1.dbt.com`) stands for an account prefix.
  const h = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/\{[^{}.]*\}/g, 'x');
  let rest: string;
  if (h.endsWith('.getdbt.com')) rest = h.slice(0, -'.getdbt.com'.length);
  else if (h.endsWith('.dbt.com')) rest = h.slice(0, -'.dbt.com'.length);
  else return false;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(rest)) return false;
  const labels = rest.split('.');
  if (DBT_SITE_LABELS.has(labels[0] ?? '')) return false;
  // Below dbt.com, more than one label is a cell (`PREFIX.us1`, `PREFIX.metadata.eu1`) or an API
  // subdomain (`metadata.emea`): anything else (`p.vx.dbt.com`, dbt Labs' telemetry) is another service.
  return h.endsWith('.getdbt.com') || labels.length === 1 || labels.some((l) => REGION_OR_API_LABEL.test(l));
}

/** A region label (`us1`, `eu2`, `au1`) or an API's subdomain. */
const REGION_OR_API_LABEL = /^(?:[a-z]{2}\d{1,2}|metadata|semantic-layer)$/;

/** Any host on dbt's domains, API or web site (docs.getdbt.com, cloud.getdbt.com, emea.dbt.com). */
export function isDbtDomainHost(host: string): boolean {
  return /(^|\.)(getdbt|dbt)\.com$/i.test(host.replace(/\.$/, '').replace(/:\d+$/, ''));
}

/** Env or variable names that hold a dbt Cloud host or base URL. */
export function isDbtHostName(name: string): boolean {
  const n = name.toUpperCase();
  return /DBT/.test(n) && /(HOST|URL|DOMAIN|ENDPOINT|TENANT|(?:^|_)BASE(?:_|$))/.test(n);
}

/** A setting's value that is a dbt Cloud host, base URL or API URL (`semantic-layer.cloud.getdbt.com`). */
export function holdsDbtCloudAddress(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (!v || v.length > 500) return false;
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`;
  const host = splitUrl(url).host;
  return host !== undefined && !PLACEHOLDER.test(host) && isDbtCloudHost(host.replace(/:\d+$/, ''));
}

const upperSnake = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');
/** How the name of a setting holding an address ends (`SL_HOST`, `SEMANTIC_LAYER_URL`). */
const ADDRESS_SETTING = /^(.*?)(?:HOST(?:NAME)?|URL|URI|DOMAIN|ENDPOINT)$/;
/** How the name of a setting holding a token ends (`SL_TOKEN`, `SEMANTIC_LAYER_API_KEY`). */
const TOKEN_SETTING = /^(.*?)(?:(?:API_|AUTH_|ACCESS_|SERVICE_)?TOKEN|API_?KEY|PAT)$/;

/**
 * A token setting beside a setting of the same prefix that holds a dbt Cloud address: `SL_TOKEN`
 * next to `SL_HOST=semantic-layer.cloud.getdbt.com` (the Semantic Layer SDK's own names), whatever
 * the prefix says. `addresses`: the names of the file's (or step's) settings whose values are one.
 */
export function tokenBesideDbtAddress(name: string, addresses: Iterable<string>): boolean {
  const token = TOKEN_SETTING.exec(upperSnake(name));
  if (!token) return false;
  const prefix = token[1]!.replace(/_?(?:BASE|API)_?$/, '');
  for (const a of addresses) {
    const address = ADDRESS_SETTING.exec(upperSnake(a));
    if (address && address[1]!.replace(/_?(?:BASE|API)_?$/, '') === prefix) return true;
  }
  return false;
}

/** Words of a host setting's name or expression that say nothing of whose service it is. */
const GENERIC_HOST_WORDS = new Set(
  (
    'api apis url urls uri base host hostname endpoint endpoints server domain root prefix address addr path service svc app web ' +
    'http https rest public internal external remote my the our default main core cloud admin account accounts instance tenant ' +
    'region access platform env environ environment prod production dev development staging stage test qa local live target ' +
    'self this cls config cfg conf settings setting options opts os getenv get args params kwargs client session connection conn ' +
    'request req value val var vars data info meta metadata current global common shared base_url v1 v2 v3 v4 str format ' +
    // dbt Cloud's own API names (`discovery_api_url`, `graphql_endpoint`)
    'discovery graphql gql semantic layer ' +
    // where CI systems keep what a run is given (`${{ matrix.host }}`, `${{ inputs.host }}`, Azure's `parameters.host`)
    'matrix input inputs param params parameter parameters secret secrets variable variables ' +
    // fill-ins of sample code (`ENTER_ACCESS_URL`, `<your_host>`) and dbt Cloud's regions and cells
    'enter your insert put replace fill here some xxx emea apac cell multi tenancy'
  ).split(' '),
);

/**
 * A host setting named for some other service (`ACME_API_URL`, `settings.datacoves_url`): a word
 * in it that is neither generic nor dbt's. The setting holds that service's address.
 */
export function namesOtherService(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => w.length >= 3 && !/^\d+$/.test(w) && !GENERIC_HOST_WORDS.has(w) && !/dbt/.test(w));
}

/** The Semantic Layer's GraphQL API under the account's host, as dbt's older docs and demos wrote it. */
const SEMANTIC_LAYER_PATH = /^\/semantic-layer\/api\/graphql\/?$/;

export function apiKindOf(host: string | undefined, path: string | undefined): ApiKind {
  const h = (host ?? '').toLowerCase();
  const p = (path ?? '').toLowerCase();
  if (/(^|\.)semantic-layer\./.test(h) || /^\{?[^}]*semantic/.test(h)) return 'semantic-layer';
  if (/(^|\.)metadata\./.test(h) || /^\{?[^}]*(metadata|discovery)/.test(h)) return 'discovery';
  if (p.startsWith('/api/v2/') || p === '/api/v2') return 'admin-v2';
  if (p.startsWith('/api/v3/') || p === '/api/v3') return 'admin-v3';
  if (p === '/api/graphql' || p.startsWith('/api/graphql/') || SEMANTIC_LAYER_PATH.test(p)) return 'semantic-layer';
  if (/^\/(beta\/)?graphql\/?$/.test(p)) return 'discovery';
  return 'unknown';
}

export interface SplitUrl {
  host?: string;
  path: string;
  query: string;
}

/** Splits `scheme://user@host:port/path?query#frag` or a bare path; tolerant of placeholders. */
export function splitUrl(url: string): SplitUrl {
  let rest = url.trim();
  let host: string | undefined;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  if (scheme || /^(\{[^{}]*\}|[a-z0-9-]+(\.[a-z0-9-]+)+)(?=[/:?#]|$)/i.test(rest)) {
    const end = rest.search(/[/?#]/);
    let authority = end < 0 ? rest : rest.slice(0, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    host = authority.replace(/:\d+$/, '') || undefined;
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return { host, path: q >= 0 ? rest.slice(0, q) : rest, query: q >= 0 ? rest.slice(q + 1) : '' };
}

/** The host a setting names, written as a URL (`https://ab123.us1.dbt.com/api`) or as a bare host (`emea.dbt.com`). */
export function hostOfSetting(value: string): string | undefined {
  return splitUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`).host;
}

/** The URL as reports may print it: no user-info, no secret query values, bounded length. */
export function sanitizeUrl(url: string): string {
  let out = url.trim();
  out = out.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1');
  out = redactText(out); // a token may also sit in the path
  out = out.replace(/([?&;])([^=&#]*)=([^&#]*)/g, (_m, sep: string, key: string, value: string) =>
    isSecretName(key, 'url-parameter') || value.length > 24 ? `${sep}${key}=***` : `${sep}${key}=${value}`,
  );
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}

/**
 * Paths that only the dbt Cloud API has, so a call to them counts even when the host is unknown;
 * `/api/private/accounts/…` is the undocumented API dbt's own CLI downloads manifests from.
 */
const DBT_API_PATH =
  /^\/api\/(v2|v3|v4|\{[^{}/]*version[^{}/]*\})\/(accounts|users|notifications|adapter-schema)(\/|$)|^\/api\/ai\/v1\/mcp(\/|$)|^\/api\/private\/accounts\//i;
/** Jobs and runs of an account, under a base URL that ends in the API's version (`…/api/v2`). */
const UNDER_V2_BASE = /^\/accounts\/[^/]+\/(?:jobs|runs)(?:\/|$)/;
/** An account's jobs or runs under a base URL that ends in `/accounts/` (`{DBT_BASE_URL}{account_id}/jobs/…`). */
const UNDER_ACCOUNTS_BASE = /^\/(?:\{[^{}/]+\}|\d+)\/(?:jobs|runs)(?:\/|$)/;
/** A job's run, a run's artifacts or cancellation, under a base URL that ends in the account (`…/accounts/1/`). */
const UNDER_ACCOUNT_BASE = /^\/(?:jobs\/(?:\{[^{}/]+\}|\d+)\/run|runs\/(?:\{[^{}/]+\}|\d+)\/(?:artifacts|cancel|retry))(?:\/|$)/;
/**
 * The account collection, one account, or an account's resources, under a base URL that holds
 * `/api/v2` or `/api/v3` (`{DBT_CLOUD_API_URL}accounts/`, `…/accounts/{id}/projects/`): taken only
 * from a dbt-named base that the request sends a token to.
 */
const UNDER_API_BASE =
  /^\/accounts(?:\/?$|\/[^/]+\/?$|\/[^/]+\/(?:projects|environments|users|groups|connections|credentials|repositories|webhooks|service-tokens|permissions|invites|licenses|notifications|environment-variables|extended-attributes|semantic-layer-credentials)(?:\/|$))/;
/** A placeholder base with the path glued to it (`{DBT_BASE_URL}{account_id}/…`, `{DBT_URL}jobs/…`). */
const GLUED_TO_BASE = /^\{([A-Za-z_][\w.]{0,100})\}(?=[^/?#])/;
/**
 * A collection of the API followed by an empty id segment. Not when a value follows: that is the
 * id, after a base ending in a slash joined with a slash (`…/accounts/` + `/` + `{account_id}/…`).
 */
const ID_LEFT_EMPTY =
  /\/(accounts|projects|environments|jobs|runs|users|groups|connections|repositories|credentials|webhooks|subscriptions)\/\/(?=[^/{])/gi;
const RELATIVE_API_PATH = /^api\/(v2|v3|v4)\/accounts\//i;

export interface RecognizeOptions {
  /**
   * The host part is a placeholder known to hold a dbt Cloud host (a `DBT_CLOUD_HOST`-like name,
   * a constant holding a dbt Cloud URL). Then `/graphql` and `/api/...` paths count.
   */
  hostIsDbt?: boolean;
  /**
   * The request sends an Authorization header: then the Discovery and Semantic Layer hosts built on
   * a host of any name (`metadata.{host}/graphql`) are dbt's, as a dbt-named host's always are.
   */
  authorized?: boolean;
}

/**
 * The endpoint a URL names, when it is a dbt Cloud API call; undefined otherwise. Web pages on
 * dbt Cloud hosts (UI links, docs) are not calls. The returned URL is sanitized.
 */
export function recognizeDbtCloudUrl(url: string, opts: RecognizeOptions = {}): RawEndpoint | undefined {
  if (!url || url.length > 4000) return undefined;
  // `api/v2/accounts/...` written without its leading slash, relative to a client's base address.
  if (RELATIVE_API_PATH.test(url)) url = `/${url}`;
  // `{DBT_BASE_URL}{account_id}/jobs/…`: a dbt-named base URL that ends in a slash, the path glued to it.
  const glued = GLUED_TO_BASE.exec(url);
  if (glued && isDbtHostName(glued[1]!)) url = `{${glued[1]}}/${url.slice(glued[0].length)}`;
  const { host, path } = splitUrl(url);
  // An id left empty (`/accounts//runs/`: a setting not filled in, an `?? ''` default) is a value
  // not known here, not a shorter path; other doubled slashes are joins (`base/` + `/api/...`).
  const normPath = path.replace(ID_LEFT_EMPTY, '/$1/{}/').replace(/\/{2,}/g, '/');
  const p = normPath.toLowerCase();
  const literalDbtHost = host !== undefined && !PLACEHOLDER.test(host) && isDbtCloudHost(host);
  const placeholderHost = host === undefined || PLACEHOLDER.test(host);
  const hostNamesDbt = placeholderHost && host !== undefined && isDbtHostName(host.slice(1, -1));
  // `https://metadata.{dbt_cloud_host}/graphql`: the Discovery (or Semantic Layer) host of the
  // account's host, as clients that take that host build it (`{prefix}.metadata.{host}` for a cell).
  const dataHost = host === undefined ? undefined : /^(?:\{[^{}]*\}\.)?(metadata|semantic-layer)\.\{([^{}]*)\}$/i.exec(host);

  let isCall = false;
  if (literalDbtHost) {
    const h = host!.toLowerCase();
    const dataHost = /(^|\.)(metadata|semantic-layer)\./.test(h);
    // `/semantic-layer/api/graphql` on the account's host: the Semantic Layer's older address.
    isCall = dataHost || p === '/api' || p.startsWith('/api/') || /^\/(beta\/)?graphql\/?$/.test(p) || SEMANTIC_LAYER_PATH.test(p);
  } else if (opts.hostIsDbt === true) {
    // A constant known to hold a dbt Cloud URL: any API path under it is a call.
    isCall =
      p === '/api' ||
      p.startsWith('/api/') ||
      /^\/(beta\/)?graphql\/?$/.test(p) ||
      /^\/(?:v[234]|private)\//.test(p) ||
      UNDER_V2_BASE.test(p);
  } else if (dataHost && (isDbtHostName(dataHost[2]!) || (opts.authorized === true && !namesOtherService(dataHost[2]!)))) {
    // Those API subdomains with their GraphQL paths, sent a token, are dbt's own shape whatever the
    // host's name (`host`, `self.host`), unless the name says another service's.
    const graphql = /^\/(api\/)?(beta\/)?graphql\/?$/.test(p);
    isCall = isDbtHostName(dataHost[2]!) || dataHost[1]!.toLowerCase() !== 'semantic-layer' ? graphql : /^\/api\/graphql\/?$/.test(p);
  } else if (hostNamesDbt) {
    // Only a dbt-ish *name* (DBT_HOST is also what Databricks sets): require a dbt Cloud API path.
    isCall =
      /^\/api\/(v[234]|\{[^{}/]*version[^{}/]*\}|ai\/v1\/mcp|graphql)(\/|$)/.test(p) ||
      /^\/(beta\/)?graphql\/?$/.test(p) ||
      /^\/v[234]\/accounts(\/|$)/.test(p) ||
      UNDER_V2_BASE.test(p) ||
      UNDER_ACCOUNTS_BASE.test(p) ||
      UNDER_ACCOUNT_BASE.test(p) ||
      (opts.authorized === true && UNDER_API_BASE.test(p));
  } else if (placeholderHost) {
    // A host read from a setting named for another service is that service's own API, shaped like
    // dbt Cloud's (`{ACME_API_URL}/api/v3/accounts/…/projects/`: vendors copy dbt Cloud's paths).
    // With nothing saying the host is dbt Cloud's, an account path no dbt Cloud endpoint can be is
    // another API's with the same shape (a bank's `/api/v2/accounts/{uid}/balance`, a telephony
    // API's `/api/v2/accounts/{id}/calls`).
    isCall =
      DBT_API_PATH.test(normPath) &&
      !(host !== undefined && namesOtherService(host.slice(1, -1))) &&
      namesAccountResourceOfTheApi(normPath) !== false;
  }
  if (!isCall) return undefined;
  // `{DBT_API_BASE}/accounts/1/jobs/2/run/`: the base URL holds `/api/v2`, where jobs and runs
  // are; `{host_url}/v2/accounts/…` (or `/private/…`): it holds `/api` (the dbt Cloud Terraform provider's host_url).
  const fullPath = UNDER_V2_BASE.test(p)
    ? `/api/v2${normPath}`
    : hostNamesDbt && UNDER_API_BASE.test(p)
      ? underApiBase(normPath)
      : placeholderHost && /^\/(?:v[234]|private)\//.test(p)
        ? `/api${normPath}`
        : hostNamesDbt && UNDER_ACCOUNTS_BASE.test(p)
          ? `/api/v2/accounts${normPath}`
          : hostNamesDbt && UNDER_ACCOUNT_BASE.test(p)
            ? `/api/v2/accounts/{account_id}${normPath}`
            : normPath;
  const endpoint: RawEndpoint = { url: sanitizeUrl(url), path: fullPath || undefined };
  if (host) endpoint.host = host.toLowerCase().startsWith('{') ? host : host.toLowerCase();
  return endpoint;
}

/** An account path under a base URL holding the API's version: the documented one (v3 for groups, webhooks, …), else v2. */
function underApiBase(path: string): string {
  const v2 = `/api/v2${path}`;
  if (lookupEndpoint(v2).documented !== false) return v2;
  const v3 = `/api/v3${path}`;
  return lookupEndpoint(v3).documented !== false ? v3 : v2;
}

/** A dbt Cloud host or base URL without an API path, as held in a constant: `https://cloud.getdbt.com`. */
export function isDbtCloudBaseUrl(url: string): boolean {
  const { host, path } = splitUrl(url);
  if (!host || PLACEHOLDER.test(host) || !isDbtCloudHost(host)) return false;
  return path === '' || path === '/' || /^\/api\/?(v[234]\/?)?$/i.test(path) || /^\/(beta\/)?graphql\/?$/i.test(path);
}

/**
 * A URL on a dbt Cloud host under one of its APIs, written with its scheme: a base a setting may
 * hold whole (`process.env.DBT_CLOUD_URL ?? "https://cloud.getdbt.com/api/v2/accounts/51798"`).
 */
export function isDbtCloudApiUrl(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  const { host, path } = splitUrl(url);
  return !!host && !PLACEHOLDER.test(host) && isDbtCloudHost(host) && /^\/(?:api|beta|graphql)(?:\/|$)/i.test(path);
}

/**
 * The Admin API's account collection on a dbt Cloud host (`https://cloud.getdbt.com/api/v2/accounts/`),
 * or one account in it (`…/accounts/{accountID}`, `…/accounts/12345/`): a listing or an account
 * read when requested as it is, but usually a base the code appends an account id or a resource to.
 */
export function isDbtCloudAccountPrefix(url: string): boolean {
  const { host, path } = splitUrl(url);
  return (
    host !== undefined &&
    !PLACEHOLDER.test(host) &&
    isDbtCloudHost(host) &&
    /^\/api\/v[23]\/accounts(?:\/(?:\d{1,20}|\{[^{}/]{1,100}\}))?\/?$/i.test(path)
  );
}

/**
 * A dbt Cloud account, project, job or run id as a literal holds it: digits only. Accounts in the
 * newer cells have 14-digit ids (`70471823417825`), so the length is not what tells.
 */
export const isDbtCloudId = (text: string): boolean => /^\d{1,20}$/.test(text);

/** Account ids written literally in an Admin API path. */
export function accountIdsInPath(path: string | undefined): string[] {
  const m = /\/accounts\/(\d+)(?:\/|$)/.exec(path ?? '');
  return m?.[1] ? [m[1]] : [];
}
