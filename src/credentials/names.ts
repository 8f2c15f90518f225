import type { TokenType } from '../model/vocabulary.js';
import { hasDatabricksTokenPrefix } from './token-shapes.js';

// What a secret's or variable's name says it holds. The weakest evidence besides the client's
// parameter slot: a name is chosen by a person and often outlives a change of token.

/** `dbtCloudPat`, `dbt-cloud-pat` and `DBT_CLOUD_PAT` all read as `DBT_CLOUD_PAT`. */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');
}

export function typeFromName(name: string): TokenType | undefined {
  const n = normalizeName(name);
  if (/(^|_)(PAT|PATS|PERSONAL)(_|$)|PERSONAL_?ACCESS/.test(n)) return 'pat';
  // The dbt Cloud CLI's `token-value` (dbt_cloud.yml), which holds a PAT: read by tools that reuse the CLI's
  // login, and a name built on it (`DBT_TOKEN_VALUE`) holds what it holds.
  if (/(^|_)TOKEN_VALUE$/.test(n)) return 'pat';
  // `DBT_CLOUD_SERVICE_TOKEN`, `dbtServiceToken`, `DBT_SVC_TOKEN`, a service account's key (the
  // token's older name); a service word alone (`dbt_cloud_service`, a connection id) names a
  // service, not the token, and `svcprincipal` is a warehouse's service principal.
  if (/(?:SERVICE|(?:^|_)SVC)_?(?:ACCOUNT_?)?(?:API_?)?(?:TOKEN|KEY)/.test(n)) return 'service-token';
  // A user key, a user API key or token; not a bare "user token", which dbt's docs call PATs too.
  if (/USER_?(?:API_?)?KEY|USER_?API_?TOKEN|API_?USER_?(?:KEY|TOKEN)/.test(n)) return 'legacy-user-api-key';
  return undefined;
}

/**
 * Of several secrets a file may hand one use (an expression's `a || b`, GitLab rules, CircleCI
 * parameters, a shell fallback), the order the checks flag them: a legacy user key first, then a
 * PAT, an untyped name, a service token. Lower is flagged first.
 */
export function riskOfName(name: string): number {
  const type = typeFromName(name);
  return type === 'legacy-user-api-key' ? 0 : type === 'pat' ? 1 : type === 'service-token' ? 3 : 2;
}

/** A name that says it holds a PAT or a legacy user key. */
export const namesUserKey = (name: string): boolean => riskOfName(name) < 2;

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
// - 'env-file':    `.env` entries: segment by segment (`_`, `.`, `-`), dbt + a secret segment
//                  (`TOKEN`, `APIKEY`, `PAT`, `SECRET`), minus warehouse/git/webhook segments, names
//                  that describe a token (`..._NAME`, `..._ID`) and names that in practice hold
//                  something else. A `.env` value is always at hand, so placeholders and Databricks
//                  tokens are ruled out by value there, not by a longer deny list here.
// - 'tf-var':      `TF_VAR_*` names that hand a Terraform root variable a token (`TF_VAR_dbt_token`,
//                  `TF_VAR_dbtcloud_api_key`): word by word, the variable leads with dbt, has a
//                  token/key/pat word, and names no warehouse or git/webhook secret (Terraform code
//                  for dbt Cloud also passes `TF_VAR_dbt_databricks_token` around).
export type DbtTokenNameLevel = 'env' | 'ci-variable' | 'env-file' | 'tf-var';

export function isDbtTokenName(name: string, level: DbtTokenNameLevel = 'env'): boolean {
  switch (level) {
    case 'env':
      return isDbtTokenNameForEnv(name);
    case 'ci-variable':
      return isDbtTokenNameForCiVariable(name);
    case 'env-file':
      return isDbtTokenNameForEnvFile(name);
    case 'tf-var':
      return isDbtTokenNameForTfVar(name);
  }
}

/**
 * The words that make a dbt name a token name at the 'env' level: TOKEN, KEY, PAT (a whole word:
 * not `PATH`) and SECRET. Also what the exported scanner rules (src/export/patterns.ts) look for.
 */
export const ENV_SECRET_WORDS = ['token', 'key', 'pat', 'secret'] as const;
const ENV_SECRET_WORD = new RegExp(ENV_SECRET_WORDS.map((w) => (w === 'pat' ? '(^|_)PAT(_|$)' : w.toUpperCase())).join('|'));

/** The levels that read environment names (webhook and ambiguous names are told apart there). */
type EnvLevel = 'env' | 'env-file';

