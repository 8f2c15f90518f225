import {
  API_KINDS, CREDENTIAL_SOURCES, DOCUMENTED, EVIDENCE, HOST_KINDS, TOKEN_TYPES, WORKFLOWS,
  type RecommendedTokenType, type RuleId, type SarifPrecision, type Severity, type Workflow,
} from '../model/vocabulary.js';

// The closed vocabulary of rule files (rules/*.yml). A rule says which facts make a finding;
// it never parses files and never holds code. The loader rejects anything not listed here.

export const FACT_KINDS = ['call-site', 'token-site', 'shared-credential'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** Condition fields and the values each may take (`boolean` for true/false fields). */
export const CONDITION_FIELDS = {
  'credential.type': TOKEN_TYPES,
  'credential.source': CREDENTIAL_SOURCES,
  'credential.evidence': EVIDENCE,
  'credential.committed': 'boolean',
  workflow: WORKFLOWS,
  production: 'boolean',
  'endpoint.api': API_KINDS,
  'endpoint.documented': DOCUMENTED,
  'endpoint.account-listing': 'boolean',
  'endpoint.user-context': 'boolean',
  /** A POST that creates a service token (`.../service-tokens/`). */
  'endpoint.creates-service-token': 'boolean',
  /** `shared` (cloud.getdbt.com and the other multi-tenant hosts), `account` (a cell or account-scoped host), `other`. */
  'endpoint.host-kind': HOST_KINDS,
  /** The repository calls this call's account on the account's own host elsewhere (src/scan/link-account-hosts.ts). */
  'account.own-host-elsewhere': 'boolean',
} as const;
export type ConditionField = keyof typeof CONDITION_FIELDS;

/** A field's test: one value, any of a list, or `{ not: ... }` for none of them. */
export interface FieldTest {
  anyOf: readonly (string | boolean)[];
  negate: boolean;
}

export interface RuleDefinition {
  id: RuleId;
  severity: Severity;
  summary: string;
  fact: FactKind;
  when: ReadonlyMap<ConditionField, FieldTest>;
  /** For `shared-credential`: how many distinct account ids make a finding. */
  minAccounts?: number;
  /** How code-scanning services rank it (SARIF rule properties). */
  sarif: { securitySeverity: number; precision: SarifPrecision; tags: readonly string[] };
  /** Template over the placeholders in MESSAGE_PLACEHOLDERS. */
  message: string;
  recommendation: {
    /** `workflow` means the token type the call's workflow should use. */
    tokenType: RecommendedTokenType | 'workflow' | 'none';
    text: string;
    byWorkflow: ReadonlyMap<Workflow, string>;
    /** For a credential without a name: advice that does not ask to declare a name. */
    ifUnnamed?: string;
  };
  docs: { why: string; fix: string; example?: RuleExample; references: readonly string[] };
  /** The file it was loaded from, for error messages. */
  file: string;
}

/**
 * A rule's worked example: one file of a repository as it is (`bad`, which the rule reports) and as
 * the fix leaves it (`good`, which it does not). test/rule-examples.e2e.test.ts scans both. A token
 * written `dbtu_…` or `dbtc_…` stands for a whole token of that type: shown short, scanned whole.
 */
export interface RuleExample {
  /** The file's path in the repository, which decides how it is read (`.github/workflows/deploy.yml`). */
  file: string;
  bad: string;
  good: string;
  /** Other files of the same repository the example needs, by path (a second script, a config). */
  also: Readonly<Record<string, string>>;
}

export const MESSAGE_PLACEHOLDERS = [
  'credential', 'credential.type', 'credential.name', 'workflow', 'endpoint', 'endpoint.path', 'accounts',
  'account-count', 'token-type', 'endpoint.host', 'own-host', 'own-host-at',
] as const;
