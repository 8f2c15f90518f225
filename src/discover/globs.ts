import { loadIgnore } from '../packages.js';
import { compileSimpleGlobs } from './simple-globs.js';

export interface GlobSet {
  matches(relPath: string): boolean;
}

/**
 * The config's globs (`ignore`, `production`, `development` keys), in `.gitignore` syntax and
 * matched against whole paths relative to the current folder, case-insensitively. A bad pattern is
 * skipped, never fatal. Folders are tested with a trailing `/`. (`.gitignore` files themselves
 * are read with git's own semantics: gitignore-rules.ts.)
 */
export function compileGlobs(patterns: readonly string[]): GlobSet {
  const lines = patterns.map((p) => p.replace(/\r$/, '')).filter((line) => line.trim() && !line.startsWith('#'));
  if (!lines.length) return { matches: () => false };
  const set = compileSimpleGlobs(lines) ?? compileWithIgnore(lines);
  return {
    matches(p: string): boolean {
      if (!p || p.startsWith('../') || p.startsWith('/')) return false;
      return set.matches(p.startsWith('./') ? p.slice(2) : p);
    },
  };
}

function compileWithIgnore(lines: readonly string[]): GlobSet {
  const ig = loadIgnore()({ allowRelativePaths: true });
  for (const line of lines) {
    try {
      ig.add(line);
    } catch {
      /* skip the pattern */
    }
  }
  return {
    matches(path: string): boolean {
      try {
        return ig.ignores(path);
      } catch {
        return false;
      }
    },
  };
}
