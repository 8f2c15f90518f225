import { reportLocations } from '../../findings/outgoing-report.js';
import { hexRunsIn, redactHexRuns, redactTokens } from '../../findings/redact.js';
import type { Report } from '../../model/report.js';

// Last line of defence, applied to every reporter's final string. Redaction is the core's job
// (src/findings/outgoing-report.ts: nothing reaches a reporter whole); this pass only makes sure
// that a token that slipped through anyway (a message template, a snippet) is never printed
// whole. It keeps the last 4 characters, like the core's `redacted`, so output stays recognisable.

/**
 * Replaces dbt tokens in every written form by `dbtu_…` / `dbtc_…` plus their last 4 characters,
 * and hex runs of 32+ by `…` plus their last 4, except hex runs that are part of one of the
 * report's locations: a file named like a hash is a location, not a secret, and is printed as is.
 * Idempotent: the ellipsis breaks the run, so scrubbed text does not match again.
 * Fingerprints are short and not hex runs of 32+, so they pass through unchanged.
 */
export function scrubSecrets(text: string, report?: Pick<Report, 'findings' | 'suppressed' | 'callSites' | 'errors'>): string {
  return redactHexRuns(redactTokens(text), report ? hexRunsIn(reportLocations(report)) : undefined);
}
