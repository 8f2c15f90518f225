import type { TokenType } from '../model/vocabulary.js';

// The written forms of dbt Cloud credentials (facts §1.2): the one place that knows them.
// Adapters use the `is…Shaped` tests to decide whether a value is worth reporting; the
// classifier uses `typeFromValue` to decide a value's type.

/** A personal access token: `dbtu_` and 50 characters. */
export const PAT_SHAPE = /^dbtu_[A-Za-z0-9_-]{50}$/;
/** A service token: `dbtc_` and 50 characters. */
export const SERVICE_TOKEN_SHAPE = /^dbtc_[A-Za-z0-9_-]{50}$/;
const DBT_TOKEN_SHAPE = /^dbt[uc]_[A-Za-z0-9_-]{50}$/;
/** A user API key (retired): 40 lowercase hex, which is also the shape of a git SHA. */
export const LEGACY_KEY_SHAPE = /^[0-9a-f]{40}$/;
/** Service tokens from before July 2023 (one sample): 10 hex, a dot, 64 hex. */
const OLD_SERVICE_TOKEN_SHAPE = /^[0-9a-f]{10}\.[0-9a-f]{64}$/;

/** The prefixes of PATs and service tokens, for searches that look for the prefix alone. */
export const DBT_TOKEN_PREFIXES = ['dbtu_', 'dbtc_'] as const;

/** The type a prefix names, whole token or not: `dbtu_` is a PAT, `dbtc_` a service token. */
export function typeFromPrefix(value: string): 'pat' | 'service-token' | undefined {
  const v = value.trim();
  if (v.startsWith('dbtu_')) return 'pat';
  if (v.startsWith('dbtc_')) return 'service-token';
  return undefined;
}

/**
 * The type a value's format says. `dbtContext` says the value sits on a dbt Cloud call or in a
 * dbt-named variable, which is what makes a bare 40-hex string a user key and not a git SHA.
 */
export function typeFromValue(value: string, dbtContext: boolean): TokenType | undefined {
  const v = value.trim();
  const byPrefix = typeFromPrefix(v);
  if (byPrefix) return byPrefix;
  if (dbtContext && LEGACY_KEY_SHAPE.test(v)) return 'legacy-user-api-key';
  if (dbtContext && OLD_SERVICE_TOKEN_SHAPE.test(v)) return 'service-token';
  return undefined;
}

/** Is this literal a whole token (not a placeholder such as `dbtc_xxxxxxxx`)? */
export function isCompleteToken(value: string, dbtContext: boolean): boolean {
  const v = value.trim();
  return DBT_TOKEN_SHAPE.test(v) || (dbtContext && (LEGACY_KEY_SHAPE.test(v) || OLD_SERVICE_TOKEN_SHAPE.test(v)));
}

/** A complete PAT (`dbtu_`) or service token (`dbtc_`): a dbt Cloud token wherever it is written. */
export function isDbtTokenShaped(value: string): boolean {
  return DBT_TOKEN_SHAPE.test(value);
}

/** 40 lowercase hex: a legacy user API key only in a dbt context (it is also the shape of a git SHA). */
export function isLegacyKeyShaped(value: string): boolean {
  return LEGACY_KEY_SHAPE.test(value);
}

/**
 * Every complete `dbtu_`/`dbtc_` token written anywhere in a text, not inside a longer word: the
 * literal search every scanned file gets. Global; use it with `matchAll` only (which copies it).
 */
export const DBT_TOKEN_IN_TEXT = /(?<![A-Za-z0-9_])dbt[uc]_[A-Za-z0-9_-]{50}(?![A-Za-z0-9_-])/g;

const DBT_TOKEN_PREFIX = /^dbt[uc]_/;

/** Starts with a dbt token prefix, complete token or not (`dbtc_xxxx` included); blanks count. */
export function hasDbtTokenPrefix(value: string): boolean {
  return DBT_TOKEN_PREFIX.test(value);
}

/** The dbt token prefix a value starts with (`dbtu_`, `dbtc_`); '' when it has none. */
export function dbtTokenPrefixOf(value: string): string {
  return DBT_TOKEN_PREFIX.exec(value)?.[0] ?? '';
}

/**
 * A dbt token prefix and at least `minBody` token characters, anywhere in a text (global): a
 * token or most of one, cut short or not, as redaction and masking look for it. With `wordStart`,
 * not inside a longer word; without, also glued to one (a JSON escape `\ndbtu_…` must not hide it).
 */
export function dbtTokenRun(minBody: number, opts: { wordStart?: boolean } = {}): RegExp {
  return new RegExp(`${opts.wordStart ? '\\b' : ''}dbt[uc]_[A-Za-z0-9_-]{${minBody},}`, 'g');
}

/** A dbt token prefix in any case anywhere (global): a mention of dbt tokens, not a token. */
export const DBT_TOKEN_PREFIX_IN_TEXT = /dbt[uc]_/gi;

/** Any of the dbt Cloud token forms, the context-dependent ones included. */
export function isAnyTokenShaped(value: string): boolean {
  return DBT_TOKEN_SHAPE.test(value) || LEGACY_KEY_SHAPE.test(value) || OLD_SERVICE_TOKEN_SHAPE.test(value);
}

// Databricks personal access tokens: what dbt Core on Databricks keeps in `DBT_TOKEN`, so a value
// of this shape rules a dbt-named entry out. Two strictnesses, both deliberate:
// - `isDatabricksTokenShaped`: the whole value is `dapi` + 32 hex (an optional `-N` suffix), used
//   where the value is read whole (a `.env` entry).
// - `hasDatabricksTokenPrefix`: `dapi` + one hex digit, used where the value may be cut short or
//   templated (environment entries of every deployment format).

/** A whole Databricks PAT: `dapi` + 32 hex, optionally `-2`-style suffixed. */
const DATABRICKS_TOKEN_SHAPE = /^dapi[0-9a-f]{32}(-\d+)?$/i;

export function isDatabricksTokenShaped(value: string): boolean {
  return DATABRICKS_TOKEN_SHAPE.test(value);
}

/** Starts like a Databricks PAT (`dapi` + hex), whole or not. */
export function hasDatabricksTokenPrefix(value: string): boolean {
  return /^dapi[0-9a-f]/i.test(value);
}

/**
 * A Databricks workspace, SQL warehouse path or `dapi` token anywhere in a text (a third
 * strictness: `dapi` + 8 hex after a word boundary, so that a word starting `dapi` is not one).
 * A file that mentions Databricks gives `DBT_TOKEN` / `DBT_ACCESS_TOKEN` to the warehouse.
 */
export function mentionsDatabricks(text: string): boolean {
  return /databricks|\bdapi[0-9a-f]{8}|sql\/1\.0\/(?:warehouses|endpoints)\//i.test(text);
}

/**
 * Whether a text holds a run of 40 lowercase hex: the least a legacy user API key (or an older
 * service token) written whole needs. A text without one, and without a `dbtu_`/`dbtc_` form, can
 * hold no committed token, whatever an adapter would make of it.
 */
export function mayHoldHexKey(text: string): boolean {
  return /[0-9a-f]{40}/.test(text);
}