/** dbt Cloud webhook secrets (`DBT_CLOUD_AUTH_TOKEN` in dbt's webhook examples): checked, never sent to the API. */
const WEBHOOK_SECRET = /WEBHOOK|HMAC|SIGNING|AUTH_TOKEN/;
/** Names that mention dbt but hold something else: warehouse keys, paths, ids (webhook secrets above). */
const NOT_A_DBT_CLOUD_TOKEN =
  /PRIVATE_KEY|KEYFILE|KEY_?FILE|KEY_?PATH|_PATH$|_FILE$|_ID$|_NAME$|_URL$|_HOST$|PASSPHRASE|PASSWORD|SSH|DATABRICKS|SNOWFLAKE|BIGQUERY|REDSHIFT|POSTGRES|SYNAPSE|FABRIC|KEYSPACE|KEY_?VAULT|PUBLIC_KEY|CACHE_KEY|GIT|SLACK|DATADOG|AWS|AZURE|GCP|GOOGLE|SENTRY|JIRA|PAGERDUTY/;
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
  if (!ENV_SECRET_WORD.test(n)) return false;
  // dbt Core's DBT_ENV_SECRET_* prefix marks warehouse secrets read by profiles.yml.
  if (n.startsWith('DBT_ENV_SECRET_') && !n.includes('CLOUD')) return false;
  return !WEBHOOK_SECRET.test(n) && !NOT_A_DBT_CLOUD_TOKEN.test(n);
}

/**
 * A dbt token name for a value sent as a request's `Authorization` header: the 'env' level's rule,
 * where `…_AUTH_TOKEN` (`DBT_CLOUD_AUTH_TOKEN`, `dbtAuthToken`) counts too. dbt's webhook examples
 * name the receiver's signing secret so, but a signing secret is checked, never sent: sent with a
 * `Token`/`Bearer` scheme, the name holds an API token (dagster's examples call it that).
 */
export function isSentDbtTokenName(name: string): boolean {
  return isDbtTokenNameForEnv(name) || isDbtAuthTokenName(name);
}

/** `DBT_CLOUD_AUTH_TOKEN`, `dbtAuthToken`: a dbt token name but for its `AUTH_TOKEN` (see isSentDbtTokenName). */
export function isDbtAuthTokenName(name: string): boolean {
  const n = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return /(^|_)AUTH_TOKEN$/.test(n) && isDbtTokenNameForEnv(n.replace(/AUTH_TOKEN$/, 'TOKEN'));
}

/**
 * A name for a webhook's signing secret (read by a receiver to check `Authorization` / HMAC signatures).
 * At 'env-file' by whole segment (`WEBHOOK`, `HMAC`, `SIGNING`): `DBT_CLOUD_AUTH_TOKEN` is not
 * ruled out by its name there (the 'env-file' name rule leaves it to its value).
 */
export function isWebhookSecretName(name: string, level: EnvLevel = 'env'): boolean {
  if (level === 'env-file') return segments(name).some((s) => WEBHOOK_SEGMENT.has(s));
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
  return value === undefined || !hasDatabricksTokenPrefix(value);
}

/**
 * Names dbt Core on Databricks also gives the warehouse token. At 'env': `DBT_TOKEN`,
 * `DBT_ACCESS_TOKEN`. At 'env-file': `DBT_TOKEN`, `DBT_AUTH_TOKEN` (a `.env`'s `DBT_ACCESS_TOKEN`
 * is never a dbt Cloud token by name at all, see the 'env-file' name rule).
 */
export function isAmbiguousDbtTokenName(name: string, level: EnvLevel = 'env'): boolean {
  return level === 'env-file' ? ENV_FILE_AMBIGUOUS.has(name.toUpperCase()) : AMBIGUOUS.test(name.toUpperCase());
}

// --- the 'env-file' level: `.env` names by segment -------------------------------------------------

/** A name segment that says "secret": `TOKEN`, `API_KEY`, `APIKEY`, `PAT`, `SECRET`. */
const SECRET_SEGMENT = /^(?:[A-Z]*(?:TOKEN|KEY|SECRET)|PAT)$/;
const WEBHOOK_SEGMENT = new Set(['WEBHOOK', 'WEBHOOKS', 'HMAC', 'SIGNING']);
/**
 * Segments naming something other than the dbt Cloud API: dbt Core warehouse and git secrets
 * (`DBT_SNOWFLAKE_PASSWORD`, `DBT_PRIVATE_KEY`, `DBT_ENV_SECRET_GIT_TOKEN`), webhook secrets.
 */
