import type { RawEndpoint } from '../../model/raw-facts.js';
import { isDbtCloudBaseUrl, isDbtHostName, recognizeDbtCloudUrl, sanitizeUrl } from '../../classify/endpoint.js';
import type { Seg } from './model.js';
import { dbtTokenRun } from '../../credentials/token-shapes.js';

// URLs as segment lists: joining a base URL with a path the way each client does, and
// deciding whether the result is a dbt Cloud API call.

/** Adjacent literal pieces merged into one (the first piece's span is kept). */
export function mergeLits(segs: readonly Seg[]): Seg[] {
  const out: Seg[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (s.t === 'lit' && last?.t === 'lit') out[out.length - 1] = { t: 'lit', text: last.text + s.text, span: last.span, exact: false };
    else if (s.t !== 'lit' || s.text !== '') out.push(s);
  }
  return out;
}

/** The URL text with unknown parts as `{name}`. */
export function segsToText(segs: readonly Seg[]): string {
  let out = '';
  for (const s of segs) {
    out += s.t === 'lit' ? s.text : `{${s.name}}`;
    if (out.length > 4000) break;
  }
  return out;
}

const HOSTISH_NAME = /url|host|origin|domain|server|base/i;

/** True when the segments start with a scheme or with an unknown that holds a host or base URL. */
function isAbsolute(segs: readonly Seg[]): boolean {
  const first = segs[0];
  if (!first) return false;
  if (first.t === 'lit') return /^\s*([a-z][a-z0-9+.-]*:)?\/\//i.test(first.text);
  return first.dbtHost === true || isDbtHostName(first.name) || HOSTISH_NAME.test(first.name);
}

function stripTrailingSlash(segs: Seg[]): Seg[] {
  const last = segs[segs.length - 1];
  if (last?.t !== 'lit') return segs;
  return [...segs.slice(0, -1), { ...last, text: last.text.replace(/\/+$/, '') }];
}

function stripLeadingSlash(segs: Seg[]): Seg[] {
  const first = segs[0];
  if (first?.t !== 'lit') return segs;
  return [{ ...first, text: first.text.replace(/^\/+/, '') }, ...segs.slice(1)];
}

/** `baseURL` + url as axios, got and ky join them (a relative url is appended with one `/`). */
export function combineBase(base: readonly Seg[] | undefined, url: readonly Seg[] | undefined): Seg[] {
  const u = mergeLits(url ?? []);
  if (!base || base.length === 0) return u;
  if (u.length > 0 && isAbsolute(u)) return u;
  const b = stripTrailingSlash(mergeLits(base));
  const rel = stripLeadingSlash(u);
  if (segsToText(rel) === '') return mergeLits(base);
  return mergeLits([...b, { t: 'lit', text: '/' }, ...rel]);
}

/** The position just before the first `/` of the path, i.e. the end of `scheme://host:port`. */
function originEnd(segs: readonly Seg[]): { seg: number; char: number } | undefined {
  let afterScheme = false;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.t !== 'lit') {
      afterScheme = true;
      continue;
    }
    let from = 0;
    if (!afterScheme) {
      const m = /^\s*([a-z][a-z0-9+.-]*:)?\/\//i.exec(s.text);
      if (m) from = m[0].length;
      afterScheme = true;
    }
    const slash = s.text.indexOf('/', from);
    if (slash >= 0) return { seg: i, char: slash };
  }
  return undefined;
}

function cut(segs: readonly Seg[], at: { seg: number; char: number }): Seg[] {
  const out = segs.slice(0, at.seg);
  const s = segs[at.seg];
  if (s?.t === 'lit' && at.char > 0) out.push({ ...s, text: s.text.slice(0, at.char) });
  return out;
}

/** `new URL(url, base)`: an absolute path replaces the base's path, a relative one resolves against its folder. */
export function resolveAgainst(url: readonly Seg[], base: readonly Seg[] | undefined): Seg[] {
  const u = mergeLits(url);
  if (!base || isAbsolute(u)) return u;
  const b = mergeLits(base);
  const first = u[0];
  if (first?.t === 'lit' && first.text.startsWith('/')) {
    const end = originEnd(b);
    return mergeLits([...(end ? cut(b, end) : b), ...u]);
  }
  const end = originEnd(b);
  if (!end) return mergeLits([...b, { t: 'lit', text: '/' }, ...u]);
  // the base's folder: everything up to and including its last `/`
  for (let i = b.length - 1; i >= end.seg; i--) {
    const s = b[i]!;
    if (s.t !== 'lit') continue;
    const slash = s.text.lastIndexOf('/');
    if (slash >= 0 && (i > end.seg || slash >= end.char)) return mergeLits([...cut(b, { seg: i, char: slash + 1 }), ...u]);
  }
  return mergeLits([...b, { t: 'lit', text: '/' }, ...u]);
}

const DATABRICKS_PATH = /^\/api\/\d+\.\d+(\/|$)/;
/** Token-shaped text that may sit in a URL path; reports keep URLs, never tokens. */
const TOKEN_IN_URL = dbtTokenRun(8, { wordStart: true });

