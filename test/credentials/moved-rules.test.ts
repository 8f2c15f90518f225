import { describe, expect, it } from 'vitest';
import {
  hasSecretSegment,
  isAmbiguousDbtTokenName,
  isDbtLegacyKeyNameForEnvFile,
  isDbtTokenEntry,
  isDbtTokenName,
  isSecretName,
  isWebhookSecretName,
  slotTypeOfInput,
  type SecretNameLevel,
} from '../../src/credentials/names.js';
import { typeFromPlaceholder, typeFromPlaceholderText } from '../../src/credentials/placeholders.js';
import { hasDatabricksTokenPrefix, isDatabricksTokenShaped, mentionsDatabricks } from '../../src/credentials/token-shapes.js';

// Rules that lived as private copies in adapters, with the cases that make each differ from its neighbours.

describe("dbt token names at the 'env-file' level (.env, by segment)", () => {
  // name, 'env-file', 'env'
  const table: [string, boolean, boolean][] = [
    ['DBT_CLOUD_API_TOKEN', true, true],
    ['DBT_CLOUD_APIKEY', true, true],
    ['DBT_PAT', true, true],
    ['DBT_TOKEN', true, true],
    ['DBT_AUTH_TOKEN', true, false],
    // Names that in practice hold something else: only a token-shaped value counts.
    ['DBT_ACCESS_TOKEN', false, true],
    ['DBT_CLOUD_AUTH_TOKEN', false, false],
    // A last segment that describes the token.
    ['DBT_CLOUD_PAT_NAME', false, false],
    ['DBT_CLOUD_TOKEN_EXPIRY', false, true],
    ['DBT_CLOUD_TOKEN_HEADER', false, true],
    // Other services, by whole segment.
    ['DBT_DB_TOKEN', false, true],
    ['DBT_TRINO_KEY', false, true],
    ['DBT_SNOWFLAKE_TOKEN', false, false],
    ['DBT_ENV_SECRET_CLOUD_TOKEN', false, true],
    ['DBT_CLOUD_WEBHOOK_SECRET', false, false],
    // No secret segment: `PATH` is not `PAT`.
    ['DBT_PROJECT_PATH', false, false],
    ['API_TOKEN', false, false],
  ];
  for (const [name, envFile, env] of table) {
    it(`env-file: ${name}`, () => expect(isDbtTokenName(name, 'env-file')).toBe(envFile));
    it(`env: ${name}`, () => expect(isDbtTokenName(name, 'env')).toBe(env));
  }

  // name, ambiguous at 'env-file', at 'env'
  const ambiguous: [string, boolean, boolean][] = [
    ['DBT_TOKEN', true, true],
    ['dbt_token', true, true],
    ['DBT_AUTH_TOKEN', true, false],
    ['DBT_ACCESS_TOKEN', false, true],
    ['DBT_CLOUD_TOKEN', false, false],
  ];
  for (const [name, envFile, env] of ambiguous) {
    it(`ambiguous at env-file: ${name}`, () => expect(isAmbiguousDbtTokenName(name, 'env-file')).toBe(envFile));
    it(`ambiguous at env: ${name}`, () => expect(isAmbiguousDbtTokenName(name)).toBe(env));
  }

  // name, webhook at 'env-file' (whole segment), at 'env' (substring, AUTH_TOKEN too)
  const webhook: [string, boolean, boolean][] = [
    ['DBT_WEBHOOK_SECRET', true, true],
    ['DBT_HMAC', true, true],
    ['DBT_CLOUD_AUTH_TOKEN', false, true],
    ['DBT_WEBHOOKSECRET', false, true],
    ['DBT_CLOUD_TOKEN', false, false],
  ];
  for (const [name, envFile, env] of webhook) {
    it(`webhook at env-file: ${name}`, () => expect(isWebhookSecretName(name, 'env-file')).toBe(envFile));
    it(`webhook at env: ${name}`, () => expect(isWebhookSecretName(name)).toBe(env));
  }

  const legacyKeyNames: [string, boolean][] = [
    ['DBT_CLOUD_API_KEY', true],
    // No secret word needed for a 40-hex value.
    ['DBT_CLOUD', true],
    ['DBT_GIT_SHA', false],
    ['DBT_PROJECT_COMMIT', false],
    ['DBT_MANIFEST_HASH', false],
    ['DBT_RELEASE_VERSION', false],
    ['DBT_CLOUD_PAT_NAME', false],
    ['DBT_ACCESS_TOKEN', false],
    ['CLOUD_API_KEY', false],
  ];
  for (const [name, yes] of legacyKeyNames) it(`legacy key name: ${name}`, () => expect(isDbtLegacyKeyNameForEnvFile(name)).toBe(yes));

  const secretSegment: [string, boolean][] = [
    ['API_TOKEN', true],
    ['MY_APIKEY', true],
    ['DBT_PAT', true],
    ['X.SECRET', true],
    ['DBT_PATH', false],
    ['TOKENIZER_MODE', false],
  ];
  for (const [name, yes] of secretSegment) it(`secret segment: ${name}`, () => expect(hasSecretSegment(name)).toBe(yes));
});

