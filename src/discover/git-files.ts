import { isExpectedIoError, rethrowUnless, UsageError } from '../errors.js';
import { isUtf8 } from 'node:buffer';
import { displayName } from './file-names.js';
import { workTreeTop } from '../vcs/work-tree.js';
import type { IndexEntry } from '../vcs/index-stat.js';

// In a git work tree the files to scan are the ones git itself would consider: what it tracks,
// plus untracked files that no ignore rule covers. git is asked rather than imitated, so every
// rule is git's own: core.ignorecase, negations across levels, the .gitignore files above the
// scanned folder, .git/info/exclude, core.excludesFile. A tracked file that an ignore rule matches
// stays in (a committed `.env` ignored after the fact is the classic leak).

interface GitEntry {
  /** Relative to the listed folder, `/`-separated; invalid UTF-8 bytes written `\xNN`. */
  rel: string;
  /** The exact bytes of the relative path, when it is not valid UTF-8. */
  raw?: Buffer;
  /** From the index: a regular file or a symbolic link. Untracked: unknown until looked at. */
  kind: 'file' | 'link' | 'untracked';
}

export interface GitListing {
  entries: GitEntry[];
  /** Submodules (relative, with a trailing `/`): the index holds a commit, not files. */
  submodules: string[];
  /** Untracked folders that hold a repository of their own (relative, with a trailing `/`). */
  clones: string[];
}

/**
 * One `ls-files` lists the index's entries and the untracked files that no ignore rule covers.
 * Tags (`-t`) tell tracked (`H`), unmerged (`M`), skip-worktree (`S`, absent from a sparse
 * checkout) and untracked (`?`) entries apart; modes (`--stage`) tell files, symbolic links
 * (120000) and submodules (160000) apart without a stat per file. It hashes no file, so no filter
 * runs; with the runner's settings no fsmonitor hook or untracked cache is used. Tracked files
 * deleted from the working tree are listed too (`--deleted` would stat every tracked file, which
 * doubled git's time): the reader finds them missing (FoundFile.fromIndex). Split in two processes,
 * index and untracked files side by side, it was not measurably faster on two cores.
 */
const LS_FILES = ['ls-files', '-z', '-t', '--stage', '--cached', '--others', '--exclude-standard'];

/**
 * The files git lists under `folder`, or undefined when git cannot say: no work tree here, git
 * not installed, or a repository git refuses to read (owned by another user, `safe.directory`).
 */
export function listWithGit(folder: string): Promise<GitListing | undefined> {
  const early = started.get(folder);
  if (!early) return listNow(folder);
  started.delete(folder);
  return early;
}

/** Listings started ahead of the walk, by folder (prefetchListing). */
const started = new Map<string, Promise<GitListing | undefined>>();

/**
 * Starts git listing `folder` now, so that git works while the scan does something else (loads
 * its facts cache, starts its reader threads); the walk then takes this listing.
 */
export function prefetchListing(folder: string): void {
  if (started.has(folder)) return;
  const listing = listNow(folder);
  // Handled by whoever takes it; a listing never taken must not be an unhandled rejection.
  listing.catch(() => undefined);
  started.set(folder, listing);
}

/**
 * --staged: the listing of `folder` (the top of its work tree) is its index's tracked files, as
 * `ls-files --cached` would give them, taken from the index already read for the facts cache
 * (src/vcs/index-view.ts), so no git process walks the working tree for untracked files: the
 * commit is what the index holds. `entries` undefined (the index was not read directly, or names
 * a path that is not UTF-8): git lists the folder as for any scan.
 */
export function listFromIndex(folder: string, entries: Promise<readonly IndexEntry[] | undefined>): void {
  if (started.has(folder)) return;
  const listing = entries.then((all) => (all && listingOfIndex(all)) ?? listNow(folder));
  listing.catch(() => undefined);
  started.set(folder, listing);
}

/**
 * A path git itself would put in an index: relative, no empty, `.` or `..` segment, no `.git`. An
 * index file is input like any other (a folder with a hand-made `.git`): one naming a path out of
 * the tree is left to git.
 */
