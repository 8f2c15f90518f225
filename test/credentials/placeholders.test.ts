import { describe, expect, it } from 'vitest';
import { isPlaceholderValue, substitutedVariable, typeFromPlaceholder } from '../../src/credentials/placeholders.js';

describe('placeholders', () => {
  // value, is a placeholder, the type its text names
  const table: [string, boolean, ReturnType<typeof typeFromPlaceholder>][] = [
    ['', true, undefined],
    ['<TOKEN>', true, undefined],
    ['<<ST>>', true, undefined],
    ['changeme', true, undefined],
    ['your-token', true, undefined],
    ['your-service-token', true, 'service-token'],
    ['<your_service_token>', true, 'service-token'],
    ['<<dbt Cloud Service Token>>', true, 'service-token'],
    ['YOUR_PAT_HERE', true, 'pat'],
    ['<your PAT>', true, 'pat'],
    ['<personal access token>', true, 'pat'],
    ['dbt_your_personal_access_token_here', true, 'pat'],
    ['dbt-your-service-token', true, 'service-token'],
    ['<user api key>', true, 'legacy-user-api-key'],
    ['dbtu_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', true, 'pat'],
    ['dbtc_xxxxxxxx', true, 'service-token'],
    ['dbtc_<your token>', true, 'service-token'],
    ['${DBT_TOKEN}', true, undefined],
    ['{{ dbt_token }}', true, undefined],
    ['xxxxxxxx', true, undefined],
    ['a1b2c3d4e5f6', false, undefined],
  ];
  for (const [value, placeholder, type] of table) {
    it(`${JSON.stringify(value)}`, () => {
      expect(isPlaceholderValue(value)).toBe(placeholder);
      expect(typeFromPlaceholder(value)).toBe(type);
    });
  }
});

describe('substitutedVariable', () => {
  // A release pipeline's token replacement: the literal names the variable written in its place.
  const table: [string, string | undefined][] = [
    ['__DBT_TOKEN__', 'DBT_TOKEN'],
    [' __DBT_CLOUD_SERVICE_TOKEN__ ', 'DBT_CLOUD_SERVICE_TOKEN'],
    ['#{DbtCloudToken}', 'DbtCloudToken'],
    ['#{DBT_TOKEN}#', 'DBT_TOKEN'],
    ['#{Project.Dbt.Token}', 'Project.Dbt.Token'],
    // Python's dunder names and anything around the markers are values, not substitutions.
    ['__init__', undefined],
    ['__dbt_token__', undefined],
    ['x__DBT_TOKEN__', undefined],
    ['__DBT_TOKEN__x', undefined],
    ['____', undefined],
    ['#{}', undefined],
    ['dbtc_#{TOKEN}', undefined],
  ];
  for (const [value, name] of table) it(JSON.stringify(value), () => expect(substitutedVariable(value)).toBe(name));
});
