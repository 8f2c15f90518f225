import type { RawCredential, RawCredentialSite, Span } from '../../model/raw-facts.js';
import { keyName, memberChain, type Node } from './ast.js';
import type { ModuleInfo } from './module-index.js';
import type { JsLiteral, JsPart } from './model.js';
import { joinLiterals } from './url.js';
import { toCredential, type TokenReading } from '../shared/values/credential.js';
import { isDbtAuthTokenName, isDbtTokenEntry, isSecretName } from '../../credentials/names.js';
import { isDbtTokenShaped } from '../../credentials/token-shapes.js';
import { isBareAuthScheme, leadingAuthScheme, startsWithOtherScheme } from '../../credentials/auth-schemes.js';

// Turning an Authorization header value into a credential reference, and finding legacy-key
// literals assigned to dbt-named variables outside any call.

export interface HeaderCredential {
  credential: RawCredential;
  /** A literal written as a fallback for the token (`process.env.X || 'value'`). */
  fallback?: { text: string; span?: Span; name: string };
  /**
   * The name of what holds the token (env var, setting, variable, member), also when its value
   * is unknown: `credential.name` only keeps names whose source is known.
   */
  holder?: string;
  /** The value starts with a `Token` or `Bearer` scheme, as dbt Cloud wants it. */
  schemed?: boolean;
}

/**
 * How a header value reads as a token: blank pieces are not part of it, and a value that mixes
 * text with what is not known is its first such part (`Token ${process.env.X}`).
 */
const TOKEN: TokenReading<JsPart> = {
  mixed: 'first',
  dropBlanks: true,
  spanOf: (p) => p.span,
  dropStart: advance,
  join: joinLiterals,
};

/** The credential an Authorization header value (`Token ${x}`, `'Bearer ' + x`, a bare token) carries. */
export function credentialFromParts(parts: readonly JsPart[]): HeaderCredential | undefined {
  // strip the scheme before merging pieces, so a token from elsewhere keeps its own span
  let rest = parts.filter((p) => p.kind !== 'literal' || p.text !== '');
  const first = rest[0];
  let schemed = false;
  if (first?.kind === 'literal') {
    const scheme =
      leadingAuthScheme(first.text, 'dbt-or-jwt') ??
      (rest[1]?.kind !== 'literal' && isBareAuthScheme(first.text, 'dbt') ? first.text : undefined);
    // `JWT ` is stripped but is not the dbt way of sending a token.
    schemed = scheme !== undefined && leadingAuthScheme(scheme, 'dbt', { blankOptional: true }) !== undefined;
    if (scheme !== undefined) rest = [advance(first, scheme.length), ...rest.slice(1)];
    else if (startsWithOtherScheme(first.text, 'basic')) return undefined;
  }
  const credential = toCredential(rest, TOKEN);
  if (!credential) return undefined;
  if (credential.source === 'literal') return { credential };
  const ref = rest.find((p) => p.kind !== 'literal')!;
  const anonymous = ref.kind === 'reference' && ref.anonymous === true;
  // A value read off an object the scan cannot follow (`settings.dbtServiceToken`,
  // `useRuntimeConfig().dbtPat`) is named by that member, which may say the token's type, as a
  // Python attribute is; other unknowns name nothing.
  if (anonymous) delete credential.name;
  else if (ref.kind === 'unknown') {
    const member = MEMBER_READ.exec(ref.name);
    if (member) credential.name = member[1]!;
    else delete credential.name;
  }
  const fb = ref.fallback;
  const fallback = fb && /^[A-Za-z0-9_.-]{20,}$/.test(fb.text) ? { text: fb.text, span: fb.span, name: ref.name } : undefined;
  const out: HeaderCredential = { credential };
  if (fallback) out.fallback = fallback;
  if (!anonymous) out.holder = ref.name;
  if (schemed) out.schemed = true;
  return out;
}

