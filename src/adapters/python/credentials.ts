import type { RawCredential, Span } from '../../model/raw-facts.js';
import { templateReference } from '../shared/airflow-connection/airflow-connection.js';
import type { LitPart, Part, Val } from './values.js';
import { joinWritten, litPosition, normalizeParts, sliceLit } from './values.js';
import { leadingAuthScheme } from '../../credentials/auth-schemes.js';
import { toCredential, type TokenReading } from '../shared/values/credential.js';
import { appSecretName } from './library-calls.js';

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
      const name = env?.t === 'str' && env.parts.length === 1 && env.parts[0]!.kind === 'literal' ? env.parts[0]!.text : undefined;
      return name ? { source: 'env', name } : undefined;
    }
    case 'seq': {
      const last = v.items[v.items.length - 1];
      return last ? credentialFromValue(last, top, mapPos, { ...opts, scheme: false }) : undefined;
    }
    case 'unknown':
      return v.name ? { source: 'unknown', name: v.name } : { source: 'unknown' };
    case 'mod': {
      const secret = appSecretName(v.path);
      return secret !== undefined ? { source: 'config', name: secret } : { source: 'unknown', name: v.path };
    }
    default:
      return undefined;
  }
}

/**
 * How a Python string reads as a token: pieces written apart keep their own positions; a mixed
 * value is the first store it reads from (`"Token " + os.environ["X"]`), else its first unknown.
 */
function tokenReading(top: object, mapPos: MapPos): TokenReading<Part> {
  return {
    mixed: 'reference',
    spanOf: (p) => (p.kind === 'unknown' ? undefined : placeSpan(p, top, mapPos)),
    dropStart: (p, n) => sliceLit(p, n),
    join: joinWritten,
  };
}

const WHOLE_TEMPLATE = /^\s*\{\{[^{}]*\}\}\s*$/;

function fromTemplate(input: readonly Part[], top: object, mapPos: MapPos, opts: CredentialOptions): RawCredential | undefined {
  let parts = normalizeParts(input);
  if (opts.scheme && parts[0]?.kind === 'literal') {
    const scheme = leadingAuthScheme(parts[0].text, 'any');
    if (scheme !== undefined) parts = normalizeParts([sliceLit(parts[0], scheme.length), ...parts.slice(1)]);
  }
  const c = toCredential(parts, tokenReading(top, mapPos));
  if (c?.source === 'literal' && c.value!.includes('{{')) {
    const ref = templateReference(c.value!, false);
    // Outside a templated field, only a value that is one whole Airflow template (`"{{ var.value.x }}"`
    // handed on by `op_kwargs`, which Airflow renders) reads as what it names.
    if (ref && (opts.jinja || (ref.source !== 'unknown' && WHOLE_TEMPLATE.test(c.value!)))) return { ...ref, span: c.span };
  }
  return c;
}

/** The reported file's span of a part written in `top`. */
function placeSpan(p: { line?: number; col?: number; owner?: object }, top: object, mapPos: MapPos): Span | undefined {
  return p.owner === top && p.line !== undefined && p.col !== undefined ? mapPos(p.line, p.col) : undefined;
}

export function litSpan(part: LitPart, offset: number, top: object, mapPos: MapPos): Span | undefined {
  return placeSpan({ ...litPosition(part, offset), owner: part.owner }, top, mapPos);
}
