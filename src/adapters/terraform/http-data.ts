import type { RawCallSite, RawCredential } from '../../model/raw-facts.js';
import { accountIdsInPath, isDbtCloudBaseUrl, recognizeDbtCloudUrl, sanitizeUrl, splitUrl } from '../../classify/endpoint.js';
import { attr, type TfBlock, type TfExpr } from './model.js';
import type { ModuleIndex } from './module-index.js';
import { resolve } from './provider.js';
import { leadingAuthScheme, stripAuthScheme } from '../../credentials/auth-schemes.js';

// Generic HTTP from Terraform that reaches the dbt Cloud API: hashicorp/http's
// `data "http" { url, request_headers }` and the Mastercard restapi provider's
// `provider "restapi" { uri, headers }`. One call site each, with the token taken from the
// Authorization header.

/** How many `local.x` hops and nested expressions are followed when writing a URL. */
const MAX_DEPTH = 6;
/** `Token ` / `Bearer `; tree-sitter drops the space before an interpolation, so the blank is optional. */
const withoutScheme = (v: string): string => stripAuthScheme(v, 'dbt', { blankOptional: true });

/** The expression as a URL string, unknown parts as `{name}` placeholders. */
function render(expr: TfExpr | undefined, index: ModuleIndex, depth = 0): string {
  if (!expr || depth > MAX_DEPTH) return '{unknown}';
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'ref': {
      const [root, name] = expr.parts;
      if (root === 'local' && name !== undefined && index.locals.has(name)) return render(index.locals.get(name), index, depth + 1);
      const r = resolve(expr, index);
      if (r.kind === 'variable' && r.value !== undefined && r.value !== '') return r.value;
      return `{${r.kind === 'variable' ? r.name : (expr.parts[expr.parts.length - 1] ?? 'unknown')}}`;
    }
    case 'template':
      return expr.parts.map((p) => (typeof p === 'string' ? p : render(p, index, depth + 1))).join('');
    case 'call':
      return renderCall(expr, index, depth);
    default:
      return '{unknown}';
  }
}

