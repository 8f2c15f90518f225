import type { RawCredential, Span } from '../../model/raw-facts.js';
import { templateReference } from '../shared/airflow-connection/airflow-connection.js';
import type { HolePart, LitPart, Origin, Val } from './values.js';
import { litPosition, normalizeParts, sliceLit } from './values.js';
import { leadingAuthScheme } from '../../credentials/auth-schemes.js';

/** Maps a position in the analysed text to the reported file's own line and column. */
export type MapPos = (line: number, col: number) => Span;

export interface CredentialOptions {
  /** Strip an auth scheme (`Token `, `Bearer `) first: the value is an Authorization header. */
  scheme?: boolean;
  /** The string is an Airflow template field: `{{ var.value.X }}` is a variable reference. */
  jinja?: boolean;
}

/**
 * Where a value used as a token comes from. Positions are kept only for values written in
 * `top` (the file being reported); values from imported modules carry none.
 */
export function credentialFromValue(
  v: Val | undefined,
  top: object,
  mapPos: MapPos,
  opts: CredentialOptions = {},
): RawCredential | undefined {
  if (!v) return undefined;
  switch (v.t) {
    case 'str':
      return fromTemplate(v.parts, top, mapPos, opts);
    case 'dict': {
      // dagster's `{"env": "DBT_CLOUD_API_TOKEN"}` config form.
      const env = v.entries.get('env');
      const name = env?.t === 'str' && env.parts.length === 1 && env.parts[0]!.kind === 'lit' ? env.parts[0]!.text : undefined;
      return name ? { source: 'env', name } : undefined;
    }
    case 'seq': {
      const last = v.items[v.items.length - 1];
      return last ? credentialFromValue(last, top, mapPos, { ...opts, scheme: false }) : undefined;
    }
    case 'unknown':
      return v.name ? { source: 'unknown', name: v.name } : { source: 'unknown' };
    case 'mod':
      return { source: 'unknown', name: v.path };
    default:
      return undefined;
  }
}

function fromTemplate(
  input: readonly (LitPart | HolePart)[],
  top: object,
  mapPos: MapPos,
  opts: CredentialOptions,
): RawCredential | undefined {
  let parts = normalizeParts(input);
  if (opts.scheme && parts[0]?.kind === 'lit') {
    const scheme = leadingAuthScheme(parts[0].text, 'any');
    if (scheme !== undefined) parts = normalizeParts([sliceLit(parts[0], scheme.length), ...parts.slice(1)]);
  }
  // Surrounding blanks are not part of the token.
  const first = parts[0];
  if (first?.kind === 'lit') {
    const lead = first.text.length - first.text.trimStart().length;
    if (lead > 0) parts = normalizeParts([sliceLit(first, lead), ...parts.slice(1)]);
  }
  const last = parts[parts.length - 1];
  if (last?.kind === 'lit') parts = normalizeParts([...parts.slice(0, -1), sliceLit(last, 0, last.text.trimEnd().length)]);
  if (parts.length === 0) return undefined;

  if (parts.every((p) => p.kind === 'lit')) {
    const lits = parts as LitPart[];
    const value = lits.map((p) => p.text).join('');
    const span = litSpan(lits[0]!, 0, top, mapPos);
    if (opts.jinja && value.includes('{{')) {
      const ref = templateReference(value, false);
      if (ref) return { ...ref, span };
    }
    return { source: 'literal', value, span };
  }
  const holes = parts.filter((p): p is HolePart => p.kind === 'hole');
  const withOrigin = holes.find((h) => h.origin);
  if (withOrigin?.origin) return fromOrigin(withOrigin.origin, top, mapPos);
  return { source: 'unknown', name: holes[0]!.name };
}

function fromOrigin(o: Origin, top: object, mapPos: MapPos): RawCredential {
  const c: RawCredential = { source: o.source };
  if (o.name !== undefined) c.name = o.name;
  if (o.ref) c.ref = o.ref;
  if (o.owner === top && o.line !== undefined && o.col !== undefined) c.span = mapPos(o.line, o.col);
  return c;
}

export function litSpan(part: LitPart, offset: number, top: object, mapPos: MapPos): Span | undefined {
  if (part.owner !== top) return undefined;
  const p = litPosition(part, offset);
  return p.line !== undefined && p.col !== undefined ? mapPos(p.line, p.col) : undefined;
}
