import type { TokenType } from '../model/vocabulary.js';
import { typeFromDescription } from './descriptions.js';
import { typeFromName } from './names.js';
import { hasDbtTokenPrefix, isDbtTokenShaped, isLegacyKeyShaped, typeFromPrefix, typeFromValue } from './token-shapes.js';

// Values that stand in for a token in docs, templates and examples. They are never a committed
// token, but their text may still name the type the reader is to put there.
//
// How much of a value must look like filler depends on where it is written, so the rule has
// named levels:
// - 'exact':         the whole value is a placeholder form (`<token>`, `changeme`, `dbtc_xxxx`).
//                    The classifier's rule: it sees values from every language, most of them real.
// - 'env-file':      a `.env` value: anything shorter than a token, a run of one character, or a
//                    value with a placeholder word anywhere (`my_dbt_token_here`). A `.env` line
//                    holds a whole token or nothing, so a word in it is never part of a token.
// - 'template-file': a `dbt_cloud.yml` value, written from the docs' template: a placeholder word
//                    anywhere, `<…>`, `$X`, runs of `x`/`*`/`...`; a dbt token or 40-hex key never.
// - 'filler':        only runs of `x`/`*`, `<…>`, `changeme`, `your-…`: what line-level and CI
//                    adapters rule out of a 16-512 character token-like literal.

export type PlaceholderLevel = 'exact' | 'env-file' | 'template-file' | 'filler';

const PLACEHOLDER_VALUE =
  /^(<.*>|\{\{.*\}\}|\$\{.*\}|x+|\*+|\.{3}|changeme|change_me|todo|tbd|none|null|(?:dbt[_-])?your[_-].*|example.*|replace.*|dummy|test|redacted)$/i;
/** A dbt prefix followed by filler rather than a token body: `dbtc_xxxx`, `dbtu_<your token>`. */
const PREFIXED_PLACEHOLDER = /^dbt[uc]_(x+|\.+|\*+|<.*>|your.*|token.*|example.*)$/i;

/**
 * Words and fillers that make a value a placeholder wherever they stand in it (`my_dbt_token_here`,
 * `dbtu_XXXX…`, `<your-service-token>`). Also the allowlist of the exported scanner rules.
 */
export const PLACEHOLDER_WORDS =
  /change[_-]?me|your[_-]?(dbt|api|service|token|key|pat|personal|access|cloud|account|secret|user|own)|_here\b|placeholder|replace[_-]?(me|with)|example|dummy|redacted|insert[_-]|todo|fixme|xxxx|\*\*\*|\.\.\./i;

const ENV_FILE_PLACEHOLDER = [
  /^<.*>$/,
  /^\[.*\]$/,
  /^\{.*\}$/,
  /^%.*%$/,
  /^(.)\1+$/,
  PLACEHOLDER_WORDS,
  /^(none|null|nil|undefined|false|true|secret|token|password|test|tbd|n\/?a|empty|unset)$/i,
];
/** Real tokens are 40 characters or more; a `.env` value this short is a placeholder or a test value. */
const MIN_TOKEN_LENGTH = 16;

/**
 * Words where a value goes (`DBT_TOKEN= Your dbt Cloud authentication token`): no token holds a
 * space, and none of the words is long enough to be one (`Token dbtc_…` keeps its token).
 */
const isProse = (value: string): boolean => {
  const words = value.trim().split(/\s+/);
  return words.length > 1 && words.every((w) => w.length < MIN_TOKEN_LENGTH);
};

const FILLER = /^(x+|\*+|<.*>|changeme|your[_-].*)$/i;

/** Well-known 40-hex strings that are no key: SHA-1 of the empty string, and of nothing else worth a name. */
const KNOWN_HEX = new Set(['da39a3ee5e6b4b0d3255bfef95601890afd80709']);

