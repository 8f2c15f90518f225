import { describe, expect, it } from 'vitest';
import {
  hasSecretWord,
  isAmbiguousDbtTokenName,
  isDbtTokenEntry,
  isDbtTokenInput,
  isDbtTokenName,
  isWebhookSecretName,
  looksLikeCredentialName,
  nameWords,
} from '../../src/credentials/names.js';

describe('dbt token names by level', () => {
  // name, at 'env', at 'ci-variable'
  const table: [string, boolean, boolean][] = [
    ['DBT_CLOUD_API_TOKEN', true, true],
    ['dbtCloudPat', true, true],
    ['DBT_TOKEN', true, true],
    ['DBT_CLOUD_API_KEY', true, true],
    // SECRET counts in an environment, not as a CI variable's word.
    ['DBT_CLOUD_SECRET', true, false],
    // Warehouse and other services' secrets named DBT_*: the env deny list only.
    ['DBT_SNOWFLAKE_TOKEN', false, true],
    ['DBT_DATABRICKS_TOKEN', false, true],
    ['DBT_ENV_SECRET_PASSWORD', false, false],
    ['DBT_ENV_SECRET_TOKEN', false, true],
    ['DBT_CLOUD_WEBHOOK_SECRET', false, false],
    ['DBT_CLOUD_AUTH_TOKEN', false, true],
    ['DBT_SSH_KEY', false, false],
    ['DBT_KEYFILE_PATH', false, false],
    ['DBT_PROJECT_DIR', false, false],
    ['API_TOKEN', false, false],
    ['dbt_path', false, false],
  ];
  for (const [name, env, ci] of table) {
    it(`env: ${name}`, () => expect(isDbtTokenName(name, 'env')).toBe(env));
    it(`ci-variable: ${name}`, () => expect(isDbtTokenName(name, 'ci-variable')).toBe(ci));
  }

  it("defaults to the 'env' level", () => {
    expect(isDbtTokenName('DBT_CLOUD_SECRET')).toBe(true);
    expect(isDbtTokenName('DBT_SNOWFLAKE_TOKEN')).toBe(false);
  });
});

describe('environment entries', () => {
  it('drops Databricks look-alikes', () => {
    expect(isDbtTokenEntry('DBT_TOKEN', undefined, false)).toBe(true);
    expect(isDbtTokenEntry('DBT_TOKEN', undefined, true)).toBe(false);
    expect(isDbtTokenEntry('DBT_CLOUD_API_TOKEN', undefined, true)).toBe(true);
    expect(isDbtTokenEntry('DBT_CLOUD_API_TOKEN', 'dapi0123456789abcdef', false)).toBe(false);
    expect(['DBT_TOKEN', 'dbt_access_token', 'DBT_CLOUD_TOKEN'].map((n) => isAmbiguousDbtTokenName(n))).toEqual([true, true, false]);
  });
  it('tells webhook secrets', () => {
    expect(
      ['DBT_CLOUD_WEBHOOK_SECRET', 'dbtHmacKey', 'DBT_CLOUD_AUTH_TOKEN', 'DBT_CLOUD_API_TOKEN'].map((n) => isWebhookSecretName(n)),
    ).toEqual([true, true, true, false]);
  });
});

describe('action inputs and credential-like names', () => {
  const inputs: [string, boolean, boolean][] = [
    // name, as an input of any action, as an input of a dbt Cloud action
    ['dbt_cloud_token', true, true],
    ['dbt_token', false, true],
    ['api_token', false, true],
    ['dbt_service_token', true, true],
    ['dbt_ssh_key', false, false],
    ['job_id', false, false],
  ];
  for (const [name, any, dbtAction] of inputs) {
    it(`input ${name}`, () => {
      expect(isDbtTokenInput(name, false)).toBe(any);
      expect(isDbtTokenInput(name, true)).toBe(dbtAction);
    });
  }
  it('reads names as credentials or settings', () => {
    expect(['MY_API_KEY', 'BEARER', 'SOME_VALUE', 'DBT_HOST', 'JOB_ID', 'TARGET_ENV'].map(looksLikeCredentialName)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(nameWords('dbtCloudAPIKey-v2')).toEqual(['dbt', 'cloud', 'apikey', 'v2']);
  });
});

describe('names with a secret word (token slots), whole words only', () => {
  const table: [string, boolean][] = [
    ['TF_VAR_service_token', true],
    ['apiKey', true],
    ['MY_PAT', true],
    ['dbtApiToken', true],
    ['client_secret', true],
    ['dbt_path', false],
    ['TOKENIZER', false],
    ['keyboard_layout', false],
    ['DBT_HOST', false],
  ];
  for (const [name, yes] of table) it(name, () => expect(hasSecretWord(name)).toBe(yes));
});
