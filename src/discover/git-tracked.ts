import { lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, nulList } from '../vcs/git.js';

/**
 * Files that git tracks although a `.gitignore` matches them, under `folder`, relative to it.
 * A committed `.env` or `dbt_cloud.yml` that was ignored only after it was committed is the
 * classic leak, so a scan inside a git work tree reads them too (as `git ls-files` lists them).
 * Outside a work tree, or when git cannot be run, there are none. Reads the index only: no
 * filter, hook or fsmonitor of the repository runs.
 */
export function trackedButIgnored(folder: string): string[] {
  if (!insideWorkTree(folder)) return [];
  try {
    return nulList(git(folder, ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard', '--', '.']));
  } catch {
    return []; // not a work tree after all, a repository git refuses (ownership), or no git
  }
}

/** A `.git` folder or file in `folder` or above it; a cheap test that spares a git process. */
function insideWorkTree(folder: string): boolean {
  for (let d = folder; ; d = dirname(d)) {
    try {
      lstatSync(join(d, '.git'));
      return true;
    } catch {
      /* not here: look above */
    }
    if (dirname(d) === d) return false;
  }
}