const OTHER_SERVICE_SEGMENT = new Set([
  'SNOWFLAKE',
  'DATABRICKS',
  'BIGQUERY',
  'BQ',
  'POSTGRES',
  'POSTGRESQL',
  'PG',
  'REDSHIFT',
  'DB',
  'DATABASE',
  'WAREHOUSE',
  'TRINO',
  'ATHENA',
  'DUCKDB',
  'MOTHERDUCK',
  'FABRIC',
  'SYNAPSE',
  'SPARK',
  'CLICKHOUSE',
  'SQLSERVER',
  'MSSQL',
  'ORACLE',
  'MYSQL',
  'TERADATA',
  'VERTICA',
  'FIREBOLT',
  'DREMIO',
  'STARBURST',
  'GIT',
  'GITHUB',
  'GITLAB',
  'BITBUCKET',
  'AZURE',
  'ADO',
  'AWS',
  'GCP',
  'GOOGLE',
  'SLACK',
  'DATADOG',
  'SSH',
  'PRIVATE',
  'PASSPHRASE',
  'KEYFILE',
  'WEBHOOK',
  'WEBHOOKS',
  'HMAC',
  'SIGNING',
  'SIGNATURE',
  'OPENAI',
  'ANTHROPIC',
  'GEMINI',
  'MISTRAL',
  'COHERE',
  'GROQ',
  'HUGGINGFACE',
  'LLM',
  // dbt Power User's AI features (`DBT_ALTIMATE_AI_KEY`), not dbt Cloud.
  'ALTIMATE',
  'PINECONE',
  'JIRA',
  'NOTION',
  'PAGERDUTY',
  'OPSGENIE',
  'SENDGRID',
  'TWILIO',
  'STRIPE',
  'SENTRY',
  'S3',
  'GCS',
]);
/** Segments of names whose 40-hex values are commits or digests, not keys. */
const NOT_A_SECRET_SEGMENT = new Set([
  'SHA',
  'COMMIT',
  'REV',
  'REVISION',
  'REF',
  'HASH',
  'VERSION',
  'CHECKSUM',
  'DIGEST',
  'ID',
  'BRANCH',
  'TAG',
]);
/** A last segment that describes a token rather than holding it: `DBT_CLOUD_PAT_NAME`, `..._TOKEN_ID`. */
const DESCRIBES_TOKEN = new Set([
  'NAME',
  'ID',
  'IDS',
  'URL',
  'HOST',
  'USER',
  'USERNAME',
  'EMAIL',
  'PATH',
  'FILE',
  'DIR',
  'EXPIRES',
  'EXPIRY',
  'EXPIRATION',
  'TYPE',
  'SCOPE',
  'SCOPES',
  'LABEL',
  'DESCRIPTION',
  'PREFIX',
  'LENGTH',
  'HEADER',
]);
/** `.env` names as likely to hold a Databricks token as a dbt Cloud one: need a dbt Cloud host beside them. */
const ENV_FILE_AMBIGUOUS = new Set(['DBT_TOKEN', 'DBT_AUTH_TOKEN']);
/** `.env` names that in practice hold something else unless the value itself is a dbt token. */
const ENV_FILE_SHAPE_ONLY = new Set(['DBT_ACCESS_TOKEN', 'DBT_CLOUD_AUTH_TOKEN', 'MY_DBT_CLOUD_AUTH_TOKEN']);

function segments(name: string): string[] {
  return name
    .toUpperCase()
    .split(/[_.-]+/)
    .filter(Boolean);
}

/** A `.env` name with a segment that says "secret" (`DBT_TOKEN`, `API_KEY`, `MY_PAT`), dbt or not. */
export function hasSecretSegment(name: string): boolean {
  return segments(name).some((s) => SECRET_SEGMENT.test(s));
}

/** A dbt name that neither names another service, nor only in practice holds something else, nor describes a token. */
function isDbtNameForEnvFile(name: string): boolean {
  const upper = name.toUpperCase();
  const segs = segments(name);
  if (!upper.includes('DBT')) return false;
  if (upper.startsWith('DBT_ENV_SECRET') || segs.some((s) => OTHER_SERVICE_SEGMENT.has(s))) return false;
  return !ENV_FILE_SHAPE_ONLY.has(upper) && !DESCRIBES_TOKEN.has(segs[segs.length - 1] ?? '');
}