/**
 * A token-shaped value written by hand, not issued: a token body or 40-hex key of at most three
 * distinct characters (`dbtc_000…`, `abab…`), the SHA-1 of nothing, or a token body that counts up
 * (`1234567890…`, `abcdefgh…`). Issued tokens are random; these are what docs write instead.
 */
function isSyntheticToken(value: string): boolean {
  // A dbt prefix before a body of any length that counts up (`dbtc_-abcdefghijklmnopqrstuvwxyz` in a `.env.example`).
  const token = hasDbtTokenPrefix(value) && (isDbtTokenShaped(value) || /^dbt[uc]_[\w-]{8,}$/i.test(value));
  const body = token ? value.slice(5).replace(/^[-_]+/, '') : isLegacyKeyShaped(value) ? value : undefined;
  if (body === undefined) return false;
  if (KNOWN_HEX.has(body) || new Set(body).size <= 3) return true;
  // Hex counts up by nature of its alphabet (`0123456789abcdef…` is how tests write a key): only a token body.
  if (!token) return false;
  let counting = 0;
  for (let i = 1; i < body.length; i++) if (nextInRun(body[i - 1]!, body[i]!)) counting++;
  return counting >= (body.length - 1) * 0.8;
}

/** `b` follows `a` in a run someone types: the next digit or letter, `9` to `0`, `9` to `a`, `f` to `0`, `z` to `a`. */
function nextInRun(a: string, b: string): boolean {
  const x = a.toLowerCase().charCodeAt(0);
  const y = b.toLowerCase().charCodeAt(0);
  return (
    y === x + 1 || (a === '9' && (b === '0' || b.toLowerCase() === 'a')) || (/[fz]/i.test(a) && (b === '0' || b.toLowerCase() === 'a'))
  );
}

/** A literal that is obviously a placeholder carries no token (docs, templates). */
export function isPlaceholderValue(value: string, level: PlaceholderLevel = 'exact'): boolean {
  switch (level) {
    case 'exact': {
      const v = value.trim();
      return v === '' || PLACEHOLDER_VALUE.test(v) || PREFIXED_PLACEHOLDER.test(v) || isSyntheticToken(v);
    }
    case 'env-file':
      if (value.length < MIN_TOKEN_LENGTH || isProse(value)) return true;
      // A dbt prefix with the wrong length: `dbtc_xxxxxxxx`, `dbtu_YOUR_TOKEN`.
      if (hasDbtTokenPrefix(value) && !isDbtTokenShaped(value)) return true;
      return ENV_FILE_PLACEHOLDER.some((re) => re.test(value));
    case 'template-file': {
      const v = value.trim();
      if (isDbtTokenShaped(v) || isLegacyKeyShaped(v)) return false;
      return (
        v === '' ||
        /^<[^<>]*>$/.test(v) ||
        /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) ||
        /your|replace|placeholder|changeme|example|redacted|token[-_]?value/i.test(v) ||
        /^(dbt[uc]_)?(x+|\*+|\.+)$/i.test(v) ||
        /\.\.\.|x{6,}|\*{3,}/i.test(v)
      );
    }
    case 'filler':
      return FILLER.test(value);
  }
}

// Interpolations pass a value on from elsewhere (`${{ secrets.X }}`, `${X}`, `$X`, `$(cmd)`,
// `{{ env_var('X') }}`): never a placeholder, whatever their text says. Two readings:
// - 'whole':    the value is one interpolation and nothing else (a line's assigned value, as the
//               audit of keyword lines reads it: `prefix-${X}` is a value of its own there).
// - 'contains': the value starts with `$X` / `$(` or holds `${…}` / `{{…}}` anywhere (a `.env`
//               value, which its loader expands: `Token ${DBT_TOKEN}` passes the token on).
export type InterpolationLevel = 'whole' | 'contains';

const WHOLE_INTERPOLATION = /^\$\{\{.*\}\}$|^\$\{[^}]*\}$|^\$\(.*\)$|^\{\{.*\}\}$|^\$[A-Za-z_]\w*$/;

