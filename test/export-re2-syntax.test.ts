import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_WORDS } from '../src/credentials/placeholders.js';
import { DBT_TOKEN_IN_TEXT, LEGACY_KEY_SHAPE, PAT_SHAPE, SERVICE_TOKEN_SHAPE } from '../src/credentials/token-shapes.js';
import { boundariesOf, caseless, negate, shapeBody, toRe2, UntranslatableRegex } from '../src/export/re2-syntax.js';

// The translator from the JavaScript token shapes to RE2 (gitleaks) and Hyperscan (GitHub)
// syntax. Each translation is compiled by re2js, a port of RE2 with Go's syntax, and must
// answer as the JavaScript original does on the same inputs.

const re2 = (pattern: string): RE2JS => RE2JS.compile(pattern);

describe('toRe2', () => {
  it('puts flags inline and keeps what both syntaxes share', () => {
    expect(toRe2(/ab+c/i)).toBe('(?i)ab+c');
    expect(toRe2(/^a.b$/ms)).toBe('(?ms)^a.b$');
    expect(toRe2(/a\/b/g)).toBe('a/b');
    expect(toRe2(/[\]a-]\d\w\s\b/)).toBe('[\\]a-]\\d\\w\\s\\b');
  });

  it('rewrites Unicode escapes, NUL and named groups; drops captures when asked', () => {
    expect(toRe2(/\u005f\u{1F600}/u)).toBe('\\x{005f}\\x{1F600}');
    expect(toRe2(/[\u0000-\u001f]/)).toBe('[\\x{0000}-\\x{001f}]');
    expect(toRe2(/\0/)).toBe('\\x00');
    expect(toRe2(/(?<key>a)(b)/)).toBe('(?P<key>a)(b)');
    expect(toRe2(/(?<key>a)(b)(?:c)/, { dropCaptures: true })).toBe('(?:a)(?:b)(?:c)');
  });

  it('refuses what RE2 and Hyperscan cannot express', () => {
    for (const re of [/(?<!a)b/, /(?<=a)b/, /a(?=b)/, /a(?!b)/, /(a)\1/, /(?<x>a)\k<x>/, /\cJ/, /[^]/, /a/y, /\p{Script=Greek}/u]) {
      expect(() => toRe2(re), String(re)).toThrow(UntranslatableRegex);
    }
  });

  it('every translation compiles as RE2', () => {
    for (const re of [PLACEHOLDER_WORDS, /(?<key>a)(b)/, /\u005f[\u0000-\u001f]/]) expect(() => re2(toRe2(re))).not.toThrow();
  });
});

describe('the shapes of src/credentials/token-shapes.ts', () => {
  it('anchored shapes give their bodies', () => {
    expect(shapeBody(PAT_SHAPE)).toBe('dbtu_[A-Za-z0-9_-]{50}');
    expect(shapeBody(SERVICE_TOKEN_SHAPE)).toBe('dbtc_[A-Za-z0-9_-]{50}');
    expect(shapeBody(LEGACY_KEY_SHAPE)).toBe('[0-9a-f]{40}');
    expect(() => shapeBody(/dbtu_/)).toThrow(UntranslatableRegex);
    expect(() => shapeBody(/^dbtu_$/i)).toThrow(UntranslatableRegex);
  });

  it("the in-text search's lookarounds become consuming boundaries", () => {
    expect(boundariesOf(DBT_TOKEN_IN_TEXT, { start: '^', end: '$' })).toEqual({
      before: '(?:^|[^A-Za-z0-9_])',
      body: 'dbt[uc]_[A-Za-z0-9_-]{50}',
      after: '(?:[^A-Za-z0-9_-]|$)',
    });
    expect(boundariesOf(DBT_TOKEN_IN_TEXT, { start: '\\A', end: '\\z' }).before).toBe('(?:\\A|[^A-Za-z0-9_])');
    expect(() => boundariesOf(/dbtu_x/, { start: '^', end: '$' })).toThrow(UntranslatableRegex);
    expect(negate('[^ab]')).toBe('[ab]');
  });

  it('answer in RE2 as the JavaScript originals do', () => {
    const { before, body, after } = boundariesOf(DBT_TOKEN_IN_TEXT, { start: '^', end: '$' });
    const translated = re2(`${before}(${body})${after}`);
    const body50 = 'Ab1_-'.repeat(10);
    const cases = [
      `x dbtu_${body50} y`,
      `dbtc_${body50}`,
      `"dbtu_${body50}"`,
      `my_dbtc_${body50}`,
      `xdbtu_${body50}`,
      `dbtu_${body50}a`,
      `dbtu_${body50.slice(1)}`,
      `\ndbtc_${body50}\n`,
      `dbtu-${body50}`,
    ];
    for (const text of cases) {
      const js = [...text.matchAll(DBT_TOKEN_IN_TEXT)].map((m) => m[0]);
      const m = translated.matcher(text);
      const found: string[] = [];
      while (m.find()) found.push(m.group(1)!);
      expect(found, JSON.stringify(text)).toEqual(js);
    }
    const words = re2(toRe2(PLACEHOLDER_WORDS));
    for (const text of ['dbtu_XXXXXXXX', 'your_token_here', 'EXAMPLE', 'a1B2c3', 'dbtc_***', 'changeme', 'real']) {
      expect(words.matcher(text).find(), text).toBe(PLACEHOLDER_WORDS.test(text));
    }
  });

  it('caseless spells a word in both cases, for engines without scoped flags', () => {
    expect(caseless('dbt.com')).toBe('[Dd][Bb][Tt]\\.[Cc][Oo][Mm]');
    expect(new RegExp(`^${caseless('Token')}$`).test('tOKEN')).toBe(true);
  });
});
