// The written forms of dbt Cloud credentials, for adapters deciding whether a value is worth
// reporting. They never give the token type: the core classifies values (src/classify/credential.ts).

const DBT_TOKEN = /^dbt[uc]_[A-Za-z0-9_-]{50}$/;
const LEGACY_KEY = /^[0-9a-f]{40}$/;
/** Service tokens from before July 2023: 10 hex, a dot, 64 hex. */
const OLD_SERVICE_TOKEN = /^[0-9a-f]{10}\.[0-9a-f]{64}$/;

/** A complete PAT (`dbtu_`) or service token (`dbtc_`): a dbt Cloud token wherever it is written. */
export function isDbtTokenShaped(value: string): boolean {
  return DBT_TOKEN.test(value);
}

/** 40 lowercase hex: a legacy user API key only in a dbt context (it is also the shape of a git SHA). */
export function isLegacyKeyShaped(value: string): boolean {
  return LEGACY_KEY.test(value);
}

/** Any of the dbt Cloud token forms, the context-dependent ones included. */
export function isAnyTokenShaped(value: string): boolean {
  return DBT_TOKEN.test(value) || LEGACY_KEY.test(value) || OLD_SERVICE_TOKEN.test(value);
}
