import { isParseError, rethrowUnless } from '../errors.js';
import { loadIgnore } from '../packages.js';
import { compileSimpleGlobs } from './simple-globs.js';

/**
 * Where patterns belong, seen from the paths they are matched against: a string is the paths'
 * folder seen from an outer folder holding the patterns (`services/api`), prepended to each path;
 * `strip` is an inner folder holding them (`team`), whose paths lose that part and others never match.
 */
export type GlobRoot = string | { strip: string };

export interface GlobSet {
  matches(relPath: string): boolean;
}

/**
 * The config's globs (`ignore`, `production`, `development` keys), in `.gitignore` syntax and
 * matched against whole paths relative to the current folder, case-insensitively. A bad pattern is
 * skipped, never fatal. `prefix` re-roots paths when the config sits in another folder. Folders are tested with a trailing `/`. (`.gitignore` files themselves
 * are read with git's own semantics: gitignore-rules.ts.)
 */
export function compileGlobs(patterns: readonly string[], prefix: GlobRoot = ''): GlobSet {
  const lines = patterns.map((p) => p.replace(/\r$/, '')).filter((line) => line.trim() && !line.startsWith('#'));
  if (!lines.length) return { matches: () => false };
  const set = compileSimpleGlobs(lines) ?? compileWithIgnore(lines);
  return {
    matches(relPath: string): boolean {
      let p = relPath;
      if (typeof prefix !== 'string') {
        // Patterns of a folder below the paths' folder: only paths inside it can match.
        if (!relPath.startsWith(`${prefix.strip}/`)) return false;
        p = relPath.slice(prefix.strip.length + 1);
      } else if (prefix) {
        p = `${prefix}/${relPath}`;
      }
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
    } catch (e) {
      // A pattern the package cannot compile is skipped.
      rethrowUnless(e, isParseError);
    }
  }
  return {
    // With allowRelativePaths the package takes any string (a file named `...` too): no catch.
    matches: (path: string): boolean => ig.ignores(path),
  };
}
