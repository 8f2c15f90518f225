import type { SuppressionNotice } from '../findings/suppress.js';
import type {
  ApiKind, CallSiteKind, CredentialSource, Evidence, RecommendedTokenType, TokenType, Workflow,
} from '../facts/types.js';

// The report every reporter renders. Its public part is exactly the contract's JSON report
// (../shared/contract/report.schema.json); nothing here can hold a raw token.

export type Severity = 'error' | 'warning' | 'note';
export type RuleId =
  | 'legacy-user-api-key' | 'pat-in-production' | 'hardcoded-token' | 'service-token-in-user-context'
  | 'account-listing-with-pat' | 'token-shared-across-accounts' | 'undocumented-endpoint' | 'unknown-token-in-production'
  | 'pat-creates-service-token' | 'legacy-host-for-cell-account';

export interface Credential {
  type: TokenType;
  source: CredentialSource;
  evidence: Evidence;
  /** Where the deciding evidence is written, when it is not the credential's own value. */
  evidenceAt?: EvidenceLocation;
  name?: string;
  /** At most the prefix and the last 4 characters. */
  redacted?: string;
}

export interface EvidenceLocation {
  file: string;
  line: number;
}

export interface Endpoint {
  url?: string;
  host?: string;
  path?: string;
  api?: ApiKind;
}

interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

interface Recommendation {
  tokenType?: RecommendedTokenType;
  text: string;
}

export interface Finding extends Location {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  workflow: Workflow;
  production: boolean;
  credential: Credential;
  endpoint?: Endpoint;
  recommendation: Recommendation;
  fingerprint: string;
  /** Set when an inline `dbt-token-scan-ignore` comment or a baseline silences the finding. */
  suppression?: { kind: 'inline' | 'baseline' | 'ignore-file'; reason?: string };
}

export interface CallSite extends Location {
  kind: CallSiteKind;
  endpoint?: Endpoint;
  credential: Credential;
  workflow: Workflow;
  production: boolean;
  recommendedTokenType?: RecommendedTokenType;
  /** The client, SDK, action or operator (`curl`, `axios`, `DbtCloudRunJobOperator`); not in the contract schema. */
  client?: string;
}

export interface ScanError {
  file: string;
  message: string;
}

export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  summary: string;
  /** Longer explanation: why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
  helpUri?: string;
  /** SARIF ranking: GitHub's 0–10 `security-severity`, a precision and tags. */
  securitySeverity?: number;
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  tags?: readonly string[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'dbt-token-scan'; version: string };
  /** The repository's name (`--repository`, or from its origin remote), for `merge`; json only. */
  repository?: string;
  /** Active findings, sorted by file, line, column, ruleId. */
  findings: Finding[];
  /** Findings silenced inline or by a baseline, same order; counted in summaries, not failing the run. */
  suppressed: Finding[];
  callSites: CallSite[];
  errors: ScanError[];
  summary: {
    filesScanned: number;
    callSites: number;
    findings: { error: number; warning: number; note: number };
    durationMs?: number;
    suppressed?: number;
    /** With --baseline: fingerprints recorded in the baseline that no longer occur. */
    fixed?: number;
  };
  /** The enabled rules, for SARIF's rule table and the text summary. */
  rules: RuleInfo[];
  /**
   * Source lines around findings and call sites, already redacted, keyed by file then 1-based line,
   * for code frames in the text reporter.
   */
  snippets: Record<string, Record<number, string>>;
  /** Suppression directives worth a word on stderr (not part of any report format). */
  notices?: SuppressionNotice[];
}

export interface RenderOptions {
  /** Colour escapes on (text format only). */
  color: boolean;
  /** Findings only, no summary. */
  quiet: boolean;
}
