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

// Which names hold a dbt Cloud API token. Adapters read names at two strictness levels:
// - 'env':         deployment and job environments (Dockerfile, compose, Kubernetes, CI env,
//                  line-level scans, JS holders): dbt + TOKEN/KEY/PAT/SECRET, minus webhook secrets
//                  and a deny list of warehouse and other-service names.
// - 'ci-variable': CI `variables:` set to a literal (GitHub Actions, GitLab): word by word, dbt +
//                  token/key/pat/apikey/apitoken, minus ssh/deploy/webhook/git words.
export type DbtTokenNameLevel = 'env' | 'ci-variable';

export function isDbtTokenName(name: string, level: DbtTokenNameLevel = 'env'): boolean {
  return level === 'env' ? isDbtTokenNameForEnv(name) : isDbtTokenNameForCiVariable(name);
}

/** dbt Cloud webhook secrets (`DBT_CLOUD_AUTH_TOKEN` in dbt's webhook examples): checked, never sent to the API. */
const WEBHOOK_SECRET = /WEBHOOK|HMAC|SIGNING|AUTH_TOKEN/;
/** Names that mention dbt but hold something else: warehouse keys, paths, ids (webhook secrets above). */
const NOT_A_DBT_CLOUD_TOKEN = /PRIVATE_KEY|KEYFILE|KEY_?FILE|KEY_?PATH|_PATH$|_FILE$|_ID$|_NAME$|_URL$|_HOST$|PASSPHRASE|PASSWORD|SSH|DATABRICKS|SNOWFLAKE|BIGQUERY|REDSHIFT|POSTGRES|SYNAPSE|FABRIC|KEYSPACE|KEY_?VAULT|PUBLIC_KEY|CACHE_KEY|GIT|SLACK|DATADOG|AWS|AZURE|GCP|GOOGLE|SENTRY|JIRA|PAGERDUTY/;
/** Names that dbt Core on Databricks also uses for the warehouse token (`dapi...`). */
const AMBIGUOUS = /^(DBT_TOKEN|DBT_ACCESS_TOKEN)$/;

/**
 * A name that by itself says it holds a dbt Cloud API token: contains DBT and TOKEN / KEY / PAT / SECRET.
 * The 'env' level: container and job env mixes dbt's token with warehouse and service secrets
 * named `DBT_*`, hence the deny list.
 */
function isDbtTokenNameForEnv(name: string): boolean {
  if (name.length > 128) return false;
  // camelCase names (`dbtCloudPat`) split like snake_case ones.
  const n = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  if (!n.includes('DBT')) return false;
  if (!/TOKEN|KEY|(^|_)PAT(_|$)|SECRET/.test(n)) return false;
  // dbt Core's DBT_ENV_SECRET_* prefix marks warehouse secrets read by profiles.yml.
  if (n.startsWith('DBT_ENV_SECRET_') && !n.includes('CLOUD')) return false;
  return !WEBHOOK_SECRET.test(n) && !NOT_A_DBT_CLOUD_TOKEN.test(n);
}

/** A name for a webhook's signing secret (read by a receiver to check `Authorization` / HMAC signatures). */
export function isWebhookSecretName(name: string): boolean {
  return WEBHOOK_SECRET.test(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
}

/**
 * A dbt token name in an environment entry that is not a Databricks look-alike: `DBT_TOKEN` and
 * `DBT_ACCESS_TOKEN` count only when nothing in the file says Databricks, and never with a
 * Databricks (`dapi…`) value.
 */
export function isDbtTokenEntry(name: string, value: string | undefined, databricks: boolean): boolean {
  if (!isDbtTokenName(name)) return false;
  if (databricks && AMBIGUOUS.test(name.toUpperCase())) return false;
  return value === undefined || !/^dapi[0-9a-f]/i.test(value);
}

/** `DBT_TOKEN`, `DBT_ACCESS_TOKEN`: names dbt Core on Databricks also gives the warehouse token. */
export function isAmbiguousDbtTokenName(name: string): boolean {
  return AMBIGUOUS.test(name.toUpperCase());
}

// Names split into words (snake, kebab, camel case), so `dbt_path` never reads as "pat".

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const SECRET_WORDS = new Set(['token', 'key', 'pat', 'apikey', 'apitoken', 'secret']);
const NOT_API_TOKEN_WORDS = new Set(['ssh', 'private', 'deploy', 'gpg', 'webhook', 'hmac', 'signing', 'encryption', 'github', 'gitlab', 'git']);
/** Words of a name that say dbt: `dbt`, `dbtcloud`, `dbtApiKey` split as `dbtapi…`. */
export const hasDbtWord = (words: string[]): boolean => words.some((w) => w === 'dbt' || /^dbt(cloud|api|token|pat|key)/.test(w));

/**
 * An action or template input that takes a dbt Cloud token: dbt + (token|key|pat).
 * Bare `dbt_token` / `dbt_access_token` are dbt Core / Databricks look-alikes unless the
 * action itself is a dbt Cloud action.
 */
export function isDbtTokenInput(name: string, dbtCloudAction: boolean): boolean {
  const w = nameWords(name);
  if (!w.some((x) => SECRET_WORDS.has(x)) || w.some((x) => NOT_API_TOKEN_WORDS.has(x))) return false;
  if (!hasDbtWord(w)) return dbtCloudAction && w.some((x) => x === 'token' || x === 'apikey' || x === 'pat');
  if (dbtCloudAction) return true;
  return w.some((x) => x.includes('cloud') || x === 'api' || x === 'apikey' || x === 'apitoken' || x === 'service' || x === 'pat' || x === 'personal' || x === 'admin');
}

/**
 * Whether a variable or secret name reads like a credential rather than a host, id or flag:
 * used to decide if an unresolvable reference is bound as a credential or as a `{NAME}` placeholder.
 */
export function looksLikeCredentialName(name: string): boolean {
  const w = nameWords(name);
  if (w.some((x) => ['token', 'key', 'pat', 'apikey', 'apitoken', 'secret', 'password', 'passwd', 'pwd', 'auth', 'credential', 'credentials', 'bearer'].includes(x))) return true;
  return !w.some((x) => ['host', 'url', 'domain', 'endpoint', 'tenant', 'account', 'project', 'job', 'id', 'region', 'branch', 'schema', 'name', 'env', 'environment', 'path', 'dir', 'version', 'target', 'workspace', 'ref', 'sha', 'repository', 'event', 'number'].includes(x));
}

/**
 * A variable named like a dbt Cloud token, so a literal value in it is a credential site.
 * The 'ci-variable' level: CI variables are judged word by word like action inputs (no SECRET,
 * no warehouse deny list); merging it with 'env' would change what is reported.
 */
function isDbtTokenNameForCiVariable(name: string): boolean {
  const w = nameWords(name);
  return hasDbtWord(w) && w.some((x) => x === 'token' || x === 'key' || x === 'pat' || x === 'apikey' || x === 'apitoken')
    && !w.some((x) => NOT_API_TOKEN_WORDS.has(x));
}
