import type { Basis } from '../credentials/evidence.js';
import type { Definition, FileRole, RawCallSite, Reference, ScriptHost, Span } from './raw-facts.js';
import type { CredentialSource, Evidence, RuleId, TokenType } from './vocabulary.js';

// Stage 2, what one file yields once src/scan/process-file.ts has classified its credentials
// (src/classify/credential.ts) and dropped every raw value: the worker's output (`FileResult`),
// what the facts cache stores, and what the linkers (src/scan/link-*.ts) complete across files.
// No field here can hold a secret.

/** A credential as the scan may show it: the contract's credential object. */
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

/** A credential after classification: the contract's fields plus what grouping and linking need. */
export interface CredentialFact extends Credential {
  /** Groups uses of one secret: a hash of a literal value, or source + name. Never printed. */
  identity?: string;
  /** The literal is a complete token committed to the repository (hardcoded-token). */
  committed?: boolean;
  ref?: Reference;
  /** What decided the type, finer than `evidence`: the linkers compare strengths with it. */
  basis?: Basis;
  /** RawCredential.otherwise. */
  otherwise?: string;
}

/** A call site whose credential is classified and holds no raw value: what the worker returns and the cache keeps. */
export interface ExtractedCallSite extends Omit<RawCallSite, 'credential'> {
  credential: CredentialFact;
}

/** A token-bearing value outside a call (from `RawCredentialSite`), classified like a call's credential. */
export interface ExtractedTokenSite {
  span: Span;
  credential: CredentialFact;
  /** The token is written here in full (hardcoded-token), not only referenced. */
  committed: boolean;
}

interface ExtractedDefinition extends Omit<Definition, 'credential'> {
  credential: CredentialFact;
  /** 1-based line of the defining value, when it is written in this file. */
  valueLine?: number;
}

/**
 * What this file says a name holds, for code in other files that reads the same name
 * (src/scan/link-names.ts): a value of a known format, or a description naming the type.
 */
export interface NameEvidence {
  name: string;
  type: Exclude<TokenType, 'unknown'>;
  basis: Extract<Basis, 'value' | 'described'>;
  /** 1-based line of the deciding value or description. */
  line: number;
}

/** `dbt-token-scan-ignore [RULE_ID] [-- reason]` in any comment syntax, on a finding's line or the line above. */
export interface InlineSuppression {
  line: number;
  ruleId?: RuleId;
  reason?: string;
  /** A rule id that no rule has (a typo): the directive silences nothing, and the user is told. */
  unknownRule?: string;
}

export interface FileResult {
  rel: string;
  /** Read and looked at (counted in summary.filesScanned). */
  scanned: boolean;
  error?: string;
  adapter?: string;
  callSites: ExtractedCallSite[];
  tokenSites: ExtractedTokenSite[];
  definitions: ExtractedDefinition[];
  role?: FileRole;
  /** The file reads what a CI system tells its jobs (classify/ci-environment.ts): it is written for a pipeline. */
  readsCiRunVariables?: true;
  runsScripts: string[];
  /** Credentials this (CI) file hands to scripts through their environment. */
  scriptEnv: { script: string; name: string; credential: CredentialFact; line?: number; column?: number }[];
  /** dbt Cloud hosts this (CI) file sets variables of scripts to (`DBT_URL: https://ab123.us1.dbt.com`). */
  scriptHosts?: ScriptHost[];
  nameEvidence: NameEvidence[];
  suppressions: InlineSuppression[];
  /** Redacted source lines that reports may show, by 1-based line. */
  snippets: Record<number, string>;
  /**
   * What a cap of src/facts/limits.ts cut in this file, and unexpected errors its adapter read on
   * after (src/adapters/extraction-limits.ts): each becomes an `errors` entry.
   */
  cuts: string[];
}
