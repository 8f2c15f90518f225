import type { AdapterContext } from '../adapter.js';

// Scripts a CI file runs, as paths relative to the scan root (the current folder), like every
// path in the facts. A CI job starts in the repository root: the folder holding `.github` or
// `.gitlab-ci.yml`, which may itself sit below the scan root (`sub/.github/workflows/a.yml`).

/** Joins and normalises `/` paths; undefined when the result would leave the scan root. */
export function joinRelative(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const part of parts) {
    for (const seg of part.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (out.length === 0) return undefined;
        out.pop();
      } else out.push(seg);
    }
  }
  return out.join('/');
}

export const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** The folder that contains `marker` (`.github`, `.gitlab`) in `path`, or undefined. */
export function folderAbove(path: string, marker: string): string | undefined {
  const segs = path.split('/');
  const i = segs.lastIndexOf(marker);
  return i >= 0 ? segs.slice(0, i).join('/') : undefined;
}

/** Shell spellings of "the repository root" that may prefix a script path. */
const WORKSPACE_PREFIX = /^(?:\$\{?(?:GITHUB_WORKSPACE|CI_PROJECT_DIR|BITBUCKET_CLONE_DIR|CIRCLE_WORKING_DIRECTORY)\}?|\$\{\{\s*github\.workspace\s*\}\}|~\/project)\/+/;

/**
 * Resolves script paths as written in a CI step (`./ci/run.sh`, `scripts/x.py`) against the
 * repository root and the step's working directory. Absolute and unresolvable paths are dropped.
 * When the resolved file is missing but the path exists relative to the scan root, that wins.
 */
export function resolveRunScripts(paths: readonly string[], repoRoot: string, workdir: string | undefined, ctx: AdapterContext): string[] {
  const out: string[] = [];
  for (const raw of paths) {
    const p = raw.trim().replace(WORKSPACE_PREFIX, '');
    if (p === '' || p.startsWith('/') || /[$`*?{}]/.test(p) || p.length > 500) continue;
    let wd = (workdir ?? '').trim().replace(WORKSPACE_PREFIX, '').replace(/^\$\{?(?:GITHUB_WORKSPACE|CI_PROJECT_DIR)\}?$/, '');
    if (wd.startsWith('/') || /[$`]/.test(wd)) wd = '';
    const primary = joinRelative(repoRoot, wd, p);
    const candidates = [primary, joinRelative(repoRoot, p), joinRelative(p)].filter((c): c is string => !!c);
    const chosen = candidates.find((c) => ctx.fileExists(c)) ?? primary;
    if (chosen && !out.includes(chosen)) out.push(chosen);
  }
  return out;
}
