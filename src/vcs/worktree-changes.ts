import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { gitAsync, nulList } from './git.js';
import { indexWrittenMs, isRacy, parseDebug, statMatches, type IndexEntry } from './index-stat.js';

// Which files of the working tree differ from a commit, worked out without letting git look at
// the working tree. Whenever git hashes a working-tree file (`git diff REF`, `git status`,
// `diff-files`, `ls-files -m`: any file whose stat info is dirty, or "racily clean") it first
// converts it through the repository's .gitattributes: a `filter.<name>.clean` or `.process`
// program of the repository's config runs. `-c filter.<name>.clean=` for each name found in the
// config is fragile (includes, odd names, `required`), and `--no-filters` exists only for
// hash-object. So git is asked only about the index and trees (object ids, no conversion), and
// this module compares the working tree with the index itself: stat info as git records it, and
// where that does not settle it, the blob id of the file's raw bytes computed here.
//
// A file whose raw bytes differ from what the index holds only by a conversion (CRLF endings,
// a Git LFS pointer) counts as changed: it is scanned once more than needed, never missed.

export interface ChangedOptions {
  /** Only paths (from the top of the work tree) this accepts are worth hashing or returning. */
  wanted: (path: string) => boolean;
  /** Files larger than this are not hashed: returned as changed (the scan skips them as too big). */
  hashLimit: number;
  /** The index file (`git rev-parse --git-path index`): when it was written tells racily clean entries. */
  indexFile: string;
}

const REGULAR = new Set(['100644', '100755']);
const GITLINK = '160000';

/**
 * Paths (from the top of the work tree) of regular files that differ from `commit`: changed in
 * the index, changed in the working tree, unmerged, or new and not ignored. `commit` and its
 * trees must be present (src/vcs/objects-present.ts); no blob is read.
 */
export async function changedSince(top: string, commit: string, opts: ChangedOptions): Promise<string[]> {
  // Independent questions, asked at once: the index against the commit (object ids only), the
  // index with its stat info, and the untracked files.
  const [staged, listing, untracked] = await Promise.all([
    gitAsync(top, [
      'diff-index',
      '--cached',
      '-z',
      '--name-only',
      '--no-renames',
      '--diff-filter=ACMRT',
      '--ignore-submodules=all',
      commit,
      '--',
    ]),
    gitAsync(top, ['ls-files', '-z', '--stage', '--debug']),
    gitAsync(top, ['ls-files', '-z', '--others', '--exclude-standard']),
  ]);
  const inIndexOnly = new Set(nulList(staged));
  const entries = parseDebug(listing) ?? parseStage(await gitAsync(top, ['ls-files', '-z', '--stage']));
  const indexMs = indexWrittenMs(opts.indexFile);
  const out = new Set<string>();
  const isFile = (path: string): boolean => lstatSync(`${top}/${path}`, { throwIfNoEntry: false })?.isFile() ?? false;
  const unmerged = new Set(entries.filter((e) => e.stage !== 0).map((e) => e.path));
  for (const e of entries) {
    if (e.mode === GITLINK || !opts.wanted(e.path)) continue;
    if (inIndexOnly.has(e.path) || unmerged.has(e.path)) {
      if (isFile(e.path)) out.add(e.path);
    } else if (workTreeDiffers(top, e, indexMs, opts.hashLimit)) {
      out.add(e.path);
    }
  }
  for (const path of nulList(untracked)) {
    if (opts.wanted(path) && isFile(path)) out.add(path);
  }
  return [...out].sort();
}

/** A stage-0 entry whose working-tree file is a regular file with other content than the index holds. */
function workTreeDiffers(top: string, e: IndexEntry, indexMs: number | undefined, hashLimit: number): boolean {
  const abs = `${top}/${e.path}`;
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (!st?.isFile()) return false; // deleted, not checked out (sparse), or not a file
  if (!REGULAR.has(e.mode)) return true; // a symbolic link became a file
  if (e.stat && indexMs !== undefined && statMatches(e.stat, st) && !isRacy(e.stat, indexMs)) return false;
  if (st.size > hashLimit) return true;
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return true; // unreadable: the scan reports it
  }
  return blobId(bytes, e.oid.length === 64 ? 'sha256' : 'sha1') !== e.oid;
}

/** The object id git gives `bytes` stored as they are (no clean filter, no end-of-line conversion). */
export function blobId(bytes: Uint8Array, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const STAGE_LINE = /^(\d{6}) ([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d)\t([^]*)$/;

function parseStage(out: Buffer): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const line of nulList(out)) {
    const m = STAGE_LINE.exec(line);
    if (m) entries.push({ mode: m[1]!, oid: m[2]!, stage: Number(m[3]), path: m[4]! });
  }
  return entries;
}
