import { describe, expect, it } from 'vitest';
import { isPlaceholderValue, typeFromPlaceholder } from '../../src/credentials/placeholders.js';

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
