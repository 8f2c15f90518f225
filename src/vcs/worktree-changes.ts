import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, type BigIntStats } from 'node:fs';
import { join, resolve } from 'node:path';
import { git, nulList } from './git.js';

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
}

interface IndexEntry {
  mode: string;
  oid: string;
  stage: number;
  path: string;
  stat?: EntryStat;
}

/** What the index records of a file's stat, as `ls-files --debug` prints it (32-bit values). */
interface EntryStat {
  ctime: [number, number];
  mtime: [number, number];
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
export function changedSince(top: string, commit: string, opts: ChangedOptions): string[] {
  const out = new Set<string>();
  const isFile = (path: string): boolean => {
    try {
      return lstatSync(join(top, path)).isFile();
    } catch {
      return false; // deleted: nothing to scan
    }
  };
  // Index against the commit: object ids only.
  const staged = new Set(nulList(git(top, ['diff-index', '--cached', '-z', '--name-only', '--no-renames', '--diff-filter=ACMRT', '--ignore-submodules=all', commit, '--'])));
  const { entries, racyFrom } = readIndex(top);
  const unmerged = new Set(entries.filter((e) => e.stage !== 0).map((e) => e.path));
  for (const e of entries) {
    if (e.mode === GITLINK || !opts.wanted(e.path)) continue;
    if (staged.has(e.path) || unmerged.has(e.path)) {
      if (isFile(e.path)) out.add(e.path);
    } else if (workTreeDiffers(top, e, racyFrom, opts.hashLimit)) {
      out.add(e.path);
    }
  }
  for (const path of nulList(git(top, ['ls-files', '-z', '--others', '--exclude-standard']))) {
    if (opts.wanted(path) && isFile(path)) out.add(path);
  }
  return [...out].sort();
}

/** A stage-0 entry whose working-tree file is a regular file with other content than the index holds. */
function workTreeDiffers(top: string, e: IndexEntry, racyFrom: [number, number] | undefined, hashLimit: number): boolean {
  const abs = join(top, e.path);
  let st: BigIntStats;
  try {
    st = lstatSync(abs, { bigint: true });
  } catch {
    return false; // deleted, or not checked out (sparse)
  }
  if (!st.isFile()) return false;
  if (!REGULAR.has(e.mode)) return true; // a symbolic link became a file
  if (e.stat && racyFrom && statMatches(e.stat, st) && !isRacy(e.stat, racyFrom)) return false;
  if (st.size > BigInt(hashLimit)) return true;
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch {
    return true; // unreadable: the scan reports it
  }
  return blobId(bytes, e.oid.length === 64 ? 'sha256' : 'sha1') !== e.oid;
}

/** The object id git gives `bytes` stored as they are (no clean filter, no end-of-line conversion). */
export function blobId(bytes: Uint8Array, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const u32 = (n: bigint): number => Number(BigInt.asUintN(32, n));
const split = (ns: bigint): [number, number] => [u32(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];

/** Nanoseconds count only when git recorded them (a build without them records 0). */
const sameTime = (recorded: [number, number], actual: [number, number]): boolean =>
  recorded[0] === actual[0] && (recorded[1] === 0 || recorded[1] === actual[1]);

function statMatches(s: EntryStat, st: BigIntStats): boolean {
  return s.size === u32(st.size) && s.ino === u32(st.ino) && s.uid === u32(st.uid) && s.gid === u32(st.gid)
    && sameTime(s.mtime, split(st.mtimeNs)) && sameTime(s.ctime, split(st.ctimeNs));
}

/**
 * Modified in the same tick as the index was written, or after: the stat info cannot tell an
 * edit from the recorded state, so git itself compares contents ("racily clean").
 */
function isRacy(s: EntryStat, index: [number, number]): boolean {
  const [sec, nsec] = s.mtime;
  return sec > index[0] || (sec === index[0] && (nsec === 0 || nsec >= index[1]));
}

/**
 * The index with each entry's recorded stat info. `--debug` output is meant for people and may
 * change between git versions: when it does not parse, entries come without stat info and every
 * file is hashed, which is slower and still right.
 */
function readIndex(top: string): { entries: IndexEntry[]; racyFrom?: [number, number] } {
  const debug = parseDebug(git(top, ['ls-files', '-z', '--stage', '--debug']));
  const entries = debug ?? parseStage(git(top, ['ls-files', '-z', '--stage']));
  let racyFrom: [number, number] | undefined;
  try {
    const indexPath = resolve(top, git(top, ['rev-parse', '--git-path', 'index']).toString('utf8').trim());
    racyFrom = split(lstatSync(indexPath, { bigint: true }).mtimeNs);
  } catch {
    /* no index file yet: every entry is hashed */
  }
  return { entries, ...(racyFrom ? { racyFrom } : {}) };
}

const STAGE_LINE = /^(\d{6}) ([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d)\t([^]*)$/;
const DEBUG_BLOCK = /^ {2}ctime: (\d+):(\d+)\n {2}mtime: (\d+):(\d+)\n {2}dev: \d+\tino: (\d+)\n {2}uid: (\d+)\tgid: (\d+)\n {2}size: (\d+)\tflags: [0-9a-f]+\n/;

function parseStage(out: Buffer): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const line of nulList(out)) {
    const m = STAGE_LINE.exec(line);
    if (m) entries.push({ mode: m[1]!, oid: m[2]!, stage: Number(m[3]), path: m[4]! });
  }
  return entries;
}

function parseDebug(out: Buffer): IndexEntry[] | undefined {
  const entries: IndexEntry[] = [];
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf(0, at);
    if (nul < 0) return undefined;
    const m = STAGE_LINE.exec(out.toString('utf8', at, nul));
    // The block is ASCII and ends at its fifth newline.
    let end = nul + 1;
    for (let i = 0; i < 5 && end > 0; i++) end = out.indexOf(0x0a, end) + 1;
    const d = end > 0 ? DEBUG_BLOCK.exec(out.toString('latin1', nul + 1, end)) : null;
    if (!m || !d) return undefined;
    const n = d.slice(1).map(Number);
    entries.push({
      mode: m[1]!, oid: m[2]!, stage: Number(m[3]), path: m[4]!,
      stat: { ctime: [n[0]!, n[1]!], mtime: [n[2]!, n[3]!], ino: n[4]!, uid: n[5]!, gid: n[6]!, size: n[7]! },
    });
    at = end;
  }
  return entries;
}