/** The string functions a URL is built with, on rendered text. */
function renderCall(expr: Extract<TfExpr, { kind: 'call' }>, index: ModuleIndex, depth: number): string {
  const arg = (i: number): string => render(expr.args[i], index, depth + 1);
  const literalArg = (i: number): string | undefined => {
    const a = expr.args[i];
    return a?.kind === 'literal' ? a.value : undefined;
  };
  switch (expr.name) {
    case 'format': {
      // format("%s/api/v2/...", var.host): each verb takes the next argument.
      const fmt = literalArg(0);
      if (fmt === undefined) return '{unknown}';
      let i = 1;
      return fmt.replace(/%%|%[-+# 0]*\d*(?:\.\d+)?[a-zA-Z]/g, (verb) => (verb === '%%' ? '%' : arg(i++)));
    }
    case 'coalesce': {
      // coalesce(var.host, "https://cloud.getdbt.com"): a variable with no value here gives way to the written fallback.
      const rendered = expr.args.slice(0, 8).map((_, i) => arg(i));
      return rendered.find((r) => r !== '' && !r.includes('{')) ?? rendered[0] ?? '{unknown}';
    }
    case 'replace': {
      // A substring between slashes is a regular expression (RE2): not followed.
      const [from, to] = [literalArg(1), literalArg(2)];
      if (from === undefined || to === undefined || (from.length > 1 && from.startsWith('/') && from.endsWith('/'))) return arg(0);
      return from === '' ? arg(0) : arg(0).split(from).join(to);
    }
    case 'trimsuffix': {
      const [text, suffix] = [arg(0), literalArg(1)];
      return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
    }
    case 'trimprefix': {
      const [text, prefix] = [arg(0), literalArg(1)];
      return prefix && text.startsWith(prefix) ? text.slice(prefix.length) : text;
    }
    case 'lower':
      return arg(0).toLowerCase();
    default:
      return '{unknown}';
  }
}

/** The headers object, through `local.x` hops. */
function objectOf(expr: TfExpr | undefined, index: ModuleIndex): Extract<TfExpr, { kind: 'object' }> | undefined {
  let e = expr;
  for (let hop = 0; e && hop <= MAX_DEPTH; hop++) {
    if (e.kind === 'object') return e;
    if (e.kind === 'ref' && e.parts[0] === 'local' && e.parts[1] !== undefined) e = index.locals.get(e.parts[1]);
    else return undefined;
  }
  return undefined;
}

/** The token in `Authorization = "Token ${var.x}"`, `format("Bearer %s", var.x)` or a literal `"Bearer dbtu_…"`. */
function credentialOf(headers: TfExpr | undefined, index: ModuleIndex): RawCredential | undefined {
  const auth = objectOf(headers, index)?.entries.find((e) => e.name.toLowerCase() === 'authorization')?.expr;
  if (!auth) return undefined;
  let tokenExpr: TfExpr | undefined;
  if (auth.kind === 'literal') {
    const value = withoutScheme(auth.value).trim();
    return value ? { source: 'literal', value, span: auth.span } : undefined;
  }
  if (auth.kind === 'template') {
    const exprs = auth.parts.filter((p): p is TfExpr => typeof p !== 'string');
    const text = auth.parts.filter((p): p is string => typeof p === 'string').join('');
    if (exprs.length === 1 && leadingAuthScheme(text, 'dbt', { blankOptional: true }) !== undefined && withoutScheme(text).trim() === '')
      tokenExpr = exprs[0];
  } else if (auth.kind === 'call' && auth.name === 'format') {
    // format("Bearer %s", var.token): a scheme and one verb, which takes the token.
    const [fmt, arg] = auth.args;
    if (fmt?.kind !== 'literal' || auth.args.length !== 2) return undefined;
    const m = /^(.*?)%[-+# 0]*\d*(?:\.\d+)?[sv]\s*$/.exec(fmt.value);
    if (
      !m ||
      /%(?!%)/.test(m[1]!) ||
      leadingAuthScheme(m[1]!, 'dbt', { blankOptional: true }) === undefined ||
      withoutScheme(m[1]!).trim() !== ''
    )
      return undefined;
    tokenExpr = arg;
  } else tokenExpr = auth;
  const r = resolve(tokenExpr, index);
  switch (r.kind) {
    case 'literal':
      return { source: 'literal', value: withoutScheme(r.value).trim(), span: r.span };
    case 'variable': {
      const c: RawCredential = { source: 'variable', name: r.name, span: r.span, ref: { kind: 'terraform-variable', id: r.name } };
      if (r.value !== undefined && r.value !== '') c.value = withoutScheme(r.value).trim();
      return c;
    }
    case 'secret':
      return { source: 'secret', name: r.name, span: r.span };
    case 'unknown':
      return r.name !== undefined ? { source: 'unknown', name: r.name, span: r.span } : { source: 'unknown', span: r.span };
    default:
      return undefined;
  }
}

function callSite(
  block: TfBlock,
  urlExpr: TfExpr | undefined,
  headers: TfExpr | undefined,
  client: string,
  index: ModuleIndex,
  baseUrlOk: boolean,
): RawCallSite | undefined {
  if (!urlExpr) return undefined;
  const url = render(urlExpr, index);
  // A host variable whose name mentions dbt (`var.dbt_host_url`) holds a dbt Cloud host.
  const { host } = splitUrl(url);
  let endpoint = recognizeDbtCloudUrl(url, { hostIsDbt: host !== undefined && /^\{[^{}]*dbt[^{}]*\}$/i.test(host) });
  if (!endpoint && baseUrlOk && host && isDbtCloudBaseUrl(url)) {
    // The restapi provider's `uri` is a base URL; its resources name the paths.
    endpoint = { url: sanitizeUrl(url), host: host.toLowerCase() };
  }
  if (!endpoint) return undefined;
  const site: RawCallSite = { kind: 'http', span: block.span, endpoint, client };
  const credential = credentialOf(headers, index);
  if (credential) site.credential = credential;
  const accountIds = accountIdsInPath(endpoint.path);
  if (accountIds.length > 0) site.accountIds = accountIds;
  return site;
}

/** A call site for `data "http"` or `provider "restapi"` blocks that reach dbt Cloud; undefined otherwise. */
export function httpCallSite(block: TfBlock, index: ModuleIndex): RawCallSite | undefined {
  if (block.type === 'data' && block.labels[0] === 'http') {
    return callSite(block, attr(block, 'url')?.expr, attr(block, 'request_headers')?.expr, 'hashicorp/http', index, false);
  }
  if (block.type === 'provider' && block.labels[0] === 'restapi') {
    const source = index.providerSources.get('restapi');
    if (source !== undefined && !/restapi$/i.test(source)) return undefined;
    return callSite(block, attr(block, 'uri')?.expr, attr(block, 'headers')?.expr, source ?? 'Mastercard/restapi', index, true);
  }
  return undefined;
}