/** The 'env-file' name rule: a dbt name (as above) with a secret segment. Ambiguous names pass; the caller weighs them. */
function isDbtTokenNameForEnvFile(name: string): boolean {
  return isDbtNameForEnvFile(name) && hasSecretSegment(name);
}

/**
 * A `.env` name under which a 40-hex value is a legacy user API key: a dbt name (as for
 * 'env-file') that need not say "secret" (the value's shape already says key), but does not
 * name a commit or digest (`DBT_GIT_SHA`, `DBT_PROJECT_COMMIT`), whose values are 40 hex as well.
 */
export function isDbtLegacyKeyNameForEnvFile(name: string): boolean {
  return isDbtNameForEnvFile(name) && !segments(name).some((s) => NOT_A_SECRET_SEGMENT.has(s));
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
/**
 * A name with a word that says it holds a secret (`TF_VAR_service_token`, `apiKey`, `MY_PAT`), dbt
 * or not, whole words only (`dbt_path` has none): a slot a token can be handed to.
 */
export const hasSecretWord = (name: string): boolean => nameWords(name).some((w) => SECRET_WORDS.has(w));
const NOT_API_TOKEN_WORDS = new Set([
  'ssh',
  'private',
  'deploy',
  'gpg',
  'webhook',
  'hmac',
  'signing',
  'encryption',
  'github',
  'gitlab',
  'git',
]);
/**
 * A secret handed to another project's CI step (a GitHub Action's `with:`, a Bitbucket pipe, a
 * GitLab CI component) that only a dbt Cloud token is named as: dbt with cloud, service or API
 * (`DBT_CLOUD_API_KEY`, `DBT_SERVICE_TOKEN`, `DBT_API_TOKEN`). Such steps take GitHub and other
 * services' tokens too, which a dbt project's repository names `DBT_BOT_TOKEN` or `DBT_REPO_PAT`.
 */
export function namesDbtCloudSecret(name: string): boolean {
  const w = nameWords(name);
  return (
    hasDbtWord(w) &&
    w.some((x) => SECRET_WORDS.has(x)) &&
    w.some((x) => x.includes('cloud') || x === 'service' || x === 'api' || x === 'apikey' || x === 'apitoken') &&
    !w.some((x) => NOT_API_TOKEN_WORDS.has(x))
  );
}

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
  // `dbt_cloud_token_name: ci-runner`, `token_id`: what the token is called, not the token.
  if (DESCRIBES_TOKEN.has(w[w.length - 1]!.toUpperCase())) return false;
  if (!hasDbtWord(w)) return dbtCloudAction && w.some((x) => x === 'token' || x === 'apikey' || x === 'pat');
  if (dbtCloudAction) return true;
  return w.some(
    (x) =>
      x.includes('cloud') ||
      x === 'api' ||
      x === 'apikey' ||
      x === 'apitoken' ||
      x === 'service' ||
      x === 'pat' ||
      x === 'personal' ||
      x === 'admin',
  );
}

/**
 * Whether a variable or secret name reads like a credential rather than a host, id or flag:
 * used to decide if an unresolvable reference is bound as a credential or as a `{NAME}` placeholder.
 */
export function looksLikeCredentialName(name: string): boolean {
  const w = nameWords(name);
  if (
    w.some((x) =>
      [
        'token',
        'key',
        'pat',
        'apikey',
        'apitoken',
        'secret',
        'password',
        'passwd',
        'pwd',
        'auth',
        'credential',
        'credentials',
        'bearer',
      ].includes(x),
    )
  )
    return true;
  return !w.some((x) =>
    [
      'host',
      'url',
      'domain',
      'endpoint',
      'tenant',
      'account',
      'project',
      'job',
      'id',
      'region',
      'branch',
      'schema',
      'name',
      'env',
      'environment',
      'path',
      'dir',
      'version',
      'target',
      'workspace',
      'ref',
      'sha',
      'repository',
      'event',
      'number',
    ].includes(x),
  );
}

/**
 * A variable named like a dbt Cloud token, so a literal value in it is a credential site.
 * The 'ci-variable' level: CI variables are judged word by word like action inputs (no SECRET,
 * no warehouse deny list); merging it with 'env' would change what is reported.
 */
function isDbtTokenNameForCiVariable(name: string): boolean {
  const w = nameWords(name);
  return (
    hasDbtWord(w) &&
    w.some((x) => x === 'token' || x === 'key' || x === 'pat' || x === 'apikey' || x === 'apitoken') &&
    !w.some((x) => NOT_API_TOKEN_WORDS.has(x))
  );
}

