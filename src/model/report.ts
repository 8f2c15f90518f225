import type { Endpoint } from './classified.js';
import type { Credential } from './extracted.js';
import type { Finding, Location } from './findings.js';
import type { CallSiteKind, RecommendedTokenType, RuleId, SarifPrecision, Severity, Workflow } from './vocabulary.js';

// Stage 5, the report every reporter renders (src/report/). Its public part is exactly the
// contract's JSON report (../shared/contract/report.schema.json); nothing here can hold a raw
// token, and src/findings/outgoing-report.ts redacts what came from the repository before the
// report leaves the library.

/**
 * A call site as the report lists it: the contract's `callSites[]` item (a 1-based location, the
 * public credential, the endpoint), plus `client` for the text and inventory reports.
 */
export interface ReportCallSite extends Location {
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
  precision?: SarifPrecision;
  tags?: readonly string[];
}

/** A directive worth telling the user about: one naming no rule, or (when asked) one that silenced nothing. */
export interface SuppressionNotice {
  file: string;
  line: number;
  kind: 'unknown-rule' | 'unused';
  message: string;
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
  callSites: ReportCallSite[];
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
