import type { RawCredential, Span } from '../../model/raw-facts.js';
import { member, scalarText, stringValue, type JsonValue } from '../shared/json-offsets/json-tree.js';
import type { LineIndex } from '../../facts/location.js';
import type { VariableScope } from './variables.js';
import { credentialFromAuthValue } from '../shared/api-client-auth.js';
import { stripAuthScheme } from '../../credentials/auth-schemes.js';

// Which token a Postman request sends: its own Authorization header, else one a pre-request
// script adds (the request's, a folder's, the collection's), else its `auth`, else the nearest
// folder's `auth`, else the collection's. `noauth` stops the search; `inherit` (or no auth) goes
// on to the parent.

/** An auth decision: a credential, an explicit "none", or "ask the parent". */
export type AuthResult = { credential?: RawCredential } | 'inherit';

/** A credential from a header or auth value as written: literal, `{{variable}}`, or with a scheme. */
function credentialFromValue(raw: string, span: Span, scope: VariableScope): RawCredential | undefined {
  return credentialFromAuthValue(raw, span, (name) => variableCredential(name, span, scope));
}

function variableCredential(name: string, span: Span, scope: VariableScope): RawCredential {
  const def = scope.get(name);
  const resolved = def && stripAuthScheme(def.value.trim(), 'dbt');
  if (def && resolved && !resolved.includes('{{')) {
    // Defined in the collection itself: the token is written there.
    if (def.origin === 'collection' && def.span) return { source: 'literal', name, value: resolved, span: def.span };
    // Defined in an environment file beside it: keep the reference, carry the value for its type.
    return { source: 'variable', name, value: resolved, span, ref: { kind: 'postman-variable', id: name } };
  }
  return { source: 'variable', name, span, ref: { kind: 'postman-variable', id: name } };
}

/** `[{key, value}]` (v2.1) or `{key: value}` (v2.0) parameter lists of an auth helper. */
function authParam(params: JsonValue | undefined, key: string): JsonValue | undefined {
  if (params?.type === 'array') {
    for (const p of params.items) if (stringValue(member(p, 'key')) === key) return member(p, 'value');
    return undefined;
  }
  return member(params, key);
}

export function credentialFromAuth(auth: JsonValue | undefined, lines: LineIndex, scope: VariableScope): AuthResult {
  if (auth?.type !== 'object') return 'inherit';
  const type = stringValue(member(auth, 'type'))?.toLowerCase();
  if (type === undefined || type === 'inherit') return 'inherit';
  if (type === 'noauth') return {};
  let valueNode: JsonValue | undefined;
  if (type === 'bearer') valueNode = authParam(member(auth, 'bearer'), 'token');
  else if (type === 'apikey') valueNode = authParam(member(auth, 'apikey'), 'value');
  // Other helpers (basic, oauth2, …) are not how dbt Cloud tokens are sent: no credential.
  const text = scalarText(valueNode);
  if (!valueNode || text === undefined) return {};
  const credential = credentialFromValue(text, lines.at(valueNode.start), scope);
  return credential ? { credential } : {};
}

/** The Authorization header of a request: a `header[]` array (v2) or a `headers` string (v1). */
export function credentialFromHeaders(request: JsonValue | undefined, lines: LineIndex, scope: VariableScope): RawCredential | undefined {
  const list = member(request, 'header') ?? member(request, 'headerData');
  if (list?.type === 'array') {
    for (const h of list.items) {
      if (stringValue(member(h, 'key'))?.trim().toLowerCase() !== 'authorization') continue;
      if (scalarText(member(h, 'disabled')) === 'true' || scalarText(member(h, 'enabled')) === 'false') continue;
      const v = member(h, 'value');
      const text = scalarText(v);
      if (v && text !== undefined) return credentialFromValue(text, lines.at(v.start), scope);
    }
  }
  // Postman v1: `"headers": "Authorization: Token …\n"`. The span is the string's start.
  const headers = member(request, 'headers');
  if (headers?.type === 'string' && headers.value.length <= 20_000) {
    for (const line of headers.value.split('\n')) {
      const m = /^\s*authorization\s*:(.*)$/i.exec(line);
      if (m && !line.trimStart().startsWith('//')) return credentialFromValue(m[1]!, lines.at(headers.start), scope);
    }
  }
  return undefined;
}

/**
 * A pre-request script adding the Authorization header: `pm.request.headers.add({ key: "Authorization",
 * value: "Token " + pm.environment.get("dbt_service_token") })` (or `upsert`, a template literal,
 * `{{dbt_service_token}}`), read as the variable it takes.
 */
const SCRIPT_AUTH =
  /authorization['"`]?[\s\S]{0,200}?(?:pm\.(?:environment|variables|collectionVariables|globals)\.get\(\s*['"`]([^'"`\n]{1,120})['"`]\s*\)|\{\{([^{}\n]{1,120})\}\})/i;

/** Per `event[]` list: a folder's or the collection's scripts are read once, however many requests they serve. */
const scriptCredentials = new WeakMap<JsonValue, RawCredential | null>();

/** The credential the pre-request scripts of `events` (an item's, a folder's or the collection's `event[]`) send. */
export function credentialFromScripts(events: JsonValue | undefined, lines: LineIndex, scope: VariableScope): RawCredential | undefined {
  if (events?.type !== 'array') return undefined;
  let known = scriptCredentials.get(events);
  if (known === undefined) scriptCredentials.set(events, (known = scriptCredential(events, lines, scope) ?? null));
  return known ? { ...known } : undefined;
}

function scriptCredential(events: JsonValue & { type: 'array' }, lines: LineIndex, scope: VariableScope): RawCredential | undefined {
  for (const event of events.items) {
    if (stringValue(member(event, 'listen')) !== 'prerequest') continue;
    const exec = member(member(event, 'script'), 'exec');
    const pieces = exec?.type === 'array' ? exec.items : exec ? [exec] : [];
    const texts = pieces.map((p) => stringValue(p) ?? '');
    const joined = texts.join('\n');
    if (joined.length > 100_000) continue;
    const m = SCRIPT_AUTH.exec(joined);
    if (!m) continue;
    // The span: the script line where the variable is read.
    const end = m.index + m[0].length;
    let at = 0;
    for (let i = 0, off = 0; i < texts.length; off += texts[i]!.length + 1, i++) if (off <= end) at = i;
    const piece = pieces[at] ?? events;
    return credentialFromValue(`{{${(m[1] ?? m[2])!.trim()}}}`, lines.at(piece.start), scope);
  }
  return undefined;
}
