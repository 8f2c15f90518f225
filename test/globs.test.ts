import { describe, expect, it } from 'vitest';
import { compileGlobs } from '../src/discover/globs.js';
import { compileSimpleGlobs } from '../src/discover/simple-globs.js';
import { loadIgnore } from '../src/packages.js';

// .gitignore files of the common kinds are matched by a fast path; on every such pattern and path
// it must say exactly what the `ignore` package (the reference, and the fallback) says.

const SEGMENTS = [
  'a',
  'b',
  'build',
  'Build',
  'node_modules',
  'x.pyc',
  'y.PYC',
  '.env',
  '.env.local',
  'docs',
  'api',
  'out.log',
  'pyc',
  'c.d.ts',
];
const PATTERNS = [
  'build',
  'build/',
  '/build',
  '/build/',
  'node_modules/',
  '*.pyc',
  '*.log',
  '.env.local',
  '.env',
  'docs/api',
  '/docs/api/',
  'a/b',
  'a/b/',
  '*.ts',
  'pyc',
  'BUILD',
  '*.PYC',
  'docs/',
  '/a',
];

/** A small deterministic generator, so a failure names a reproducible case. */
function* cases(seed: number, count: number): Generator<{ patterns: string[]; path: string }> {
  let s = seed;
  const next = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  for (let i = 0; i < count; i++) {
    const patterns = Array.from({ length: 1 + next(4) }, () => PATTERNS[next(PATTERNS.length)]!);
    const depth = 1 + next(4);
    let path = Array.from({ length: depth }, () => SEGMENTS[next(SEGMENTS.length)]!).join('/');
    if (next(3) === 0) path += '/';
    yield { patterns, path };
  }
}

describe('simple .gitignore patterns', () => {
  it('match exactly as the ignore package does', () => {
    let compared = 0;
    for (const { patterns, path } of cases(7, 20_000)) {
      const fast = compileSimpleGlobs(patterns);
      expect(fast, patterns.join(' ')).toBeDefined();
      const reference = loadIgnore()({ allowRelativePaths: true }).add(patterns);
      expect(fast!.matches(path), `${JSON.stringify(patterns)} on ${path}`).toBe(reference.ignores(path));
      compared++;
    }
    expect(compared).toBe(20_000);
  });

  it('leave every other pattern to the ignore package', () => {
    for (const p of ['!keep.log', 'a/**/b', '**/x', 'file?.txt', '[ab].txt', 'x\\#', ' lead', 'trail ', '*', 'a*b', '*.log/']) {
      expect(compileSimpleGlobs([p]), p).toBeUndefined();
    }
    // Through compileGlobs the whole file falls back, so negation keeps working.
    const set = compileGlobs(['*.log', '!keep.log']);
    expect(set.matches('x.log')).toBe(true);
    expect(set.matches('keep.log')).toBe(false);
  });
});
