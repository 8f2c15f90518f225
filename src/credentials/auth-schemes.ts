// The schemes an Authorization header puts before a dbt Cloud token: the one place that knows
// them. The Admin API takes `Token <t>` and `Bearer <t>`; clients also write `Basic`, `JWT`
// and `Api-Key` forms. Adapters read headers with different strictness on purpose, so the set
// of schemes is a named level:
// - 'dbt':        `Token`, `Bearer`: the schemes dbt Cloud accepts. Line-level scans, shell, Postman,
//                 Terraform, CI and config files, where a wider set would take other services' headers.
// - 'dbt-or-jwt': also `JWT`: JavaScript clients built around a token helper write `JWT ${t}`;
//                 only `Token`/`Bearer` still mark the header as schemed the dbt way.
// - 'any':        also `Basic` and `Api-Key`: Python, where the header value is already known to
//                 be the token argument of a dbt Cloud call, so any scheme in front is stripped.
// Every level matches in any case (`bearer`, `TOKEN`), as HTTP reads the scheme; so does redaction
// (src/findings/redact.ts), which masks the value after the 'dbt' schemes and `Basic` in any text.

export type SchemeSet = 'dbt' | 'dbt-or-jwt' | 'any';

const WORDS: Readonly<Record<SchemeSet, string>> = {
  dbt: 'token|bearer',
  'dbt-or-jwt': 'token|bearer|jwt',
  any: 'token|bearer|basic|jwt|api-?key',
};

/**
 * The scheme names of a level as a regex alternation (`token|bearer`), for adapters that find a
 * header inside a longer pattern (a line, a template). Match case-insensitively.
 */
export function schemeWords(set: SchemeSet): string {
  return WORDS[set];
}

const LEADING: Readonly<Record<SchemeSet, RegExp>> = {
  dbt: new RegExp(`^\\s*(?:${WORDS.dbt})\\s+`, 'i'),
  'dbt-or-jwt': new RegExp(`^\\s*(?:${WORDS['dbt-or-jwt']})\\s+`, 'i'),
  any: new RegExp(`^\\s*(?:${WORDS.any})\\s+`, 'i'),
};
/** A scheme whose blanks may be missing: tree-sitter drops the space before an HCL interpolation. */
const LEADING_LOOSE: Readonly<Record<SchemeSet, RegExp>> = {
  dbt: new RegExp(`^\\s*(?:${WORDS.dbt})\\b\\s*`, 'i'),
  'dbt-or-jwt': new RegExp(`^\\s*(?:${WORDS['dbt-or-jwt']})\\b\\s*`, 'i'),
  any: new RegExp(`^\\s*(?:${WORDS.any})\\b\\s*`, 'i'),
};
const BARE: Readonly<Record<SchemeSet, RegExp>> = {
  dbt: new RegExp(`^\\s*(?:${WORDS.dbt})\\s*$`, 'i'),
  'dbt-or-jwt': new RegExp(`^\\s*(?:${WORDS['dbt-or-jwt']})\\s*$`, 'i'),
  any: new RegExp(`^\\s*(?:${WORDS.any})\\s*$`, 'i'),
};

export interface SchemeOptions {
  /** Accept a scheme with no blank after it (`Token${var.x}` as tree-sitter gives HCL templates). */
  blankOptional?: boolean;
}

/** The scheme at the start of a header value with the blanks around it (`' Token  '`); undefined when there is none. */
export function leadingAuthScheme(header: string, set: SchemeSet = 'any', opts: SchemeOptions = {}): string | undefined {
  return (opts.blankOptional ? LEADING_LOOSE : LEADING)[set].exec(header)?.[0];
}

/** The value after the scheme (`Token dbtc_…` → `dbtc_…`); the value itself when there is none. */
export function stripAuthScheme(header: string, set: SchemeSet = 'any', opts: SchemeOptions = {}): string {
  const scheme = leadingAuthScheme(header, set, opts);
  return scheme === undefined ? header : header.slice(scheme.length);
}

/** A scheme and nothing else (`'Token '`): the token follows in another piece (`'Token ' + t`). */
export function isBareAuthScheme(text: string, set: SchemeSet = 'any'): boolean {
  return BARE[set].test(text);
}

/**
 * Schemes that never carry a dbt Cloud token, at two levels:
 * - 'basic':     `Basic` only (JavaScript: any other unknown prefix is kept as part of the value).
 * - 'non-token': `Basic`, `Digest`, `Negotiate`, AWS signatures (shell: curl and httpie headers).
 */
export type OtherSchemeSet = 'basic' | 'non-token';

const OTHER: Readonly<Record<OtherSchemeSet, RegExp>> = {
  basic: /^\s*basic\s/i,
  'non-token': /^\s*(?:basic|digest|negotiate|aws4-hmac-sha256)\b/i,
};

export function startsWithOtherScheme(header: string, set: OtherSchemeSet): boolean {
  return OTHER[set].test(header);
}
