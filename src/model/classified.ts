import type { CredentialFact } from './extracted.js';
import type { Span } from './raw-facts.js';
import type { ApiKind, CallSiteKind, Documented, RecommendedTokenType, Workflow } from './vocabulary.js';

// Stage 3, the facts the rules read (src/rules/evaluate.ts): every call site and token site of
// the repository, linked across files and classified (src/classify/): its workflow, whether it
// runs in production, its endpoint's API and whether dbt documents it.

/** An endpoint as the scan reports it: the contract's endpoint object. */
export interface Endpoint {
  url?: string;
  host?: string;
  path?: string;
  api?: ApiKind;
}

/**
 * A call site of the whole repository, linked and classified: its file, workflow, whether it runs
 * in production, its endpoint's API and what dbt's API specification says of it. Call-site rules
 * read these fields (src/rules/rule-schema.ts names them).
 */
export interface ClassifiedCallSite {
  file: string;
  span: Span;
  kind: CallSiteKind;
  endpoint?: Endpoint;
  credential: CredentialFact;
  workflow: Workflow;
  production: boolean;
  recommendedTokenType?: RecommendedTokenType;
  accountIds: readonly string[];
  documented: Documented;
  accountListing: boolean;
  userContext: boolean;
  client?: string;
  /** A POST that creates a service token. */
  createsServiceToken?: boolean;
  /** For a call to a shared host: the account's own host, used elsewhere in the repository (src/scan/link-account-hosts.ts). */
  ownHost?: OwnHost;
  /** The endpoint's host is the client's default, not what the code wrote (RawEndpoint.hostAssumed). */
  hostAssumed?: true;
  /** RawCallSite.toolSettings. */
  toolSettings?: true;
}

/** A cell or account-scoped host and the first call site that uses it. */
export interface OwnHost {
  host: string;
  file: string;
  line: number;
}

/** A token site with the workflow of the call it authenticates (or of its file): what token-site rules read. */
export interface ClassifiedTokenSite {
  file: string;
  span: Span;
  credential: CredentialFact;
  committed: boolean;
  workflow: Workflow;
  production: boolean;
  recommendedTokenType?: RecommendedTokenType;
}