/**
 * A `Token` / `Bearer` header that by itself says it carries a dbt Cloud token: a dbt-token-named
 * holder (`DBT_CLOUD_API_TOKEN`, `dbtCloudAdminAPIKey`) or a dbt token literal. Enough to take a
 * request whose URL is unknown (a helper's parameter) for a dbt Cloud call. `DBT_TOKEN` and
 * `DBT_ACCESS_TOKEN` are Databricks' names too, so they do not count in a file about Databricks.
 */
export function carriesDbtToken(h: HeaderCredential, databricks: boolean): boolean {
  if (!h.schemed) return false;
  if (h.credential.source === 'literal') return isDbtTokenShaped(h.credential.value?.trim() ?? '');
  return h.holder !== undefined && (isDbtTokenEntry(h.holder, undefined, databricks) || isDbtAuthTokenName(h.holder));
}

/** `settings.dbtServiceToken`, `this.config.apiKey`: a member read, without a leading `this.`. */
const MEMBER_READ = /^(?:this\.)?([A-Za-z_$][\w$]{0,100}(?:\.[A-Za-z_$][\w$]{0,100}){1,5})$/;

function advance(lit: JsLiteral, n: number): JsLiteral {
  const span = lit.span && lit.exact && n > 0 ? { line: lit.span.line, column: lit.span.column + n } : lit.span;
  return { ...lit, text: lit.text.slice(n), span };
}

/**
 * 40-hex literals assigned to a dbt-named name (`dbtCloudApiKey = '...'`,
 * `{ dbt: { apiKey: '...' } }`): a legacy user API key even when no call uses it here.
 */
export function legacyKeySites(mod: ModuleInfo): RawCredentialSite[] {
  const out: RawCredentialSite[] = [];
  for (const lit of mod.hexLiterals) {
    const name = holderName(mod, lit);
    if (!name || !isSecretName(name, 'js-holder')) continue;
    const value = lit.type === 'StringLiteral' ? (lit.value as string) : (lit.quasis[0].value.cooked as string);
    const span = { line: lit.loc.start.line, column: lit.loc.start.column + 2 };
    out.push({ span, credential: { source: 'literal', value, name, span } });
  }
  return out;
}

/** The dotted name a literal is assigned to, looking through up to three enclosing object literals. */
function holderName(mod: ModuleInfo, lit: Node): string | undefined {
  const parts: string[] = [];
  let cur: Node = lit;
  for (let level = 0; level < 4; level++) {
    let p = mod.parents.get(cur);
    while (
      p &&
      (p.type === 'TSAsExpression' ||
        p.type === 'TSSatisfiesExpression' ||
        p.type === 'ParenthesizedExpression' ||
        p.type === 'TSNonNullExpression')
    ) {
      cur = p;
      p = mod.parents.get(p);
    }
    if (!p) break;
    if (p.type === 'VariableDeclarator' && p.init === cur) {
      if (p.id?.type === 'Identifier') parts.unshift(p.id.name);
      break;
    }
    if (p.type === 'AssignmentExpression' && p.right === cur) {
      const chain = memberChain(p.left);
      if (chain)
        parts.unshift(
          chain
            .filter((c) => c !== 'this')
            .join('.')
            .replace(/^process\.env\./, ''),
        );
      break;
    }
    if (p.type === 'AssignmentPattern' && p.right === cur) {
      if (p.left?.type === 'Identifier') parts.unshift(p.left.name);
      break;
    }
    if ((p.type === 'ClassProperty' || p.type === 'ClassPrivateProperty') && p.value === cur) {
      const k = keyName(p.key, p.computed === true);
      if (k) parts.unshift(k);
      break;
    }
    if (p.type === 'ObjectProperty' && p.value === cur) {
      const k = keyName(p.key, p.computed === true);
      if (!k) break;
      parts.unshift(k);
      const obj = mod.parents.get(p);
      if (!obj || obj.type !== 'ObjectExpression') break;
      cur = obj;
      continue;
    }
    break;
  }
  return parts.length > 0 ? parts.join('.') : undefined;
}

export const spanKey = (s: Span | undefined): string => (s ? `${s.line}:${s.column}` : '');
