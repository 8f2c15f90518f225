import { describe, expect, it } from 'vitest';
import { IgnoreLevel, isIgnored } from '../src/discover/gitignore-rules.js';
import { wildmatch } from '../src/discover/wildmatch.js';

// The port of git's wildmatch, on cases from git's own test suite (t/t3070-wildmatch.sh): `glob`
// is a match with WM_PATHNAME (how .gitignore paths are matched), `name` without it (how names are).

const enc = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const glob = (p: string, t: string, casefold = false): boolean => wildmatch(enc(p), enc(t), { pathname: true, casefold });
const name = (p: string, t: string): boolean => wildmatch(enc(p), enc(t), { pathname: false, casefold: false });

// [pattern, text, matches with pathname]
const CASES: [string, string, boolean][] = [
  ['foo', 'foo', true],
  ['bar', 'foo', false],
  ['', '', true],
  ['???', 'foo', true],
  ['??', 'foo', false],
  ['*', 'foo', true],
  ['f*', 'foo', true],
  ['*f', 'foo', false],
  ['*foo*', 'foo', true],
  ['*ob*a*r*', 'foobar', true],
  ['*ab', 'aaaaaaabababab', true],
  ['foo\\*', 'foo*', true],
  ['foo\\*bar', 'foobar', false],
  ['f\\\\oo', 'f\\oo', true],
  ['*[al]?', 'ball', true],
  ['[ten]', 'ten', false],
  ['**[!te]', 'ten', true],
  ['**[!ten]', 'ten', false],
  ['t[a-g]n', 'ten', true],
  ['t[!a-g]n', 'ten', false],
  ['t[!a-g]n', 'ton', true],
  ['t[^a-g]n', 'ton', true],
  ['a[]]b', 'a]b', true],
  ['a[]-]b', 'a-b', true],
  ['a[]-]b', 'a]b', true],
  ['a[]-]b', 'aab', false],
  ['a[]a-]b', 'aab', true],
  [']', ']', true],
  ['foo*bar', 'foo/baz/bar', false],
  ['foo**bar', 'foo/baz/bar', false],
  ['foo**bar', 'foobazbar', true],
  ['foo/**/bar', 'foo/baz/bar', true],
  ['foo/**/**/bar', 'foo/baz/bar', true],
  ['foo/**/bar', 'foo/b/a/z/bar', true],
  ['foo/**/bar', 'foo/bar', true],
  ['foo?bar', 'foo/bar', false],
  ['foo[/]bar', 'foo/bar', false],
  ['foo[^a-z]bar', 'foo/bar', false],
  ['f[^eiu][^eiu][^eiu][^eiu][^eiu]r', 'foo-bar', true],
  ['**/foo', 'foo', true],
  ['**/foo', 'XXX/foo', true],
  ['**/foo', 'bar/baz/foo', true],
  ['*/foo', 'bar/baz/foo', false],
  ['**/bar*', 'foo/bar/baz', false],
  ['**/bar/*', 'deep/foo/bar/baz', true],
  ['**/bar/*', 'deep/foo/bar/baz/', false],
  ['**/bar/**', 'deep/foo/bar/baz/', true],
  ['**/bar/*', 'deep/foo/bar', false],
  ['**/bar/**', 'deep/foo/bar/', true],
  ['*/bar/**', 'foo/bar/baz/x', true],
  ['*/bar/**', 'deep/foo/bar/baz/x', false],
  ['**/bar/*/*', 'deep/foo/bar/baz/x', true],
  ['-*-*-*-*-*-*-12-*-*-*-m-*-*-*', '-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1', true],
  ['-*-*-*-*-*-*-12-*-*-*-m-*-*-*', '-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1', false],
  ['XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*', 'XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1', true],
  ['**/*a*b*g*n*t', 'abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt', true],
  ['**/*a*b*g*n*t', 'abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz', false],
  ['*/*/*', 'foo/bba/arr', true],
  ['*/*/*', 'foo/bb/aa/rr', false],
  ['**/**/**', 'foo/bb/aa/rr', true],
  ['*X*i', 'abcXdefXghi', true],
  ['*/*X*/*/*i', 'ab/cXd/efXg/hi', true],
  ['**/*X*/**/*i', 'ab/cXd/efXg/hi', true],
  ['[[:alpha:]][[:digit:]][[:upper:]]', 'a1B', true],
  ['[[:digit:][:upper:][:space:]]', 'A', true],
  ['[[:digit:][:upper:][:space:]]', '1', true],
  ['[[:digit:][:upper:][:space:]]', ' ', true],
  ['[[:digit:][:upper:][:space:]]', 'a', false],
  ['[a-c[:digit:]x-z]', '5', true],
  ['[a-c[:digit:]x-z]', 'y', true],
  ['[a-c[:digit:]x-z]', 'q', false],
  ['[[:bogus:]]', 'a', false],
  ['[', '[', false],
  ['[!', '[!', false],
  ['a\\', 'a', false],
  ['\\', '\\', false],
];

