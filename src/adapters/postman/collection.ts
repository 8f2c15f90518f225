import type { RawCallSite, RawCredential } from '../../model/raw-facts.js';
import { accountIdsInPath, isDbtHostName, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { credentialFromAuth, credentialFromHeaders, credentialFromScripts } from './auth.js';
import { member, memberEntry, scalarText, stringValue, type JsonArray, type JsonValue } from '../shared/json-offsets/json-tree.js';
import type { LineIndex } from '../../facts/location.js';
import type { VariableScope } from './variables.js';

// Requests of a Postman collection (v2.0/v2.1 `item[]` trees, v1 `requests[]`) that call the
// dbt Cloud API. Folders nest without limit in Postman, so the walk keeps an explicit stack.

/** URLs longer than this are not looked at (no real API URL is). */
const MAX_URL = 4000;

function joinParts(v: JsonValue | undefined, sep: string): string | undefined {
  if (v?.type === 'string') return v.value;
  if (v?.type !== 'array') return undefined;
  const parts: string[] = [];
  for (const p of v.items) {
    const s = scalarText(p) ?? stringValue(member(p, 'value'));
    if (s !== undefined) parts.push(s);
  }
  return parts.join(sep);
}

/** The request URL as one string: `url.raw`, or rebuilt from `protocol`, `host[]`, `path[]`. */
function urlText(url: JsonValue | undefined): string | undefined {
  if (url?.type === 'string') return url.value;
  if (url?.type !== 'object') return undefined;
  const raw = stringValue(member(url, 'raw'));
  if (raw) return raw;
  const host = joinParts(member(url, 'host'), '.');
  if (!host) return undefined;
  const protocol = stringValue(member(url, 'protocol'));
  const port = scalarText(member(url, 'port'));
  const path = joinParts(member(url, 'path'), '/');
  return `${protocol ? `${protocol}://` : ''}${host}${port ? `:${port}` : ''}${path ? `/${path.replace(/^\//, '')}` : ''}`;
}

/** Postman path variables (`/accounts/:account_id/`) from `url.variable[]`, else `{name}`. */
function substitutePathVariables(url: string, urlNode: JsonValue | undefined): string {
  const values = new Map<string, string>();
  const list = member(urlNode, 'variable');
  if (list?.type === 'array') {
    for (const v of list.items) {
      const key = stringValue(member(v, 'key'));
      const value = scalarText(member(v, 'value'));
      if (key && value && !value.includes('{{')) values.set(key, value);
    }
  }
  return url.replace(/\/:([A-Za-z_][A-Za-z0-9_-]*)(?=\/|$|\?)/g, (_m, name: string) => `/${values.get(name) ?? `{${name}}`}`);
}

interface Frame {
  items: JsonArray;
  /** Auth of the enclosing folders, nearest last. */
  auths: JsonValue[];
  /** Events (pre-request scripts) of the enclosing folders, nearest last. */
  events: JsonValue[];
}

export interface RequestContext {
  lines: LineIndex;
  scope: VariableScope;
}

function callSiteOf(
  request: JsonValue,
  spanOffset: number,
  auths: readonly JsonValue[],
  events: readonly JsonValue[],
  ctx: RequestContext,
): RawCallSite | undefined {
  const urlNode = request.type === 'string' ? request : member(request, 'url');
  const rawUrl = urlText(urlNode);
  if (!rawUrl || rawUrl.length > MAX_URL) return undefined;
  // A host written as `{{dbt_cloud_host}}` counts as dbt even when its value is unknown.
  const hostVar = /^\s*\{\{([^{}]*)\}\}/.exec(rawUrl)?.[1]?.trim();
  const url = substitutePathVariables(ctx.scope.substitute(rawUrl), urlNode);
  const endpoint = recognizeDbtCloudUrl(url, { hostIsDbt: hostVar !== undefined && isDbtHostName(hostVar) });
  if (!endpoint) return undefined;
  const method = stringValue(member(request, 'method'));
  if (method) endpoint.method = method.toUpperCase();

  let credential: RawCredential | undefined = credentialFromHeaders(request, ctx.lines, ctx.scope);
  // A header a pre-request script adds: the request's own script first, then the folders', then the collection's.
  for (const e of [...events].reverse()) credential ??= credentialFromScripts(e, ctx.lines, ctx.scope);
  if (!credential) {
    // The request's own auth first, then folders from the nearest out, then the collection.
    for (const auth of [member(request, 'auth'), ...[...auths].reverse()]) {
      const r = credentialFromAuth(auth, ctx.lines, ctx.scope);
      if (r === 'inherit') continue;
      credential = r.credential;
      break;
    }
  }
  const site: RawCallSite = { kind: 'http', span: ctx.lines.at(spanOffset), endpoint, workflow: 'postman', client: 'Postman' };
  if (credential) site.credential = credential;
  const accounts = accountIdsInPath(endpoint.path);
  if (accounts.length > 0) site.accountIds = accounts;
  return site;
}

/** Call sites of a v2 collection (`item[]`, folders inside). */
export function collectionCallSites(root: JsonValue, ctx: RequestContext): RawCallSite[] {
  const out: RawCallSite[] = [];
  const top = member(root, 'item');
  if (top?.type !== 'array') return out;
  const rootAuth = member(root, 'auth');
  const rootEvents = member(root, 'event');
  const stack: Frame[] = [{ items: top, auths: rootAuth ? [rootAuth] : [], events: rootEvents ? [rootEvents] : [] }];
  while (stack.length > 0) {
    const { items, auths, events } = stack.pop()!;
    for (const item of items.items) {
      if (item.type !== 'object') continue;
      const children = member(item, 'item');
      const event = member(item, 'event');
      const itemEvents = event ? [...events, event] : events;
      if (children?.type === 'array') {
        const auth = member(item, 'auth');
        stack.push({ items: children, auths: auth ? [...auths, auth] : auths, events: itemEvents });
        continue;
      }
      const entry = memberEntry(item, 'request');
      if (!entry) continue;
      const site = callSiteOf(entry.value, entry.keyStart, auths, itemEvents, ctx);
      if (site) out.push(site);
    }
  }
  // The stack visits folders out of order; report in file order.
  return out.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
}

/** Call sites of a v1 collection (`requests[]` with string URLs and `headers`). */
export function v1CallSites(root: JsonValue, ctx: RequestContext): RawCallSite[] {
  const out: RawCallSite[] = [];
  const requests = member(root, 'requests');
  if (requests?.type !== 'array') return out;
  const rootAuth = member(root, 'auth');
  for (const r of requests.items) {
    if (r.type !== 'object') continue;
    const site = callSiteOf(r, r.start, rootAuth ? [rootAuth] : [], [], ctx);
    if (site) out.push(site);
  }
  return out;
}
