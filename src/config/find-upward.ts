import { dirname } from 'node:path';
import { workTreeTop } from '../vcs/work-tree.js';

// Files that apply to a scan (`.dbt-token-scan.yml`, `.dbt-token-scan-ignore`) are found as ESLint
// and gitleaks find theirs: in the scanned folder or above it, never above the repository root, so
// a file of an enclosing checkout or of the home folder never applies.

/** `start` and the folders above it, up to and including the repository root (a folder with `.git`). */
export function foldersUpToRepositoryRoot(start: string): string[] {
  const top = workTreeTop(start);
  if (top === undefined) return [start]; // not in a repository: the scanned folder only
  const folders: string[] = [];
  for (let d = start; ; d = dirname(d)) {
    folders.push(d);
    if (d === top) return folders;
  }
}
