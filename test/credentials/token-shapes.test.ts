import { describe, expect, it } from 'vitest';
import {
  DBT_TOKEN_IN_TEXT,
  DBT_TOKEN_PREFIX_IN_TEXT,
  dbtTokenPrefixOf,
  dbtTokenRun,
  hasDbtTokenPrefix,
  isAnyTokenShaped,
  isCompleteToken,
  isDbtTokenShaped,
  isLegacyKeyShaped,
  typeFromPrefix,
  typeFromValue,
} from '../../src/credentials/token-shapes.js';

const PAT = 'dbtu_FAKEpatTable00FAKEpatTable00FAKEpatTable00FAKEpatT';
const SVC = 'dbtc_FAKEsvcTable00FAKEsvcTable00FAKEsvcTable00FAKEsvcT';
const HEX40 = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const OLD_SVC = `0123456789.${'ab'.repeat(32)}`;

describe('token shapes', () => {
  // value, dbt context, typeFromValue, isCompleteToken
  const table: [string, boolean, ReturnType<typeof typeFromValue>, boolean][] = [
    [PAT, false, 'pat', true],
    [SVC, false, 'service-token', true],
    [` ${SVC} `, false, 'service-token', true],
    [HEX40, true, 'legacy-user-api-key', true],
    [HEX40, false, undefined, false],
    [OLD_SVC, true, 'service-token', true],
    [OLD_SVC, false, undefined, false],
    ['dbtu_XXXXXXXX', false, 'pat', false],
    ['dbtc_short', true, 'service-token', false],
    [HEX40.toUpperCase(), true, undefined, false],
    ['ghp_notdbt', true, undefined, false],
  ];
  for (const [value, ctx, type, complete] of table) {
    it(`${value.slice(0, 12)}… in ${ctx ? 'a dbt' : 'any'} context`, () => {
      expect(typeFromValue(value, ctx)).toBe(type);
      expect(isCompleteToken(value, ctx)).toBe(complete);
    });
  }

  it('prefix alone names the type', () => {
    expect([typeFromPrefix('dbtu_'), typeFromPrefix('dbtc_…'), typeFromPrefix('dbt_x')]).toEqual(['pat', 'service-token', undefined]);
  });

  it('adapter-side shape tests', () => {
    expect([PAT, SVC, HEX40, OLD_SVC, 'dbtc_short'].map(isDbtTokenShaped)).toEqual([true, true, false, false, false]);
    expect([PAT, HEX40, OLD_SVC].map(isLegacyKeyShaped)).toEqual([false, true, false]);
    expect([PAT, SVC, HEX40, OLD_SVC, 'dbtc_short', 'plain'].map(isAnyTokenShaped)).toEqual([true, true, true, true, false, false]);
  });
});

describe('token literals in text', () => {
  it('finds whole tokens, not ones inside a word or cut short', () => {
    const text = `a = "${PAT}"; b = x${SVC}; c = "dbtc_short"; d = Token ${SVC}`;
    expect([...text.matchAll(DBT_TOKEN_IN_TEXT)].map((m) => m.index)).toEqual([5, text.lastIndexOf(SVC)]);
  });
  it('tells a dbt prefix', () => {
    expect(['dbtc_xxxx', 'dbtu_', ' dbtc_x', 'dbt_cloud'].map(hasDbtTokenPrefix)).toEqual([true, true, false, false]);
  });
});

describe('token prefixes and runs (redaction, URL masking, mentions)', () => {
  const body = 'A1b2'.repeat(5);
  // text, runs of 16+ anywhere, runs of 8+ at a word start
  const table: [string, string[], string[]][] = [
    [`x dbtu_${body} y`, [`dbtu_${body}`], [`dbtu_${body}`]],
    // Glued to a word (a JSON escape `\ndbtc_…`): redaction still sees it, URL masking does not.
    [`\\ndbtc_${body}`, [`dbtc_${body}`], []],
    [`/api/dbtc_${body.slice(0, 10)}/x`, [], [`dbtc_${body.slice(0, 10)}`]],
    ['dbtc_short', [], []],
    ['dbt_cloud_service', [], []],
  ];
  for (const [text, redacted, masked] of table) {
    it(text.slice(0, 24), () => {
      expect([...text.matchAll(dbtTokenRun(16))].map((m) => m[0])).toEqual(redacted);
      expect([...text.matchAll(dbtTokenRun(8, { wordStart: true }))].map((m) => m[0])).toEqual(masked);
    });
  }
  it('gives the prefix a value starts with', () => {
    expect(['dbtu_x', 'dbtc_', ' dbtc_x', 'dbt_x', ''].map(dbtTokenPrefixOf)).toEqual(['dbtu_', 'dbtc_', '', '', '']);
  });
  it('finds prefix mentions in any case', () => {
    expect([...'DBTU_ and dbtc_ and dbt_'.matchAll(DBT_TOKEN_PREFIX_IN_TEXT)].map((m) => m.index)).toEqual([0, 10]);
  });
});
