import { RunError, UsageError } from '../errors.js';
import { gitRun } from './git.js';

// In a partial clone, any git command that reads an absent object fetches it from the promisor
// remote: network, and an ssh command or remote helper of the repository's choosing. Git honours
// GIT_NO_LAZY_FETCH (set by src/vcs/git.ts) only from 2.39.4 and 2.44 on, so before git reads an
// object it might lack, these checks ask `rev-list --missing=print`, which never fetches on any
// version, whether the object is there. An absent one ends the run with exit 2.

const NEVER_FETCHES = 'dbt-token-scan never fetches';

/** CI checkouts are shallow by default: the base of a pull request is then not there to compare with. */
const SHALLOW_FIX =
  'Fetch the history first: fetch-depth: 0 in actions/checkout, GIT_DEPTH: 0 in GitLab CI, or git fetch --unshallow (or git fetch origin <branch>) before the scan';
const UNKNOWN_REF_FIX = 'For the branch of a remote, fetch it (git fetch origin <branch>) and pass origin/<branch>';

function isShallow(top: string): boolean {
  const res = gitRun(top, ['rev-parse', '--is-shallow-repository']);
  return res.status === 0 && res.stdout.toString('utf8').trim() === 'true';
}

/**
 * `rev` (a name, or an id; a commit or a tag of one) and every folder (tree) under it are in this clone; returns
 * the commit's id, or undefined when `rev` is no commit. Its files' contents (blobs) need not be
 * there: --changed and --staged compare object ids, which trees hold.
 */
export function requireCommitTrees(top: string, rev: string, what: string): string | undefined {
  const res = gitRun(top, ['rev-list', '--objects', '--no-walk', '--filter=blob:none', '--missing=print', rev, '--']);
  if (res.status !== 0) {
    // A name that resolves to an id this clone lacks is "bad object"; a name that resolves to nothing is not.
    if (/bad object/.test(res.stderr)) throw new RunError(`${what} is not in this clone, and ${NEVER_FETCHES}: fetch it first`);
    throw new UsageError(
      `${what} names no commit in this ${isShallow(top) ? `shallow clone. ${SHALLOW_FIX}` : `repository. ${UNKNOWN_REF_FIX}`}`,
    );
  }
  const lines = res.stdout.toString('latin1').split('\n');
  if (lines.some((l) => l.startsWith('?'))) {
    throw new RunError(
      `${what}: its folders (trees) are not in this partial clone, and ${NEVER_FETCHES}: fetch them first, or use a clone without --filter=tree:0`,
    );
  }
  // Commits come first, as bare ids; trees and other objects follow with a path after a space.
  return lines.find((l) => /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(l));
}

/** Every one of `oids` (blobs to be read) is in this clone; `describe` names the file of an absent one. */
export function requireObjects(top: string, oids: readonly string[], describe: (oid: string) => string): void {
  if (!oids.length) return;
  const res = gitRun(top, ['rev-list', '--objects', '--no-walk', '--missing=print', '--stdin'], `${oids.join('\n')}\n`);
  if (res.status === 0 && !res.stdout.includes('\n?') && res.stdout[0] !== 0x3f) return;
  const absent = /bad object ([0-9a-f]+)/.exec(res.stderr)?.[1] ?? /^\?([0-9a-f]+)/m.exec(res.stdout.toString('latin1'))?.[1];
  const which = absent ? describe(absent) : 'a file to scan';
  throw new RunError(`the content of ${which} is not in this partial clone, and ${NEVER_FETCHES}: fetch it first`);
}

/**
 * Whether git may fetch a missing object on its own here: a partial clone (a promisor remote).
 * Commands that read trees or blobs are then run only after `rev-list --missing=print` has shown
 * every one of them present; elsewhere they can run side by side.
 */
export function isPartialClone(top: string): boolean {
  let partial = partialClones.get(top);
  if (partial === undefined) {
    const res = gitRun(top, ['config', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.promisor)$']);
    partial = res.status === 0 && res.stdout.toString('utf8').trim() !== '';
    partialClones.set(top, partial);
  }
  return partial;
}

/** Asked once per run and repository: a clone does not become partial while it is scanned. */
const partialClones = new Map<string, boolean>();
