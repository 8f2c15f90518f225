import type { TokenType } from '../facts/types.js';

// What a secret's or variable's name says it holds. The weakest evidence besides the client's
// parameter slot: a name is chosen by a person and often outlives a change of token.

/** `dbtCloudPat`, `dbt-cloud-pat` and `DBT_CLOUD_PAT` all read as `DBT_CLOUD_PAT`. */
export function normalizeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function typeFromName(name: string): TokenType | undefined {
  const n = normalizeName(name);
  if (/(^|_)(PAT|PATS|PERSONAL)(_|$)|PERSONAL_?ACCESS/.test(n)) return 'pat';
  if (/SERVICE/.test(n)) return 'service-token';
  if (/USER_?(API_?)?(KEY|TOKEN)/.test(n)) return 'legacy-user-api-key';
  return undefined;
}

/**
 * A name that can only mean dbt (`DBT_CLOUD_TOKEN`, `dbtcloud_api_key`, `TF_VAR_dbt_token`).
 * The same such name anywhere in a repository is taken to be the same secret; a generic name
 * (`API_TOKEN`, `TOKEN`) is only linked to a definition beside the code that reads it.
 */
export function isDbtSpecificName(name: string): boolean {
  return /dbt/i.test(name);
}
