import { describe, expect, it } from 'vitest';
import {
  isBareAuthScheme,
  leadingAuthScheme,
  schemeWords,
  startsWithOtherScheme,
  stripAuthScheme,
  type OtherSchemeSet,
  type SchemeSet,
} from '../../src/credentials/auth-schemes.js';
import { redactText } from '../../src/findings/redact.js';

describe('auth schemes by level', () => {
  // header, level, value after the scheme
  const table: [string, SchemeSet, string][] = [
    ['Token abc', 'dbt', 'abc'],
    ['  bearer  abc', 'dbt', 'abc'],
    ['JWT abc', 'dbt', 'JWT abc'],
    ['Basic abc', 'dbt', 'Basic abc'],
    ['Tokenabc', 'dbt', 'Tokenabc'],
    ['Token', 'dbt', 'Token'],
    ['JWT abc', 'dbt-or-jwt', 'abc'],
    ['Bearer abc', 'dbt-or-jwt', 'abc'],
    ['Api-Key abc', 'dbt-or-jwt', 'Api-Key abc'],
    ['Basic abc', 'any', 'abc'],
    ['ApiKey abc', 'any', 'abc'],
    ['api-key abc', 'any', 'abc'],
    ['JWT abc', 'any', 'abc'],
  ];
  for (const [header, set, value] of table) it(`${set}: ${header}`, () => expect(stripAuthScheme(header, set)).toBe(value));

  it('keeps the blanks with the scheme', () => {
    expect(leadingAuthScheme(' Token  abc', 'dbt')).toBe(' Token  ');
    expect(leadingAuthScheme('abc', 'dbt')).toBeUndefined();
  });

  it('takes a scheme without a blank only when asked (HCL templates)', () => {
    expect(stripAuthScheme('Token', 'dbt', { blankOptional: true })).toBe('');
    expect(stripAuthScheme('Bearer ', 'dbt', { blankOptional: true })).toBe('');
    expect(stripAuthScheme('Tokenabc', 'dbt', { blankOptional: true })).toBe('Tokenabc');
    expect(stripAuthScheme('Token', 'dbt')).toBe('Token');
  });

  it('tells a scheme written alone', () => {
    expect(isBareAuthScheme('Token ', 'dbt')).toBe(true);
    expect(isBareAuthScheme('bearer', 'dbt')).toBe(true);
    expect(isBareAuthScheme('JWT ', 'dbt')).toBe(false);
    expect(isBareAuthScheme('Token x', 'dbt')).toBe(false);
  });

  it('gives the scheme words for longer patterns', () => {
    const re = new RegExp(`authorization:\\s*(?:${schemeWords('dbt')})\\s+(\\S+)`, 'i');
    expect(re.exec('-H "Authorization: Bearer $T"')?.[1]).toBe('$T"');
    expect(re.test('Authorization: Basic x')).toBe(false);
  });
});

describe('schemes that carry no dbt token', () => {
  const table: [string, OtherSchemeSet, boolean][] = [
    ['Basic dXNlcjpwYXNz', 'basic', true],
    ['Digest x', 'basic', false],
    ['Basic dXNlcjpwYXNz', 'non-token', true],
    ['Digest username="x"', 'non-token', true],
    ['Negotiate x', 'non-token', true],
    ['AWS4-HMAC-SHA256 Credential=x', 'non-token', true],
    ['Token x', 'non-token', false],
    ['Bearer x', 'basic', false],
  ];
  for (const [header, set, other] of table) it(`${set}: ${header}`, () => expect(startsWithOtherScheme(header, set)).toBe(other));
});

describe('redaction after a scheme that carries a secret', () => {
  const secret = 'Zq7'.repeat(6);
  const masked = `…${secret.slice(-4)}`;
  // text, printed
  const table: [string, string][] = [
    [`Authorization: Token ${secret}`, `Authorization: Token ${masked}`],
    [`Authorization: Bearer ${secret}`, `Authorization: Bearer ${masked}`],
    [`Authorization: Basic ${secret}`, `Authorization: Basic ${masked}`],
    // Any case, as the scheme is read everywhere else.
    [`authorization: bearer ${secret}`, `authorization: bearer ${masked}`],
    [`AUTHORIZATION: TOKEN ${secret}`, `AUTHORIZATION: TOKEN ${masked}`],
    // Too short to be a secret; a scheme inside a word is none.
    ['Bearer short', 'Bearer short'],
    [`MyToken ${secret}`, `MyToken ${secret}`],
  ];
  for (const [text, printed] of table) it(text.slice(0, 24), () => expect(redactText(text)).toBe(printed));
});
