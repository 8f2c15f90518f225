import type { GlobSet } from './globs.js';

// Most config globs (and .gitignore files, which these were first written for) hold only a few
// kinds of pattern: a name (`.env.local`), a folder name (`node_modules/`), an extension (`*.pyc`),
// an anchored path (`/build/`, `docs/api`). Those are matched here with set lookups per path
// segment; the `ignore` package, which handles every pattern, spent 80 ms of a 25,000-file walk on
// them, and the config's `ignore` globs are tested on every file. A list with any other pattern (negation,
// `?`, `[...]`, `**`, escapes, inner `*`) is left to the `ignore` package whole. Letters are
// compared case-insensitively, as that package does by default.

interface Anchored {
  path: string;
  folderOnly: boolean;
}

const SPECIAL = /[*?[\]\\!]/;

/** A matcher for `lines` (comments and blank lines already removed), or undefined if one is not simple. */
export function compileSimpleGlobs(lines: readonly string[]): GlobSet | undefined {
  const names = new Set<string>();
  const folderNames = new Set<string>();
  const suffixes: string[] = [];
  const anchored: Anchored[] = [];
  for (const raw of lines) {
    if (raw !== raw.trim() || raw.startsWith('!')) return undefined;
    const line = raw.toLowerCase();
    const folderOnly = line.endsWith('/');
    const body = folderOnly ? line.slice(0, -1) : line;
    if (!body || body === '/') return undefined;
    if (body.includes('/')) {
      // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
      const path = body.startsWith('/') ? body.slice(1) : body;
      if (SPECIAL.test(path) || path.includes('//') || path.split('/').some((s) => s === '.' || s === '..')) return undefined;
      anchored.push({ path, folderOnly });
    } else if (body.startsWith('*') && !SPECIAL.test(body.slice(1)) && !folderOnly && body.length > 1) {
      suffixes.push(body.slice(1));
    } else if (!SPECIAL.test(body) && body !== '.' && body !== '..') {
      (folderOnly ? folderNames : names).add(body);
    } else {
      return undefined;
    }
  }
  return {
    matches(relPath: string): boolean {
      const p = relPath.toLowerCase();
      const isFolder = p.endsWith('/');
      const body = isFolder ? p.slice(0, -1) : p;
      for (const a of anchored) {
        if (body.startsWith(a.path) && (body.length === a.path.length ? !a.folderOnly || isFolder : body[a.path.length] === '/'))
          return true;
      }
      for (let start = 0; start <= body.length;) {
        const slash = body.indexOf('/', start);
        const end = slash < 0 ? body.length : slash;
        const segment = body.slice(start, end);
        if (names.has(segment)) return true;
        if ((slash >= 0 || isFolder) && folderNames.has(segment)) return true;
        for (const s of suffixes) if (segment.endsWith(s)) return true;
        if (slash < 0) break;
        start = slash + 1;
      }
      return false;
    },
  };
}
