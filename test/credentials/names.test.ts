import { describe, expect, it } from 'vitest';
import { isDbtSpecificName, normalizeName, typeFromName } from '../../src/credentials/names.js';

describe('credential names', () => {
  const table: [string, ReturnType<typeof typeFromName>][] = [
    ['DBT_CLOUD_PAT', 'pat'],
    ['dbtCloudPat', 'pat'],
    ['dbt-cloud-pat', 'pat'],
    ['DBT_PERSONAL_ACCESS_TOKEN', 'pat'],
    ['PERSONAL_TOKEN', 'pat'],
    ['token-value', 'pat'],
    ['projects.token-value', 'pat'],
    ['DBT_TOKEN_VALUE', 'pat'],
    ['DBT_SERVICE_TOKEN', 'service-token'],
    ['dbtServiceToken', 'service-token'],
    ['DBT_SERVICE_ACCOUNT_KEY', 'service-token'],
    ['DBT_SVC_TOKEN', 'service-token'],
    ['dbtCloudSvcToken', 'service-token'],
    ['SVC_API_KEY', 'service-token'],
    ['dbt_svcprincipal_token', undefined],
    ['DBT_SVC_URL', undefined],
    ['dbt_cloud_service', undefined],
    ['DBT_SERVICE_URL', undefined],
    ['dbtcloud_user_api_token', 'legacy-user-api-key'],
    ['DBT_USER_KEY', 'legacy-user-api-key'],
    ['DBT_CLOUD_API_USER_TOKEN', 'legacy-user-api-key'],
    ['DBT_USER_TOKEN', undefined],
    ['DBT_CLOUD_API_TOKEN', undefined],
    ['DBT_TOKEN', undefined],
    ['PATH', undefined],
    ['DBT_PATTERN', undefined],
  ];
  for (const [name, type] of table) it(`${name} -> ${type ?? 'no type'}`, () => expect(typeFromName(name)).toBe(type));

  it('normalizes spellings', () => {
    expect(['dbtCloudPat', 'dbt-cloud.pat', 'DBT_CLOUD_PAT'].map(normalizeName)).toEqual([
      'DBT_CLOUD_PAT',
      'DBT_CLOUD_PAT',
      'DBT_CLOUD_PAT',
    ]);
  });

  it('tells dbt-specific names from generic ones', () => {
    expect(['DBT_CLOUD_API_TOKEN', 'TF_VAR_dbt_token', 'dbtcloud_key', 'API_TOKEN', 'TOKEN'].map(isDbtSpecificName)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
