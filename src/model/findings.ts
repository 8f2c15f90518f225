import type { Endpoint } from './classified.js';
import type { Credential } from './extracted.js';
import type { RecommendedTokenType, RuleId, Severity, SuppressionKind, Workflow } from './vocabulary.js';

// Stage 4, what the rules make of the classified facts (src/rules/evaluate.ts), then what
// src/findings/ adds: a fingerprint, and a suppression when a comment, baseline or ignore file
// silences the finding. Its public part is the contract's finding object.

/** Where a finding or a call site is, as the contract writes it: 1-based, in a repo-relative `/` path. */
export interface Location {
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
  suppression?: { kind: SuppressionKind; reason?: string };
}

/** A finding as a rule makes it, before src/findings/fingerprint.ts gives it a fingerprint. */
export type RawFinding = Omit<Finding, 'fingerprint'>;