describe('Databricks token shapes', () => {
  const hex32 = 'ab'.repeat(16);
  // value, whole shape, prefix
  const table: [string, boolean, boolean][] = [
    [`dapi${hex32}`, true, true],
    [`DAPI${hex32.toUpperCase()}-2`, true, true],
    [`dapi${hex32.slice(0, 10)}`, false, true],
    [`dapi${hex32}x`, false, true],
    ['dapix', false, false],
    [`xdapi${hex32}`, false, false],
  ];
  for (const [value, whole, prefix] of table) {
    it(`shape: ${value.slice(0, 12)}… (${value.length})`, () => expect(isDatabricksTokenShaped(value)).toBe(whole));
    it(`prefix: ${value.slice(0, 12)}… (${value.length})`, () => expect(hasDatabricksTokenPrefix(value)).toBe(prefix));
  }
  it('an env entry with a dapi-prefixed value is not a dbt token', () => {
    expect(isDbtTokenEntry('DBT_CLOUD_TOKEN', `dapi${hex32.slice(0, 8)}`, false)).toBe(false);
    expect(isDbtTokenEntry('DBT_CLOUD_TOKEN', 'abcdef0123456789', false)).toBe(true);
  });
});

describe('type named by placeholder text, two readings', () => {
  // text, typeFromPlaceholderText (value, then name rules), typeFromPlaceholder (prefix, then prose)
  const table: [string, string | undefined, string | undefined][] = [
    ['dbtu_xxxx', 'pat', 'pat'],
    ['dbtc_<your token>', 'service-token', 'service-token'],
    ['<PAT>', 'pat', 'pat'],
    ['YOUR_SERVICE_TOKEN', 'service-token', 'service-token'],
    ['<personal-token>', 'pat', 'pat'],
    // Name rules match inside words and ignore negation; prose rules do not.
    ['USER_KEY', 'legacy-user-api-key', undefined],
    ['not a service token', 'service-token', undefined],
    ['<service_account_key>', 'service-token', undefined],
    // dbt Cloud's first name for service tokens.
    ['<service account token>', 'service-token', 'service-token'],
    ['changeme', undefined, undefined],
    ['<token>', undefined, undefined],
  ];
  for (const [text, asText, asPlaceholder] of table) {
    it(`text: ${text}`, () => expect(typeFromPlaceholderText(text)).toBe(asText));
    it(`placeholder: ${text}`, () => expect(typeFromPlaceholder(text)).toBe(asPlaceholder));
  }
});

describe('slot type of an input name (word by word)', () => {
  const table: [string, string | undefined][] = [
    ['dbt_cloud_service_token', 'service-token'],
    ['serviceToken', 'service-token'],
    ['dbt_cloud_svc_token', 'service-token'],
    ['dbt-pat', 'pat'],
    ['personal_access_token', 'pat'],
    // Whole words only, unlike typeFromName.
    ['dbtservicetoken', undefined],
    ['dbt_path', undefined],
    // No legacy reading.
    ['dbt_user_api_key', undefined],
    ['dbt_token', undefined],
  ];
  for (const [name, type] of table) it(`${name} -> ${type ?? 'no type'}`, () => expect(slotTypeOfInput(name)).toBe(type));
});

