import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, type Stats } from 'node:fs';
import { gitAsync, nulList } from './git.js';

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

interface IndexEntry {
  mode: string;
  oid: string;
  stage: number;
  path: string;
  stat?: EntryStat;
}

/**
 * What the index records of a file's stat, as `ls-files --debug` prints it: 32-bit values, times
 * in milliseconds (from git's seconds and nanoseconds).
 */
interface EntryStat {
  ctimeMs: number;
  mtimeMs: number;
  ino: number;
  uid: number;
  gid: number;
  size: number;
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

const u32 = (n: number): number => n % 0x1_0000_0000;

/**
 * Times agree to the microsecond: Node gives them as milliseconds in a double (exact to about a
 * quarter of a microsecond today), and an edit within a microsecond of the recorded ctime, to a
 * file of the same size, mtime and inode, is not a real case (git itself, built without
 * nanosecond support, compares whole seconds). A time recorded without nanoseconds is compared
 * by the second.
 */
const sameTime = (recordedMs: number, actualMs: number): boolean =>
  Math.abs(recordedMs - actualMs) < 0.001 || (recordedMs % 1000 === 0 && Math.floor(actualMs / 1000) * 1000 === recordedMs);

/** Git for Windows records no inode (0): it is then left out of the comparison. */
function statMatches(s: EntryStat, st: Stats): boolean {
  return (
    s.size === u32(st.size) &&
    (s.ino === 0 || s.ino === u32(st.ino)) &&
    s.uid === st.uid &&
    s.gid === st.gid &&
    sameTime(s.mtimeMs, st.mtimeMs) &&
    sameTime(s.ctimeMs, st.ctimeMs)
  );
}

/** When the index file was written (ms); undefined when there is none yet: every entry is then hashed. */
function indexWrittenMs(indexPath: string): number | undefined {
  return lstatSync(indexPath, { throwIfNoEntry: false })?.mtimeMs;
}

/**
 * Modified in the same tick as the index was written, or after: the stat info cannot tell an
 * edit from the recorded state ("racily clean"), and git itself compares contents. A recorded
 * time without nanoseconds (a git built without them) is compared by whole seconds; the
 * microsecond of slack errs towards hashing.
 */
function isRacy(s: EntryStat, indexMs: number): boolean {
  return s.mtimeMs % 1000 === 0 ? s.mtimeMs >= Math.floor(indexMs / 1000) * 1000 : s.mtimeMs >= indexMs - 0.001;
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

/**
 * The index with each entry's recorded stat info, from `ls-files -z --stage --debug`: per entry
 * the stage line, a NUL, then five lines of stat info. Read byte by byte, not by regex: on a big
 * index the strings a regex would cut out cost more than the reading. That output is meant for
 * people and may change between git versions: when it does not parse, the caller lists the index
 * without stat info and every file is hashed, which is slower and still right.
 */
function parseDebug(out: Buffer): IndexEntry[] | undefined {
  const entries: IndexEntry[] = [];
  let at = 0;
  /** Consumes `text` (ASCII) at the cursor; false when it is not there. */
  const expect = (text: string): boolean => {
    for (let i = 0; i < text.length; i++) if (out[at + i] !== text.charCodeAt(i)) return false;
    at += text.length;
    return true;
  };
  /** A decimal number at the cursor, then `end`; NaN when there is none. */
  const number = (end: string): number => {
    let n = 0;
    const from = at;
    while (out[at]! >= 0x30 && out[at]! <= 0x39) n = n * 10 + out[at++]! - 0x30;
    return at > from && expect(end) ? n : NaN;
  };
  /** The bytes up to `stop`, decoded, the cursor after `stop`; undefined when `stop` never comes. */
  const upTo = (stop: number, encoding: 'latin1' | 'utf8'): string | undefined => {
    const i = out.indexOf(stop, at);
    if (i < 0) return undefined;
    const text = out.toString(encoding, at, i);
    at = i + 1;
    return text;
  };
  while (at < out.length) {
    const mode = upTo(0x20, 'latin1');
    const oid = upTo(0x20, 'latin1');
    const stage = number('\t');
    const path = upTo(0, 'utf8');
    if (mode?.length !== 6 || (oid?.length !== 40 && oid?.length !== 64) || Number.isNaN(stage) || path === undefined) return undefined;
    if (!expect('  ctime: ')) return undefined;
    const ctimeMs = number(':') * 1000 + number('\n') / 1e6;
    if (!expect('  mtime: ')) return undefined;
    const mtimeMs = number(':') * 1000 + number('\n') / 1e6;
    if (!expect('  dev: ') || Number.isNaN(number('\t')) || !expect('ino: ')) return undefined;
    const ino = number('\n');
    if (!expect('  uid: ')) return undefined;
    const uid = number('\t');
    if (!expect('gid: ')) return undefined;
    const gid = number('\n');
    if (!expect('  size: ')) return undefined;
    const size = number('\t');
    const nl = out.indexOf(0x0a, at);
    if (!expect('flags: ') || nl < 0) return undefined;
    at = nl + 1;
    if (Number.isNaN(ctimeMs + mtimeMs + ino + uid + gid + size)) return undefined;
    entries.push({ mode, oid, stage, path, stat: { ctimeMs, mtimeMs, ino, uid, gid, size } });
  }
  return entries;
}
