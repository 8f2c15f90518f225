// Last line of defence, applied to every reporter's final string. Redaction is the core's job
// (credential values never reach the Report whole); this pass only makes sure that a token-shaped
// run that slipped through anyway (a message template, a snippet, a file name) is never printed whole.
// It keeps the last 4 characters, like the core's `redacted`, so output stays recognisable.

/** `dbtu_`/`dbtc_` and 20 or more token characters: a PAT or service token, or most of one. Shorter runs
 * are ordinary identifiers (`dbtc_client.py`), and rewriting them would break file locations. */
const DBT_TOKEN_RUN = /dbt([uc])_[A-Za-z0-9_-]{20,}/g;
/** 32 or more hex characters in a row: a legacy user API key (40 hex) or another secret-shaped run. */
const HEX_RUN = /[0-9a-fA-F]{32,}/g;

/**
 * Replaces token-shaped runs by `dbtu_…` / `dbtc_…` / `…` plus their last 4 characters.
 * Idempotent: the ellipsis breaks the run, so scrubbed text does not match again.
 * Fingerprints are short and not hex runs of 32+, so they pass through unchanged.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(DBT_TOKEN_RUN, (run, kind: string) => `dbt${kind}_…${run.slice(-4)}`)
    .replace(HEX_RUN, (run) => `…${run.slice(-4)}`);
}
