// The closed vocabularies of the tool: the contract's (../shared/contract/README.md) and the few
// the rule files add. Each is one `as const` list with its type derived from it, so
// code that validates input (config, rule files, reports read back by `merge`) iterates the same
// list the type checker enforces, and adding a value is a one-line change.

export const WORKFLOWS = [
  'ci-cd',
  'orchestrator',
  'terraform-production',
  'partner-integration',
  'application',
  'terraform-staging',
  'cloud-cli',
  'user-context-endpoint',
  'script',
  'postman',
  'test',
  'unknown',
] as const;
export type Workflow = (typeof WORKFLOWS)[number];

export const TOKEN_TYPES = ['legacy-user-api-key', 'pat', 'service-token', 'unknown'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** The token types a workflow can call for: what a finding recommends moving to. */
export const RECOMMENDED_TOKEN_TYPES = ['service-token', 'pat'] as const;
export type RecommendedTokenType = (typeof RECOMMENDED_TOKEN_TYPES)[number];

export const CREDENTIAL_SOURCES = ['literal', 'env', 'secret', 'variable', 'config', 'unknown'] as const;
export type CredentialSource = (typeof CREDENTIAL_SOURCES)[number];

export const EVIDENCE = ['format', 'declared', 'described', 'name', 'none'] as const;
export type Evidence = (typeof EVIDENCE)[number];

export const API_KINDS = ['admin-v2', 'admin-v3', 'discovery', 'semantic-layer', 'unknown'] as const;
export type ApiKind = (typeof API_KINDS)[number];

export const CALL_SITE_KINDS = ['http', 'sdk', 'cli', 'terraform', 'ci-step', 'config'] as const;
export type CallSiteKind = (typeof CALL_SITE_KINDS)[number];

/**
 * 'shared': a multi-tenant host many accounts use (cloud.getdbt.com, emea.dbt.com, au.dbt.com);
 * 'account': one account's own host, a cell (`PREFIX.us1.dbt.com`) or account-scoped URL
 * (`PREFIX.dbt.com`), with a literal prefix; 'other': anything else, placeholders included.
 * Decided by src/classify/access-hosts.ts.
 */
export const HOST_KINDS = ['shared', 'account', 'other'] as const;
export type HostKind = (typeof HOST_KINDS)[number];

/** Whether dbt's API specification lists a call's endpoint ('unknown': the path is not known from its root). */
export const DOCUMENTED = ['yes', 'no', 'unknown'] as const;
export type Documented = (typeof DOCUMENTED)[number];

/** Most severe first: the order summaries count them in. */
export const SEVERITIES = ['error', 'warning', 'note'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The contract's rule ids, in the order `rules` lists them. */
export const RULE_IDS = [
  'legacy-user-api-key',
  'pat-in-production',
  'hardcoded-token',
  'service-token-in-user-context',
  'account-listing-with-pat',
  'token-shared-across-accounts',
  'undocumented-endpoint',
  'unknown-token-in-production',
  'pat-creates-service-token',
  'legacy-host-for-cell-account',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const isRuleId = (s: string): s is RuleId => (RULE_IDS as readonly string[]).includes(s);

/** What silenced a finding: a comment on its line, a baseline, an ignore file. */
export const SUPPRESSION_KINDS = ['inline', 'baseline', 'ignore-file'] as const;
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];

/** CodeQL's precision levels, which SARIF consumers rank a rule's findings by. */
export const SARIF_PRECISIONS = ['very-high', 'high', 'medium', 'low'] as const;
export type SarifPrecision = (typeof SARIF_PRECISIONS)[number];
