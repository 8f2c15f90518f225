import { lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Above this many ignored paths, git is asked to match the ignore rules itself. */
const MAX_PATHSPECS = 500;

/**
 * Files that git tracks among `paths` (files and folders under `folder` that a `.gitignore` kept
 * out of the walk), relative to `folder`. A committed `.env` or `dbt_cloud.yml` that was ignored
 * only after it was committed is the classic leak, so a scan inside a git work tree reads them
 * too. Outside a work tree, or when git cannot be run, there are none. Reads the index only: no
 * filter, hook or fsmonitor of the repository runs.
 */
export async function trackedAmong(folder: string, paths: readonly string[]): Promise<string[]> {
  if (!paths.length || !insideWorkTree(folder)) return [];
  const args = paths.length <= MAX_PATHSPECS
    ? ['--literal-pathspecs', 'ls-files', '-z', '--cached', '--', ...paths]
    : ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard', '--', '.'];
  try {
    // Loaded here: child_process is start-up time that a scan outside git never needs.
    const { gitAsync, nulList } = await import('../vcs/git.js');
    return nulList(await gitAsync(folder, args));
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
