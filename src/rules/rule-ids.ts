import type { RuleId } from '../report/types.js';

/** The contract's rule ids, in the order `rules` lists them. */
export const RULE_IDS: readonly RuleId[] = [
  'legacy-user-api-key', 'pat-in-production', 'hardcoded-token', 'service-token-in-user-context',
  'account-listing-with-pat', 'token-shared-across-accounts', 'undocumented-endpoint', 'unknown-token-in-production',
  'pat-creates-service-token', 'legacy-host-for-cell-account',
];

export const isRuleId = (s: string): s is RuleId => (RULE_IDS as readonly string[]).includes(s);
