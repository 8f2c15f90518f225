import { loadIgnore } from '../packages.js';
import { compileSimpleGlobs } from './simple-globs.js';

export interface GlobSet {
  matches(relPath: string): boolean;
}

/**
 * gitignore-style patterns (what `.gitignore`, the config's `ignore`, `production` and
 * `development` keys use). A bad pattern is skipped, never fatal: a broken `.gitignore`
 * must not stop a scan. `prefix` re-roots paths when the patterns belong to an outer folder.
 * Folders are tested with a trailing `/`.
 */
export function compileGlobs(patterns: readonly string[], prefix = ''): GlobSet {
  const lines = patterns.map((p) => p.replace(/\r$/, '')).filter((line) => line.trim() && !line.startsWith('#'));
  if (!lines.length) return { matches: () => false };
  const set = compileSimpleGlobs(lines) ?? compileWithIgnore(lines);
  return {
    matches(relPath: string): boolean {
      const p = prefix ? `${prefix}/${relPath}` : relPath;
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
