import type { Reference, Unknown } from '../shared/values/parts.js';

// GitHub Actions (and Azure template) `${{ expr }}` expressions are substituted by the CI runner
// before the shell sees the script, also inside single quotes. Bash cannot parse them, so they are
// masked with same-length `${__ciN___}` variable references (offsets stay valid) and remembered.

/**
 * What a masked expression stands for: a credential of the CI stores (`binding`), the environment
 * variable X of `env.X` / `variables.X` (resolved like `$X`), or an unknown value.
 */
export type CiExpression = (Reference & { binding?: true }) | Unknown;

export interface MaskedScript {
  text: string;
  expressions: Map<string, CiExpression>;
}

/** Marker names are `__ci` + base-36 counter + `_` padding. */
export const MARKER_NAME = /^__ci[0-9a-z]+_*$/;
/** A marker written in literal text (single quotes, heredocs): `${__ci0___}`. */
export const MARKER_IN_TEXT = /\$\{(__ci[0-9a-z]+_*)\}/g;

const MAX_EXPRESSION = 500;
const IDENT = '[A-Za-z_][A-Za-z0-9_-]*';
const SECRET = new RegExp(`^secrets(?:\\.(${IDENT})|\\[\\s*['"](${IDENT})['"]\\s*\\])$`);
const ENV = new RegExp(`^(?:env|variables)(?:\\.(${IDENT})|\\[\\s*['"](${IDENT})['"]\\s*\\])$`);
const VARS = new RegExp(`^vars\\.(${IDENT})$`);
const INPUTS = new RegExp(`^(?:github\\.event\\.)?inputs\\.(${IDENT})$`);

function interpretExpression(expr: string): CiExpression {
  // `secrets.A || secrets.B` and `format(...)`: the first operand is what a reader would name.
  const first = (expr.split('||')[0] ?? '').trim();
  let m = SECRET.exec(first);
  if (m) return { kind: 'reference', source: 'secret', name: (m[1] ?? m[2])!, binding: true };
  m = ENV.exec(first);
  if (m) return { kind: 'reference', source: 'env', name: (m[1] ?? m[2])! };
  m = VARS.exec(first);
  if (m) return { kind: 'reference', source: 'variable', name: m[1]!, binding: true };
  m = INPUTS.exec(first);
  if (m) return { kind: 'unknown', name: m[1] };
  return { kind: 'unknown' };
}

export function maskCiExpressions(text: string): MaskedScript {
  const expressions = new Map<string, CiExpression>();
  let out = '';
  let from = 0;
  let n = 0;
  for (let i = text.indexOf('${{'); i >= 0; i = text.indexOf('${{', i + 1)) {
    const end = text.indexOf('}}', i + 3);
    if (end < 0) break;
    const length = end + 2 - i;
    const body = text.slice(i + 3, end);
    if (length > MAX_EXPRESSION || body.includes('\n')) continue;
    const id = `__ci${(n++).toString(36)}`;
    const room = length - 3; // `${` + name + `}`
    let name: string;
    if (room >= id.length) {
      name = id + '_'.repeat(room - id.length);
      expressions.set(name, interpretExpression(body.trim()));
    } else {
      name = '_'.repeat(Math.max(room, 1)); // too short to carry an id: an unknown value
    }
    out += text.slice(from, i) + '${' + name + '}';
    from = end + 2;
    i = end + 1;
  }
  return { text: from === 0 ? text : out + text.slice(from), expressions };
}
