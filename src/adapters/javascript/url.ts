import type { RawEndpoint } from '../../model/raw-facts.js';
import { isDbtCloudBaseUrl, isDbtHostName, sanitizeUrl } from '../../classify/endpoint.js';
import { isDocumentedAccountResource } from '../../classify/documented-endpoints.js';
import type { JsLiteral, JsPart } from './model.js';
import { dbtTokenRun } from '../../credentials/token-shapes.js';
import { toEndpoint } from '../shared/values/endpoint.js';
import { mergeLiterals, render } from '../shared/values/parts.js';

// URLs as part lists: joining a base URL with a path the way each client does, and deciding
// whether the result is a dbt Cloud API call.

/** Two literal pieces next to each other as one (the first piece's span is kept, no longer exact). */
export const joinLiterals = (a: JsLiteral, b: JsLiteral): JsLiteral => ({
  kind: 'literal',
  text: a.text + b.text,
  span: a.span,
  exact: false,
});

/** Adjacent literal pieces merged into one, empty ones dropped. */
export function mergeParts(parts: readonly JsPart[]): JsPart[] {
  return mergeLiterals(parts, joinLiterals);
}

/** The URL text with what is not literal as `{name}`. */
export const urlText = (parts: readonly JsPart[]): string => render(parts, 4000);

const HOSTISH_NAME = /url|host|origin|domain|server|base/i;

/** True when the parts start with a scheme or with an unknown that holds a host or base URL. */
function isAbsolute(parts: readonly JsPart[]): boolean {
  const first = parts[0];
  if (!first) return false;
  if (first.kind === 'literal') return /^\s*([a-z][a-z0-9+.-]*:)?\/\//i.test(first.text);
  return first.dbtHost === true || isDbtHostName(first.name) || HOSTISH_NAME.test(first.name);
}

function stripTrailingSlash(parts: JsPart[]): JsPart[] {
  const last = parts[parts.length - 1];
  if (last?.kind !== 'literal') return parts;
  return [...parts.slice(0, -1), { ...last, text: last.text.replace(/\/+$/, '') }];
}

function stripLeadingSlash(parts: JsPart[]): JsPart[] {
  const first = parts[0];
  if (first?.kind !== 'literal') return parts;
  return [{ ...first, text: first.text.replace(/^\/+/, '') }, ...parts.slice(1)];
}

/** `baseURL` + url as axios, got and ky join them (a relative url is appended with one `/`). */
export function combineBase(base: readonly JsPart[] | undefined, url: readonly JsPart[] | undefined): JsPart[] {
  const u = mergeParts(url ?? []);
  if (!base || base.length === 0) return u;
  if (u.length > 0 && isAbsolute(u)) return u;
  const b = stripTrailingSlash(mergeParts(base));
  const rel = stripLeadingSlash(u);
  if (urlText(rel) === '') return mergeParts(base);
  return mergeParts([...b, { kind: 'literal', text: '/' }, ...rel]);
}

/** The position just before the first `/` of the path, i.e. the end of `scheme://host:port`. */
function originEnd(parts: readonly JsPart[]): { seg: number; char: number } | undefined {
  let afterScheme = false;
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i]!;
    if (s.kind !== 'literal') {
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

function cut(parts: readonly JsPart[], at: { seg: number; char: number }): JsPart[] {
  const out = parts.slice(0, at.seg);
  const s = parts[at.seg];
  if (s?.kind === 'literal' && at.char > 0) out.push({ ...s, text: s.text.slice(0, at.char) });
  return out;
}

/** `new URL(url, base)`: an absolute path replaces the base's path, a relative one resolves against its folder. */
export function resolveAgainst(url: readonly JsPart[], base: readonly JsPart[] | undefined): JsPart[] {
  const u = mergeParts(url);
  if (!base || isAbsolute(u)) return u;
  const b = mergeParts(base);
  const first = u[0];
  if (first?.kind === 'literal' && first.text.startsWith('/')) {
    const end = originEnd(b);
    return mergeParts([...(end ? cut(b, end) : b), ...u]);
  }
  const end = originEnd(b);
  if (!end) return mergeParts([...b, { kind: 'literal', text: '/' }, ...u]);
  // the base's folder: everything up to and including its last `/`
  for (let i = b.length - 1; i >= end.seg; i--) {
    const s = b[i]!;
    if (s.kind !== 'literal') continue;
    const slash = s.text.lastIndexOf('/');
    if (slash >= 0 && (i > end.seg || slash >= end.char)) return mergeParts([...cut(b, { seg: i, char: slash + 1 }), ...u]);
  }
  return mergeParts([...b, { kind: 'literal', text: '/' }, ...u]);
}

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
function withHostFallbacks(parts: readonly JsPart[]): readonly JsPart[] {
  if (!parts.some((p) => p.kind !== 'literal' && p.dbtHost === true && p.fallback)) return parts;
  return parts.map((p, i) => {
    if (p.kind === 'literal' || p.dbtHost !== true || !p.fallback) return p;
    const prev = parts[i - 1];
    const afterScheme = prev?.kind === 'literal' && /:\/\/$/.test(prev.text);
    const text = afterScheme ? p.fallback.text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '') : p.fallback.text;
    return { kind: 'literal', text: text.replace(/\/+$/, ''), span: p.fallback.span };
  });
}

/**
 * The dbt Cloud endpoint the parts name, if any. `dbtContext` says whether the file (or the
 * values) mention dbt at all: a URL whose host is an unknown that is not dbt-named, recognised
 * only by a dbt-looking path like `/api/v2/accounts/`, needs that context to count, unless the
 * request sends a token (`authorized`) to a documented resource of an account
 * (`${cfg.baseUrl}/api/v2/accounts/${id}/jobs/`): a client whose settings hold the host. A request
 * that sends dbt's partner header (`partner`) goes to dbt Cloud whatever its host is called.
 */
export function endpointOf(
  parts: readonly JsPart[],
  dbtContext: boolean,
  { authorized = false, partner = false }: { authorized?: boolean; partner?: boolean } = {},
): RawEndpoint | undefined {
  const merged = mergeParts(withHostFallbacks(parts));
  const first = merged[0];
  const hostIsDbt = partner || (first !== undefined && first.kind !== 'literal' && first.dbtHost === true);
  const endpoint = toEndpoint(merged, { ...(authorized ? { authorized: true } : {}), ...(partner ? { hostIsDbt: true } : {}) });
  if (endpoint) {
    const placeholderHost = endpoint.host === undefined || endpoint.host.startsWith('{');
    const namedDbt = endpoint.host !== undefined && endpoint.host.startsWith('{') && isDbtHostName(endpoint.host.slice(1, -1));
    const context = dbtContext || merged.some((p) => /dbt/i.test(p.kind === 'literal' ? p.text : p.name));
    if (placeholderHost && !hostIsDbt && !namedDbt && !context && !(authorized && isDocumentedAccountResource(endpoint.path)))
      return undefined;
    return maskTokens(endpoint);
  }
  const text = urlText(merged).trim();
  if (!text || text.length > 4000) return undefined;
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
export function baseEndpointOf(parts: readonly JsPart[], dbtContext: boolean): RawEndpoint | undefined {
  const endpoint = endpointOf(parts, dbtContext);
  if (endpoint) return endpoint;
  const merged = mergeParts(parts);
  const text = urlText(merged).trim();
  const first = merged[0];
  if (first !== undefined && first.kind !== 'literal' && merged.length <= 2 && (first.dbtHost === true || isDbtHostName(first.name))) {
    const path = merged.length === 2 && merged[1]!.kind === 'literal' ? merged[1]!.text : '';
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
