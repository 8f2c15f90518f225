
import { loadIgnore } from '../packages.js';
export interface GlobSet {
  matches(relPath: string): boolean;
}

/**
 * gitignore-style patterns (what `.gitignore`, the config's `ignore`, `production` and
 * `development` keys use). A bad pattern is skipped, never fatal: a broken `.gitignore`
 * must not stop a scan. `prefix` re-roots paths when the patterns belong to an outer folder.
 */
export function compileGlobs(patterns: readonly string[], prefix = ''): GlobSet {
  const ig = loadIgnore()({ allowRelativePaths: true });
  let any = false;
  for (const p of patterns) {
    const line = p.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) continue;
    try {
      ig.add(line);
      any = true;
    } catch {
      /* skip the pattern */
    }
  }
  if (!any) return { matches: () => false };
  return {
    matches(relPath: string): boolean {
      const p = prefix ? `${prefix}/${relPath}` : relPath;
      if (!p || p.startsWith('../') || p.startsWith('/')) return false;
      try {
        return ig.ignores(p.replace(/^\.\//, ''));
      } catch {
        return false;
      }
    },
  };
}