/** Words of a `TF_VAR_` variable that name what dbt uses rather than dbt Cloud: warehouse credentials. */
const WAREHOUSE_WORDS = new Set([
  'databricks',
  'snowflake',
  'bigquery',
  'redshift',
  'postgres',
  'fabric',
  'synapse',
  'athena',
  'trino',
  'spark',
  'warehouse',
  'svcprincipal',
  'password',
  'oauth',
]);
const NOT_TF_TOKEN_WORDS = new Set(['ssh', 'github', 'gitlab', 'git', 'webhook', 'hmac', 'deploy', 'private']);

/** The 'tf-var' level: the variable after `TF_VAR_` is named for dbt Cloud itself, not for something dbt uses. */
function isDbtTokenNameForTfVar(name: string): boolean {
  const m = /^TF_VAR_(.+)$/i.exec(name);
  if (!m) return false;
  const w = nameWords(m[1]!);
  const leadsWithDbt = w[0] === 'dbt' || (w[0] ?? '').startsWith('dbtcloud');
  return (
    leadsWithDbt &&
    w.some((x) => x === 'token' || x === 'key' || x === 'pat' || x === 'apikey' || x === 'apitoken') &&
    !w.some((x) => NOT_TF_TOKEN_WORDS.has(x) || WAREHOUSE_WORDS.has(x))
  );
}

/**
 * What an action input's or CI variable's name says the token is, word by word: a `service` (or
 * `svc`) word is a service token, a `pat` / `personal` word a PAT. Only a slot type (never the core's
 * classification). Stricter than `typeFromName`: whole words only (`serviceToken` splits, but
 * `dbtservicetoken` does not), and no legacy user-key reading.
 */
export function slotTypeOfInput(name: string): Exclude<TokenType, 'unknown'> | undefined {
  const w = nameWords(name);
  if (w.includes('service') || w.includes('svc')) return 'service-token';
  if (w.includes('pat') || w.includes('personal')) return 'pat';
  if (isCliTokenValue(name)) return 'pat';
  return undefined;
}

/** An input named for the dbt Cloud CLI's `token-value` (`dbt_cloud_token_value`): the CLI takes a PAT only. */
export function isCliTokenValue(name: string): boolean {
  const w = nameWords(name);
  return w.length >= 2 && w[w.length - 2] === 'token' && w[w.length - 1] === 'value';
}

// Loose "holds some secret" names, one rule per place that uses them. They only gate values that
// are already a token shape (or name variables to link), so they are broader than `isDbtTokenName`:
// - 'postman-variable': any secret-ish name, dbt or not (`token`, `authToken`, `api-key`, `pat`):
//                       a Postman environment's variables are all the collection's.
// - 'js-holder':        a dbt name with key/token/secret/auth/cred/passw/bearer or `pat` not
//                       followed by `h` (`dbtPat`, not `dbtPath`), matched inside words.
// - 'tf-variable':      a dbt name with token/key/secret/passw/cred inside words, or a whole
//                       `pat` / `api` word (`dbt_api`); not `auth` or `bearer`.
// - 'url-parameter':    a URL query parameter whose value reports print as `***` (`?token=`,
//                       `api_key=`, `sig=`, `auth=`): any service's, matched inside words.
export type SecretNameLevel = 'postman-variable' | 'js-holder' | 'tf-variable' | 'url-parameter';

export function isSecretName(name: string, level: SecretNameLevel): boolean {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  switch (level) {
    case 'postman-variable':
      return /(token|api[-_]?key|apikey|secret|passw|credential|auth)/i.test(name) || words.includes('pat') || words.includes('key');
    case 'js-holder':
      return /dbt/i.test(name) && /(key|token|secret|auth|cred|passw|bearer|pat(?!h)|pat$)/i.test(name);
    case 'tf-variable':
      return /dbt/i.test(name) && (/(token|key|secret|passw|cred)/i.test(name) || words.includes('pat') || words.includes('api'));
    case 'url-parameter':
      return /(token|key|secret|auth|pass|sig|credential)/i.test(name);
  }
}

/**
 * A key in source text whose assigned value redaction masks (`token: "…"`, `api_key=…`,
 * `"password": "…"`): any service's secret, matched inside words, as a regex alternation for
 * src/findings/redact.ts (which finds the key and its value in one pattern). Match case-insensitively.
 */
export const SECRET_ASSIGNMENT_KEY = 'token|api[_-]?key|secret|password|passwd|pat';