export function isInterpolation(value: string, level: InterpolationLevel): boolean {
  if (level === 'whole') return WHOLE_INTERPOLATION.test(value);
  return /^\$\{?[A-Za-z_]/.test(value) || /\$\{[^}]*\}/.test(value) || /^\$\(/.test(value) || /\{\{.*\}\}/.test(value);
}

/**
 * The variable a release pipeline writes into a file before it is used: `__DBT_TOKEN__` (Azure
 * DevOps' replace-tokens task, Octopus' `#{DbtToken}` and `#{DBT_TOKEN}#`). The literal is never
 * the token; the pipeline's variable of that name is. Upper-case `__X__` only: `__init__` is Python's.
 */
export function substitutedVariable(value: string): string | undefined {
  const m = /^__([A-Z][A-Z0-9_]*[A-Z0-9])__$|^#\{([A-Za-z_][\w.-]{0,100})\}#?$/.exec(value.trim());
  return m?.[1] ?? m?.[2];
}

/**
 * A template's fill-in written where code belongs, so the code does not parse there: `<<TOKEN>>`,
 * `<your token>`, `{{ token }}` (one line, up to 80 characters inside). Python reads it as that
 * literal text, which the 'exact' level then takes for a placeholder.
 */
export function isFillIn(text: string): boolean {
  return /^(?:<[^<>\n]{1,80}>|<<[^<>\n]{1,80}>>|\{\{[^{}\n]{1,80}\}\})$/.test(text);
}

/**
 * A template people copy and fill in, by its base name: `.env.example`, `.env_template`,
 * `.env-sample`, `example.env`, `config.yml.template`, `.env.tmpl`, `.env.tpl`, `.env.dist`. Every value in it
 * stands for one the user puts there, and no program loads it.
 */
export function isTemplateFileName(base: string): boolean {
  return /\.(example|sample|template|tmpl|tpl|dist)$|^\.env[_-](example|sample|template|tmpl|tpl|dist)$|^example\./i.test(base);
}

/**
 * A literal that could be a token of some service: one run of token characters, 16 to 512 long,
 * and not filler (`xxxx`, `<token>`, `changeme`). What line-level and CI adapters accept as a
 * value when the name or the call already says dbt.
 */
export function tokenShapedLiteral(value: string): boolean {
  return value.length >= 16 && value.length <= 512 && /^[A-Za-z0-9_\-.:+/=]+$/.test(value) && !isPlaceholderValue(value, 'filler');
}

/**
 * The type a placeholder's text names: `dbtu_XXXX…` (a PAT goes here), `<your-service-token>`,
 * `YOUR_PAT_HERE`. Undefined for a placeholder that names no type (`<token>`, `changeme`).
 */
export function typeFromPlaceholder(value: string): TokenType | undefined {
  const v = value.trim();
  const byPrefix = typeFromPrefix(v);
  if (byPrefix) return byPrefix;
  // Words of the placeholder: `<your-service-token>` reads as "your service token".
  const words = v.replace(/[^A-Za-z0-9]+/g, ' ').trim();
  if (/(^| )pats?( |$)/i.test(words)) return 'pat';
  return typeFromDescription(words);
}

/**
 * The type a `.env` placeholder's text names, read as a value first (`dbtu_xxxx`) and then as a
 * variable name (`YOUR_SERVICE_TOKEN`, `<PAT>`). Unlike `typeFromPlaceholder`, which reads the
 * text as prose (`typeFromDescription`), the name rules match inside words and heed no negation:
 * `USER_KEY` is a legacy key and `not a service token` a service token here, neither there.
 * The `.env` adapter uses it for a slot type where the value itself is not kept.
 */
export function typeFromPlaceholderText(value: string): Exclude<TokenType, 'unknown'> | undefined {
  const t = typeFromValue(value, false) ?? typeFromName(value);
  return t === 'unknown' ? undefined : t;
}
