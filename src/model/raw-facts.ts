import type { CallSiteKind, CredentialSource, TokenType, Workflow } from './vocabulary.js';

// Stage 1, what an adapter says about one file (`FileFacts`). Raw: a credential may still hold
// the literal value as written, so `FileFacts` never leaves the worker: src/scan/process-file.ts
// turns it into the extracted facts of ./extracted.ts. Nothing after that re-reads source.

/** 1-based line and column, as the contract wants them. */
export interface Span {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * A named thing defined in one file and used by reference from another:
 * an Airflow connection id, a Jenkins credentials id, a Terraform variable.
 * The linker (src/scan/link-references.ts) joins uses to definitions after all files are read.
 */
type ReferenceKind =
  | 'airflow-connection'
  | 'jenkins-credential'
  | 'terraform-variable'
  | 'postman-variable'
  | 'prefect-block'
  /** A Kubernetes Secret's key, `name/key`: a manifest's `secretKeyRef`, a `kubectl create secret` or a Secret manifest. */
  | 'kubernetes-secret'
  /** A Helm chart's value, `folder:dotted.path`: a template's `.Values` read, an install's `--set`. */
  | 'helm-value';
export interface Reference {
  kind: ReferenceKind;
  id: string;
}

/**
 * Where a call's token comes from, as the adapter saw it. `value` holds the raw literal and
 * exists only inside the worker: `classify/credential.ts` turns it into a `Credential`,
 * which has no field that can hold a secret.
 */
export interface RawCredential {
  source: CredentialSource;
  /** Env var, CI secret, variable, input or config key that holds the token. */
  name?: string;
  /** The literal value as written (only when source is `literal`, or a config value). */
  value?: string;
  /** Where the value or the reference is written. */
  span?: Span;
  /** A reference to a definition in another file (connection id, credentials id, variable). */
  ref?: Reference;
  /**
   * What the client or parameter itself says the token is, e.g. dbtc's `api_key=` is a user key
   * slot and `service_token=` a service token slot. Weaker than the value's format and the config.
   */
  slotType?: Exclude<TokenType, 'unknown'>;
  /**
   * An environment variable read when this one is unset (`${DBT_CLOUD_SERVICE_TOKEN:-${DBT_CLOUD_PAT}}`):
   * a CI step setting only that one hands it (src/scan/link-references.ts).
   */
  otherwise?: string;
  /**
   * Prose beside the definition that may name the type: a Terraform variable's or an action
   * input's `description`. Comments beside `span` are read by the core when this is unset.
   */
  description?: Description;
  /**
   * The name is this site's own, not a variable other files read: an input of an action published
   * elsewhere (`with: dbt_cloud_token: …` for `dbt-labs/dbt-cloud-job-action`). Its value types
   * nothing else of the repository named so (an action of the repository's own reading `core.getInput`).
   */
  nameIsLocal?: true;
  /**
   * Each run of a matrix picks its own secret (`secrets[matrix.token_secret]`,
   * `secrets[format('DBT_{0}_PAT', matrix.region)]`): one name here, not one token, so no
   * check across accounts counts these runs as sharing it.
   */
  perRun?: true;
}

/** Text that describes a credential, and its 1-based line in the same file. Never reported. */
export interface Description {
  text: string;
  line: number;
  /** Written in another file than the credential's (a helper's docstring, for the token its caller passes). */
  file?: string;
  /** The text is a name, not prose: a secret store's id for the value (`prod/dbt-service-token`), typed as names are. */
  isName?: true;
}

export interface RawEndpoint {
  /** The URL as far as it is known; unknown parts as `{name}` placeholders. */
  url?: string;
  host?: string;
  path?: string;
  method?: string;
  /**
   * The host is the client's default, not written here: an Airflow dbt Cloud connection's host
   * lives in the connection, which may name the account's own access URL.
   */
  hostAssumed?: true;
  /**
   * The environment variable the host (or base URL) is read from (`os.getenv("DBT_URL", default)`):
   * a CI step that runs the file and sets it decides the host (src/scan/link-references.ts).
   */
  hostEnv?: string;
}

/**
 * A call to a dbt Cloud API as the adapter read it: the first of a call site's four shapes
 * (raw → ExtractedCallSite → ClassifiedCallSite → ReportCallSite), one per stage that changes it.
 */
export interface RawCallSite {
  kind: CallSiteKind;
  span: Span;
  endpoint?: RawEndpoint;
  credential?: RawCredential;
  /** Literal account ids this call targets (URL path, Terraform `account_id`, action input). */
  accountIds?: string[];
  /** A workflow the adapter knows for certain (cloud-cli, postman, terraform-*, partner-integration). */
  workflow?: Workflow;
  /** The client, SDK, action or operator, for the reports: `curl`, `axios`, `DbtCloudRunJobOperator`. */
  client?: string;
  /**
   * A caller's version of a request made in another file (a helper it imports): where that
   * request is. The helper's own site, whose token is a parameter, takes what its callers pass
   * (src/scan/link-references.ts `linkHelperCallers`).
   */
  requestAt?: { file: string; line: number };
  /**
   * With `requestAt`: not a call of its own, only what it gives the request there (the
   * construction of an imported client class whose methods make the requests). Linked, then
   * dropped: the request is reported where it is made.
   */
  passesOnly?: true;
  /**
   * The request is made on a client instance created in another file (a factory it imports):
   * that creation. Its own site there (`unusedInstance`) is then dropped: the request is reported
   * where it is made (src/scan/link-references.ts `linkHelperCallers`).
   */
  instanceAt?: { file: string; line: number };
  /** A client instance's creation reported because no request in its file uses the instance. */
  unusedInstance?: true;
  /**
   * The call creates a service token though its endpoint does not say so: a Terraform provider
   * whose module manages `dbtcloud_service_token` resources.
   */
  createsServiceToken?: true;
  /**
   * A tool's own settings that make the tool call dbt Cloud (a Dagster component's `defs.yaml`,
   * an ingestion config): a site of its own, not a value another call sends, however many other
   * calls read the same secret (src/scan/scan.ts `dropShadowedConfigSites`).
   */
  toolSettings?: true;
}

/** A token-bearing value outside any call: a `.env` line, a token variable, a committed literal. */
export interface RawCredentialSite {
  span: Span;
  credential: RawCredential;
  /** The value is written here in another form than itself (a Secret's base64 `data:`): committed all the same. */
  encoded?: true;
}

export interface Definition {
  ref: Reference;
  credential: RawCredential;
  span: Span;
  accountIds?: string[];
  /** The dbt Cloud host a defined connection talks to (an Airflow connection's host), for uses that name no host. */
  host?: string;
  /**
   * A Terraform module call's argument (`module "dbt" { source = "./modules/dbt"  dbt_token = var.x }`):
   * the folder of the module whose variable it sets, rather than the folder it is written in.
   */
  scopeFolder?: string;
}

/** What an adapter says about the file as a whole. */
export type FileRole = Exclude<Workflow, 'user-context-endpoint' | 'unknown'>;

export interface FileFacts {
  callSites: RawCallSite[];
  credentialSites: RawCredentialSite[];
  definitions: Definition[];
  /** The workflow the file itself belongs to, when its content says so (a DAG, a CI pipeline). */
  role?: FileRole;
  /** Repo-relative paths (with `/`) of scripts this file runs: CI steps running `scripts/x.sh`. */
  runsScripts: string[];
  /** Per-file trouble that did not stop extraction (a parse error with recovery). Never quotes source. */
  problems: string[];
  /**
   * Credentials a CI step hands to a script it runs through the environment: the step's
   * `env: { DBT_CLOUD_TOKEN: ${{ secrets.DBT_PAT }} }` around `./ci/trigger.sh`. A call in that
   * script that reads `$DBT_CLOUD_TOKEN` is then known to use the secret DBT_PAT.
   */
  scriptEnv?: ScriptEnvEntry[];
  /** Variables a CI step sets to a dbt Cloud host or base URL for a script it runs: not secrets, where its calls go. */
  scriptHosts?: ScriptHost[];
  /**
   * Values assigned to a name that are neither a call nor a committed token, but say what the
   * name holds for code in other files: `.env.example`'s `DBT_TOKEN=<your-service-token>`.
   * Only their type (by format or description) and line leave the worker.
   */
  namedValues?: RawCredentialSite[];
}

export interface ScriptHost {
  /** Repo-relative path of the script, as in `runsScripts`. */
  script: string;
  name: string;
  /** The dbt Cloud API host, lower-case. */
  host: string;
  /** The API root the value holds after the host (`/api/v3` of `https://cloud.getdbt.com/api/v3/`), when it holds one. */
  base?: string;
}

interface ScriptEnvEntry {
  /** Repo-relative path of the script, as in `runsScripts`. */
  script: string;
  name: string;
  credential: RawCredential;
}

export function emptyFacts(): FileFacts {
  return { callSites: [], credentialSites: [], definitions: [], runsScripts: [], problems: [] };
}
