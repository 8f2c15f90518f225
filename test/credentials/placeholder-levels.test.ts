import { describe, expect, it } from 'vitest';
import { isPlaceholderValue, tokenShapedLiteral, type PlaceholderLevel } from '../../src/credentials/placeholders.js';

const SVC = 'dbtc_FAKElevels00FAKElevels00FAKElevels00FAKElevels00xy';
const HEX40 = '8f3a9c2b7e1d4f6a0b5c8e2d9f7a1c3b6e4d0f2a';
const LONG = 'a1b2c3d4e5f6a7b8c9d0e1f2';

describe('synthetic tokens', () => {
  // Written by hand in docs and tests, never issued: few distinct characters, or a count-up.
  it.each([
    [`dbtc_${'0'.repeat(50)}`, true],
    [`dbtc_${'1234567890'.repeat(5)}`, true],
    [`dbtu_${'ab'.repeat(25)}`, true],
    [`dbtc_${'abcdefghijklmnopqrstuvwxyz'.repeat(2).slice(0, 50)}`, true],
    // A prefix before a short count-up, as a `.env.example` writes one.
    ['dbtc_-abcdefghijklmnopqrstuvwxyz', true],
    ['dbtu_12345678', true],
    ['dbtc_Xk9pQ2mZ7rT4', false],
    ['da39a3ee5e6b4b0d3255bfef95601890afd80709', true],
    ['0123456789abcdef0123456789abcdef01234567', false],
    ['abcabcabcabcabcabcabcabcabcabcabcabcabca', true],
    [SVC, false],
    [HEX40, false],
    ['dbtc_Xk9pQ2mZ7rT4vB8nL1wJ6yH3sD5fG0aC2eR7tY9uI4oP6lK8jH', false],
  ])('%s is a placeholder: %s', (value, expected) => {
    expect(isPlaceholderValue(value)).toBe(expected);
  });
});

describe('placeholder levels', () => {
  // value, then whether it is a placeholder at: exact, env-file, template-file, filler
  const table: [string, boolean, boolean, boolean, boolean][] = [
    ['', true, true, true, false],
    ['<TOKEN>', true, true, true, true],
    ['changeme', true, true, true, true],
    ['xxxxxxxx', true, true, true, true],
    ['dbtc_xxxxxxxx', true, true, true, false],
    ['dbtu_YOUR_TOKEN_GOES_HERE', true, true, true, false],
    // A placeholder word inside a longer value: only the file levels read it.
    ['my_dbt_token_goes_here', false, true, false, false],
    ['put_your_dbt_token_here', false, true, true, false],
    ['your_personal_access_token', true, true, true, true],
    ['token-value-from-the-ui', false, false, true, false],
    // Short values: only a .env value must be as long as a token.
    ['abc123', false, true, false, false],
    ['${DBT_TOKEN}', true, true, true, false],
    ['{DBT_TOKEN}', false, true, false, false],
    ['$DBT_TOKEN', false, true, true, false],
    ['aaaaaaaaaaaaaaaaaaaa', false, true, false, false],
    // Words where a value goes: a .env value holding a space and no word long enough for a token.
    ['the dbt Cloud authentication token', false, true, false, false],
    [`Token ${SVC}`, false, false, false, false],
    [LONG, false, false, false, false],
    [SVC, false, false, false, false],
    [HEX40, false, false, false, false],
  ];
  const levels: PlaceholderLevel[] = ['exact', 'env-file', 'template-file', 'filler'];
  for (const [value, ...expected] of table) {
    levels.forEach((level, i) => {
      it(`${level}: ${JSON.stringify(value)}`, () => expect(isPlaceholderValue(value, level)).toBe(expected[i]));
    });
  }

  it('defaults to the whole-value rule', () => {
    expect(isPlaceholderValue('my_dbt_token_goes_here')).toBe(false);
    expect(isPlaceholderValue('<token>')).toBe(true);
  });
});

describe('token-shaped literals', () => {
  const table: [string, boolean][] = [
    [LONG, true],
    [SVC, true],
    ['abc', false],
    ['x'.repeat(20), false],
    ['<your-token-goes-here>', false],
    ['has a blank in it here', false],
    ['a'.repeat(513), false],
    ['your-dbt-cloud-token-here', false],
  ];
  for (const [value, shaped] of table) it(JSON.stringify(value.slice(0, 30)), () => expect(tokenShapedLiteral(value)).toBe(shaped));
});