/** The endpoint with any token-shaped text in its URL or path masked. */
export function maskTokens(endpoint: RawEndpoint): RawEndpoint {
  const mask = (s: string | undefined): string | undefined => s?.replace(TOKEN_IN_URL, (m) => `${m.slice(0, 5)}***`);
  if (`${endpoint.url ?? ''} ${endpoint.path ?? ''}`.search(TOKEN_IN_URL) < 0) return endpoint;
  return { ...endpoint, url: mask(endpoint.url), path: mask(endpoint.path) };
}

/**
 * `${process.env.DBT_CLOUD_HOST ?? "cloud.getdbt.com"}`: an unknown whose written fallback is a
 * dbt Cloud host stands for that host (its value is known nowhere else). A fallback with a
 * scheme after a literal `https://` drops its own scheme.
 */
function withHostFallbacks(segs: readonly Seg[]): readonly Seg[] {
  if (!segs.some((s) => s.t === 'ref' && s.dbtHost === true && s.fallback)) return segs;
  return segs.map((s, i) => {
    if (s.t !== 'ref' || s.dbtHost !== true || !s.fallback) return s;
    const prev = segs[i - 1];
    const afterScheme = prev?.t === 'lit' && /:\/\/$/.test(prev.text);
    const text = afterScheme ? s.fallback.text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '') : s.fallback.text;
    return { t: 'lit', text: text.replace(/\/+$/, ''), span: s.fallback.span };
  });
}

/**
 * The dbt Cloud endpoint the segments name, if any. `dbtContext` says whether the file (or the
 * values) mention dbt at all: a URL whose host is an unknown that is not dbt-named, recognised
 * only by a dbt-looking path like `/api/v2/accounts/`, needs that context to count.
 */
export function recognizeSegs(segs: readonly Seg[], dbtContext: boolean): RawEndpoint | undefined {
  const merged = mergeLits(withHostFallbacks(segs));
  const text = segsToText(merged).trim();
  if (!text || text.length > 4000) return undefined;
  const first = merged[0];
  const hostIsDbt = first?.t === 'ref' && first.dbtHost === true;
  const endpoint = recognizeDbtCloudUrl(text, { hostIsDbt });
  if (endpoint) {
    const placeholderHost = endpoint.host === undefined || endpoint.host.startsWith('{');
    // `{DBT_HOST}/api/2.0/jobs/run-now` is Databricks (which injects DBT_HOST), not dbt Cloud
    if (placeholderHost && DATABRICKS_PATH.test(endpoint.path ?? '')) return undefined;
    const namedDbt = endpoint.host !== undefined && endpoint.host.startsWith('{') && isDbtHostName(endpoint.host.slice(1, -1));
    const context = dbtContext || merged.some((s) => /dbt/i.test(s.t === 'lit' ? s.text : s.name));
    if (placeholderHost && !hostIsDbt && !namedDbt && !context) return undefined;
    return maskTokens(endpoint);
  }
  // A dbt Cloud base followed directly by an unknown path: `${DBT_CLOUD_URL}${path}`.
  const m = /^(\{[^{}]*\}|(?:https?:\/\/)?[a-z0-9.-]+(?::\d+)?)(\/?)(\{[^{}]*\})/i.exec(text);
  if (!m) return undefined;
  const head = m[1]!;
  const isBase = head.startsWith('{')
    ? hostIsDbt || isDbtHostName(head.slice(1, -1))
    : isDbtCloudBaseUrl(head.includes('://') ? head : `https://${head}`);
  if (!isBase) return undefined;
  const rest = text.slice(head.length);
  const host = head.startsWith('{')
    ? head
    : head
        .replace(/^https?:\/\//i, '')
        .replace(/:\d+$/, '')
        .toLowerCase();
  return maskTokens({ url: sanitizeUrl(text), host, path: rest.startsWith('/') ? rest : `/${rest}` });
}

/** A dbt Cloud base URL or host without a path (for instances that are created but not called here). */
export function recognizeBase(segs: readonly Seg[], dbtContext: boolean): RawEndpoint | undefined {
  const endpoint = recognizeSegs(segs, dbtContext);
  if (endpoint) return endpoint;
  const merged = mergeLits(segs);
  const text = segsToText(merged).trim();
  const first = merged[0];
  if (first?.t === 'ref' && merged.length <= 2 && (first.dbtHost === true || isDbtHostName(first.name))) {
    const path = merged.length === 2 && merged[1]!.t === 'lit' ? merged[1]!.text : '';
    if (path === '' || /^\/api\/?(v[234]\/?)?$/i.test(path) || /^\/(beta\/)?graphql\/?$/i.test(path)) {
      return maskTokens({ url: sanitizeUrl(text), host: `{${first.name}}`, path: path || undefined });
    }
  }
  if (/^https?:\/\//i.test(text) && isDbtCloudBaseUrl(text)) {
    const host = /^https?:\/\/([^/:?#]+)/i.exec(text)?.[1]?.toLowerCase();
    const path = text.replace(/^https?:\/\/[^/?#]+/i, '');
    return maskTokens({ url: sanitizeUrl(text), host, path: path && path !== '/' ? path : undefined });
  }
  return undefined;
}