describe('loose secret names, by where they are read', () => {
  const levels: SecretNameLevel[] = ['postman-variable', 'js-holder', 'tf-variable'];
  // name, then postman-variable, js-holder, tf-variable
  const table: [string, boolean, boolean, boolean][] = [
    ['dbt_cloud_token', true, true, true],
    ['dbtApiKey', true, true, true],
    ['DBT_PAT', true, true, true],
    // dbt not needed for Postman variables.
    ['token', true, false, false],
    ['authToken', true, false, false],
    ['api-key', true, false, false],
    ['pat', true, false, false],
    // `auth` and `bearer`: JavaScript holders only (and Postman for auth).
    ['dbtAuth', true, true, false],
    ['dbt_bearer', false, true, false],
    // `pat` inside a word: JavaScript, unless it is `path`.
    ['dbtPat', false, true, false],
    ['dbtPath', false, false, false],
    ['dbt_path', false, false, false],
    // A whole `api` word: Terraform only.
    ['dbt_api', false, false, true],
    // `cred` / `passw` inside words.
    ['dbt_creds', false, true, true],
    ['dbt_password', true, true, true],
    ['dbt_project_id', false, false, false],
  ];
  for (const [name, ...expected] of table) {
    levels.forEach((level, i) => it(`${level}: ${name}`, () => expect(isSecretName(name, level)).toBe(expected[i])));
  }
});

describe("TF_VAR_ names at the 'tf-var' level (shell runs of terraform)", () => {
  // name, 'tf-var', 'env'
  const table: [string, boolean, boolean][] = [
    ['TF_VAR_dbt_token', true, true],
    ['TF_VAR_dbtcloud_api_key', true, true],
    ['tf_var_dbtCloudPat', true, true],
    ['TF_VAR_dbt_cloud_apitoken', true, true],
    // The variable must lead with dbt: `TF_VAR_my_dbt_token` is named for something else.
    ['TF_VAR_my_dbt_token', false, true],
    // Warehouse and git secrets that dbt Cloud Terraform code also passes around.
    ['TF_VAR_dbt_databricks_token', false, false],
    ['TF_VAR_dbt_snowflake_password', false, false],
    ['TF_VAR_dbt_git_token', false, false],
    ['TF_VAR_dbt_deploy_key', false, true],
    // No token word; not a TF_VAR_ name.
    ['TF_VAR_dbt_host_url', false, false],
    ['DBT_CLOUD_TOKEN', false, true],
  ];
  for (const [name, tfVar, env] of table) {
    it(`tf-var: ${name}`, () => expect(isDbtTokenName(name, 'tf-var')).toBe(tfVar));
    it(`env: ${name}`, () => expect(isDbtTokenName(name, 'env')).toBe(env));
  }
});

describe('URL query parameters whose values reports hide', () => {
  const table: [string, boolean][] = [
    ['token', true],
    ['api_key', true],
    ['apiKey', true],
    ['client_secret', true],
    ['auth', true],
    ['password', true],
    ['sig', true],
    ['X-Amz-Signature', true],
    ['credential', true],
    ['account_id', false],
    ['limit', false],
    ['offset', false],
    ['order_by', false],
  ];
  for (const [name, secret] of table) it(`url-parameter: ${name}`, () => expect(isSecretName(name, 'url-parameter')).toBe(secret));
});

describe('texts that mention Databricks (DBT_TOKEN is then the warehouse token)', () => {
  const table: [string, boolean][] = [
    ['host: adb-123.azuredatabricks.net', true],
    ['DATABRICKS_HOST=x', true],
    [`DBT_TOKEN=dapi${'0a'.repeat(4)}`, true],
    ['http_path: /sql/1.0/warehouses/abc', true],
    ['http_path: /sql/1.0/endpoints/abc', true],
    // `dapi` needs 8 hex after a word boundary.
    ['dapiabc', false],
    [`xdapi${'0a'.repeat(4)}`, false],
    ['DBT_CLOUD_HOST=cloud.getdbt.com', false],
  ];
  for (const [text, yes] of table) it(text, () => expect(mentionsDatabricks(text)).toBe(yes));
});
