import { UsageError } from '../errors.js';
import { gitRun } from '../vcs/git.js';
import { requireCommitTrees } from '../vcs/objects-present.js';

// Which commits a history run reads: the tips (every ref, or HEAD alone) and, with --since, the
// cut. A REF cuts by ancestry (what REF already holds is left out, as in `git log REF..`); a DATE
// cuts by committer date (as `git log --since`). The same arguments go to every walk of the run.

export type Branches = 'all' | 'current';
export const BRANCHES: readonly Branches[] = ['all', 'current'];

export interface HistoryRange {
  /** rev-list arguments naming the commits: tips, exclusions, date cut. */
  revArgs: string[];
  /** What --since turned out to be, for the report. */
  since?: { ref: string; commit: string } | { date: string };
  branches: Branches;
  /** HEAD's commit, when HEAD names one (not in a repository without commits). */
  head?: string;
}

/**
 * Dates git reads the same way everywhere: ISO 8601 (`2024-05-01`, `2024-05-01T10:00:00Z`) and
 * `N unit(s) ago`. Anything else given to --since must name a commit: git's own date parser
 * takes almost any text for some date, and a mistyped branch name must not become one.
 */
const DATE =
  /^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\d+[ .](?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)[ .]ago)$/i;

export function historyRange(top: string, branches: Branches, since: string | undefined): HistoryRange {
  const headRes = gitRun(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const head = headRes.status === 0 ? headRes.stdout.toString('utf8').trim() : undefined;
  const tips = branches === 'all' ? ['--all'] : head ? [head] : [];
  const out: HistoryRange = { revArgs: [...tips], branches, ...(head ? { head } : {}) };
  if (since === undefined) return out;
  if (since.startsWith('-') || since === '') throw new UsageError(`--since: expected a commit or a date, got "${since}"`);
  const asRef = gitRun(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${since}^{commit}`]);
  if (asRef.status === 0) {
    // Its trees are needed to leave out what it holds: present, never fetched (a partial clone).
    const commit =
      requireCommitTrees(top, asRef.stdout.toString('utf8').trim(), `--since: "${since}"`) ?? asRef.stdout.toString('utf8').trim();
    out.revArgs.push(`^${commit}`);
    out.since = { ref: since, commit };
    return out;
  }
  if (!DATE.test(since.trim()))
    throw new UsageError(`--since: "${since}" names no commit of this repository and is no date (use YYYY-MM-DD or "N days ago")`);
  out.revArgs.push(`--since=${since.trim()}`);
  out.since = { date: since.trim() };
  return out;
}