describe('wildmatch, as git matches globs', () => {
  it.each(CASES)('%s on %s', (p, t, expected) => {
    expect(glob(p, t)).toBe(expected);
  });

  it('lets * and ? cross slashes without WM_PATHNAME', () => {
    expect(name('foo*bar', 'foo/baz/bar')).toBe(true);
    expect(name('foo?bar', 'foo/bar')).toBe(true);
  });

  it('folds ASCII case only when asked', () => {
    expect(glob('[A-Z]', 'a')).toBe(false);
    expect(glob('[A-Z]', 'a', true)).toBe(true);
    expect(glob('*.ENV', 'x.env', true)).toBe(true);
    expect(glob('*.ENV', 'x.env')).toBe(false);
  });

  it('matches bytes: ? is one byte of UTF-8, as in git', () => {
    expect(glob('caf?', 'café')).toBe(false);
    expect(glob('caf??', 'café')).toBe(true);
  });

  it('stays fast on patterns that backtrack', () => {
    const started = performance.now();
    expect(glob(`${'*a'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a .gitignore level', () => {
  const level = (...lines: string[]): IgnoreLevel => new IgnoreLevel(lines, false);

  it('lets the last matching pattern decide, literal or not', () => {
    const l = level('*.log', '!keep.log', 'keep.log', '!/keep.log');
    expect(l.verdict('keep.log', false)).toBe(false);
    expect(l.verdict('sub/keep.log', false)).toBe(true);
    expect(l.verdict('x.log', false)).toBe(true);
    expect(l.verdict('x.txt', false)).toBeUndefined();
  });

  it('matches folder-only patterns against folders only', () => {
    const l = level('out/', '/docs/api/');
    expect(l.verdict('a/out', true)).toBe(true);
    expect(l.verdict('a/out', false)).toBeUndefined();
    expect(l.verdict('docs/api', true)).toBe(true);
    expect(l.verdict('x/docs/api', true)).toBeUndefined();
  });

  it('reads escapes, comments and trailing spaces as git does', () => {
    const l = level('#comment', '\\#hash', 'trail  ', 'kept\\ ', '\\!bang');
    expect(l.verdict('#comment', false)).toBeUndefined();
    expect(l.verdict('#hash', false)).toBe(true);
    expect(l.verdict('trail', false)).toBe(true);
    expect(l.verdict('kept ', false)).toBe(true);
    expect(l.verdict('!bang', false)).toBe(true);
  });

  it('lets the deepest level with a verdict decide', () => {
    const levels = [
      [0, level('*.env')],
      [4, level('!prod.env')],
    ] as const;
    expect(isIgnored(levels, 'app/prod.env', false)).toBe(false);
    expect(isIgnored(levels, 'app/dev.env', false)).toBe(true);
    expect(isIgnored(levels, 'prod.env', false)).toBe(true);
  });
});