const isIndexPath = (p: string): boolean =>
  p !== '' && !p.startsWith('/') && !p.endsWith('/') && !p.includes('//') && !/(?:^|\/)(?:\.\.?|\.git)(?:\/|$)/i.test(p);

/** The tracked files and submodules that `ls-files -t --stage --cached` would list; undefined for a name that is not UTF-8 or not one git writes. */
function listingOfIndex(all: readonly IndexEntry[]): GitListing | undefined {
  const entries: GitEntry[] = [];
  const submodules: string[] = [];
  let previous: string | undefined;
  for (const e of all) {
    if (e.path.includes('\uFFFD') || !isIndexPath(e.path)) return undefined;
    // Unmerged: one entry per conflict stage, one file.
    if (e.path === previous || e.skipWorktree) continue;
    previous = e.path;
    if (e.mode === '160000') submodules.push(`${e.path}/`);
    else entries.push({ rel: e.path, kind: e.mode === '120000' ? 'link' : 'file' });
  }
  return { entries, submodules, clones: [] };
}

async function listNow(folder: string): Promise<GitListing | undefined> {
  if (workTreeTop(folder) === undefined) return undefined;
  try {
    // Loaded here: child_process is start-up time that a scan outside git never needs.
    const { gitAsync } = await import('../vcs/git.js');
    return parseListing(await gitAsync(folder, LS_FILES));
  } catch (e) {
    // gitAsync's answer when git cannot run or refuses (a UsageError quoting it), or the file system's.
    rethrowUnless(e, (x) => x instanceof UsageError, isExpectedIoError);
    return undefined;
  }
}

function parseListing(out: Buffer): GitListing {
  const entries: GitEntry[] = [];
  const submodules: string[] = [];
  const clones: string[] = [];
  let unmerged = false;
  // The whole listing is checked once; only a listing with a name that is not UTF-8 is read record by record as bytes.
  const text = isUtf8(out) ? out.toString('utf8') : undefined;
  const end = text === undefined ? out.length : text.length;
  for (let start = 0; start < end;) {
    let stop = text === undefined ? out.indexOf(0, start) : text.indexOf('\0', start);
    if (stop < 0) stop = end;
    const rec = start;
    start = stop + 1;
    if (stop - rec < 3) continue;
    const tag = text === undefined ? String.fromCharCode(out[rec]!) : text[rec]!;
    // `? path` for untracked entries; `T mode sha stage<TAB>path` for the index's.
    const cut = tag === '?' ? rec + 2 : (text === undefined ? out.indexOf(0x09, rec) : text.indexOf('\t', rec)) + 1;
    if (cut <= rec || cut > stop) continue;
    let path: string;
    let raw: Buffer | undefined;
    if (text !== undefined) {
      path = text.slice(cut, stop);
    } else {
      const bytes = out.subarray(cut, stop);
      raw = isUtf8(bytes) ? undefined : Buffer.from(bytes);
      path = raw ? displayName(bytes) : bytes.toString('utf8');
    }
    if (tag === '?') {
      // A folder with its own .git (a nested clone) is listed whole, with a slash.
      if (path.endsWith('/')) clones.push(path);
      else entries.push(raw ? { rel: path, raw, kind: 'untracked' } : { rel: path, kind: 'untracked' });
      continue;
    }
    const mode = text === undefined ? out.toString('latin1', rec + 2, rec + 8) : text.slice(rec + 2, rec + 8);
    if (tag === 'H' || tag === 'M') {
      if (tag === 'M') unmerged = true; // listed once per conflict stage
      if (mode === '160000') submodules.push(`${path}/`);
      else {
        const kind = mode === '120000' ? 'link' : 'file';
        entries.push(raw ? { rel: path, raw, kind } : { rel: path, kind });
      }
    }
    // `S`: skip-worktree, not in the working tree of a sparse checkout.
  }
  if (!unmerged) return { entries, submodules, clones };
  const seen = new Set<string>();
  const kept = entries.filter((e) => {
    if (e.kind === 'untracked') return true;
    if (seen.has(e.rel)) return false;
    seen.add(e.rel);
    return true;
  });
  return { entries: kept, submodules: [...new Set(submodules)], clones };
}
