import { lstatSync, type Stats } from 'node:fs';

// What git's index records of each tracked file: its object id, and the stat info it had when git
// last looked at it (read by src/vcs/index-view.ts with plumbing that never looks at the working
// tree, so no filter of the repository's config runs). A file whose stat info is the recorded one,
// and not racily so, still holds the indexed content, as git itself tells it. No git runs here:
// the facts cache uses these comparisons on every run, git or not.

export interface IndexEntry {
  mode: string;
  oid: string;
  stage: number;
  path: string;
  stat?: EntryStat;
  /** Not in the working tree of a sparse checkout (known only when the index file is read directly). */
  skipWorktree?: true;
}

/**
 * What the index records of a file's stat, as `ls-files --debug` prints it: 32-bit values, times
 * in milliseconds (from git's seconds and nanoseconds).
 */
export interface EntryStat {
  ctimeMs: number;
  mtimeMs: number;
  ino: number;
  uid: number;
  gid: number;
  size: number;
}

/**
 * The index with each entry's recorded stat info, from `ls-files -z --stage --debug`: per entry
 * the stage line, a NUL, then five lines of stat info. Read byte by byte, not by regex: on a big
 * index the strings a regex would cut out cost more than the reading. That output is meant for
 * people and may change between git versions: when it does not parse, the caller lists the index
 * without stat info and every file is hashed, which is slower and still right.
 */
export function parseDebug(out: Buffer): IndexEntry[] | undefined {
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
export function statMatches(s: EntryStat, st: Stats): boolean {
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
export function indexWrittenMs(indexPath: string): number | undefined {
  return lstatSync(indexPath, { throwIfNoEntry: false })?.mtimeMs;
}

/**
 * Modified in the same tick as the index was written, or after: the stat info cannot tell an
 * edit from the recorded state ("racily clean"), and git itself compares contents. A recorded
 * time without nanoseconds (a git built without them) is compared by whole seconds; the
 * microsecond of slack errs towards hashing.
 */
export function isRacy(s: EntryStat, indexMs: number): boolean {
  return s.mtimeMs % 1000 === 0 ? s.mtimeMs >= Math.floor(indexMs / 1000) * 1000 : s.mtimeMs >= indexMs - 0.001;
}
