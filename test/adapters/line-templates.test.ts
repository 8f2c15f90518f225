import { describe, expect, it } from 'vitest';
import { fillPositional, solePlaceholder, templated } from '../../src/adapters/shared/line-facts/placeholders.js';

// The interpolation syntaxes the line-by-line reader understands, read into `{NAME}` text and
// the placeholders behind it.

describe('templates read line by line', () => {
  it.each([
    ['${{ secrets.DBT_TOKEN }}', 'yaml', '{DBT_TOKEN}', 'secret'],
    ["{{ env_var('DBT_CLOUD_TOKEN') }}", 'yaml', '{DBT_CLOUD_TOKEN}', 'env'],
    ['{{secrets/dbt/token}}', 'yaml', '{dbt/token}', 'secret'],
    ['${DBT_TOKEN}', 'recipe', '{DBT_TOKEN}', 'env'],
    ['$(DBT_TOKEN)', 'yaml', '{DBT_TOKEN}', 'env'],
    ['$env:DBT_TOKEN', 'powershell', '{DBT_TOKEN}', 'env'],
    ['#{token}', 'hash', '{token}', 'variable'],
  ] as const)('%s (%s) is one placeholder', (raw, family, text, source) => {
    const t = templated(raw, family);
    expect(t.text).toBe(text);
    expect(solePlaceholder(t)).toMatchObject({ source, positional: false });
  });

  it('keeps the text around placeholders, which then is no sole placeholder', () => {
    const t = templated('Token ${DBT_TOKEN}', 'recipe');
    expect(t.text).toBe('Token {DBT_TOKEN}');
    expect(t.placeholders).toEqual([{ name: 'DBT_TOKEN', source: 'env', positional: false }]);
    expect(solePlaceholder(t)).toBeUndefined();
    expect(solePlaceholder(templated('  ${DBT_TOKEN} ', 'recipe'))).toMatchObject({ name: 'DBT_TOKEN' });
  });

  it('fills positional placeholders in order with the format call arguments', () => {
    const t = templated('%s/api/v2/accounts/%s/jobs/{job}/run/', 'c');
    const filled = fillPositional(t, [
      { name: 'base', source: 'variable', positional: false },
      { name: 'DBT_ACCOUNT_ID', source: 'env', positional: false },
    ]);
    expect(filled.text).toBe('{base}/api/v2/accounts/{DBT_ACCOUNT_ID}/jobs/{job}/run/');
    expect(filled.placeholders.map((p) => p.name)).toEqual(['base', 'DBT_ACCOUNT_ID', 'job']);
  });

  it('fills positional placeholders after a named one whose name has other characters', () => {
    const filled = fillPositional(templated('{{secrets/dbt/cloud:token}} %s', 'yaml'), [
      { name: 'account', source: 'variable', positional: false },
    ]);
    expect(filled.text).toBe('{dbt/cloud:token} {account}');
    expect(filled.placeholders.map((p) => p.name)).toEqual(['dbt/cloud:token', 'account']);
  });
});
