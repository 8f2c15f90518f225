import { describe, expect, it } from 'vitest';
import { isPlaceholderValue, tokenShapedLiteral, type PlaceholderLevel } from '../../src/credentials/placeholders.js';

const SVC = 'dbtc_FAKElevels00FAKElevels00FAKElevels00FAKElevels00xy';
const HEX40 = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const LONG = 'a1b2c3d4e5f6a7b8c9d0e1f2';

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
    ['token-value-from-the-ui', false, false, true, false],
    // Short values: only a .env value must be as long as a token.
    ['abc123', false, true, false, false],
    ['${DBT_TOKEN}', true, true, true, false],
    ['{DBT_TOKEN}', false, true, false, false],
    ['$DBT_TOKEN', false, true, true, false],
    ['aaaaaaaaaaaaaaaaaaaa', false, true, false, false],
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
