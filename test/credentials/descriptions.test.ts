import { describe, expect, it } from 'vitest';
import { typeFromDescription } from '../../src/credentials/descriptions.js';

describe('descriptions', () => {
  const table: [string, ReturnType<typeof typeFromDescription>][] = [
    ['The service token terraform will use to apply changes', 'service-token'],
    ['pull in my dbt Cloud Service token', 'service-token'],
    ['dbt Cloud service-token with Job Admin', 'service-token'],
    ['Token starting with dbtc_', 'service-token'],
    ['dbt Cloud service account token (Account Admin)', 'service-token'],
    ['DBT API(Service) Token', 'service-token'],
    ['dbt Cloud API token (service account)', 'service-token'],
    ['API token (service or personal)', undefined],
    ['Personal access token of the developer', 'pat'],
    ['your PAT (Account settings > API tokens)', 'pat'],
    ['a dbtu_ token', 'pat'],
    ['Legacy user API key', 'legacy-user-api-key'],
    ['user api token from your profile', 'legacy-user-api-key'],
    // what the token is, then what it is used for
    ['Personal access token of an account admin, used to mint service tokens', 'pat'],
    ['PAT that creates the service tokens of each project', 'pat'],
    ['Service token for rotating personal access tokens', 'service-token'],
    ['Service token used for managing PATs of the team', 'service-token'],
    // no statement of what the value is
    ['Either a service token or a personal access token', undefined],
    ['THe API Key for the dbt Cloud Account, can be a User key or Service token', undefined],
    ['dbt Cloud API key or service token', undefined],
    ['a service token or an API key with job access', undefined],
    ['API key / User token / Service token (to make API requests)', undefined],
    ['Service token/PAT', undefined],
    ['dbt Cloud personal or service account token', undefined],
    ['Service or personal access token of the deploy user', undefined],
    ['dbt Cloud API token (a user token works too; service token preferred)', undefined],
    ['a PAT also works, but a service token is better', undefined],
    ['dbt Cloud service account token for the scheduler', 'service-token'],
    ['The service token, as an org secret', 'service-token'],
    ['TODO: switch to a service token', undefined],
    ['old token (rotated?): dbtu_', undefined],
    ['previous PAT, revoked 2024-05', undefined],
    ['Expired personal access token of the analytics bot', undefined],
    ['This is not a service token', undefined],
    ["Don't use a PAT here", undefined],
    ['use a service token instead', undefined],
    ['migrate to service tokens by July', undefined],
    ['GCP service account key', undefined],
    ['Databricks service principal token', undefined],
    ['the pattern of the job name', undefined],
    ['dbt Cloud API token', undefined],
    // Where the user API key was shown, not where PATs and service tokens are.
    ['the API key shown at https://cloud.getdbt.com/#/profile/api/', 'legacy-user-api-key'],
    ['API key from Profile > API Access of the bot user', 'legacy-user-api-key'],
    ['Account settings > API tokens > Personal tokens', 'pat'],
    ['the API key of your profile', undefined],
    ['service token '.repeat(200), undefined],
  ];
  for (const [text, type] of table) it(`${text.slice(0, 60)} -> ${type ?? 'no type'}`, () => expect(typeFromDescription(text)).toBe(type));
});
