import type { IndexEntry } from './index-stat.js';

// git's index file read as it lies on disk (git's Documentation/gitformat-index.txt, versions 2 to
// 4), for the facts cache: on a big repository, `git ls-files --stage --debug` prints several times
// the index's size as text, and parsing that text was most of what a warm pre-commit run spent
// before its first lookup. Reading a file runs nothing and hashes nothing, like that plumbing.
//
// Only what this reader is sure to read as git does is read: any other layout (another version, a
// split index whose entries live in a shared file, a sparse index whose folders git would expand,
// SHA-256 object ids, a truncated or damaged file) gives undefined, and the caller asks git.

const HEADER_BYTES = 12;
const SHA1_BYTES = 20;
/** ctime, mtime (seconds and nanoseconds each), dev, ino, mode, uid, gid, size: ten 32-bit fields. */
const STAT_BYTES = 40;
const FLAGS_BYTES = 2;
const EXTENDED_FLAG = 0x4000;
/** In the extended flags (version 3 on). */
const SKIP_WORKTREE_FLAG = 0x4000;
const NAME_MASK = 0x0fff;
/** Extensions whose entries this reader cannot see: the split index's link, the sparse index's marker. */
const UNREADABLE_EXTENSIONS = new Set(['link', 'sdir']);
const DIRECTORY_MODE = 0o040000;

/**
 * The entries of an index file, all stages, in file order, with their stat info as
 * `ls-files --debug` gives it; undefined when the file is not one this reader takes.
 */
export function parseIndexFile(buf: Buffer): IndexEntry[] | undefined {
  if (buf.length < HEADER_BYTES + SHA1_BYTES || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buf.readUInt32BE(8);
  const end = buf.length - SHA1_BYTES;
  const entries: IndexEntry[] = [];
  // Read once per run, mostly before the JIT has a say: DataView's reads are built-ins, where
  // Buffer's readUInt32BE is a function call each, eight of them an entry.
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = HEADER_BYTES;
  let previous: Buffer = Buffer.alloc(0);
  for (let n = 0; n < count; n++) {
    const start = at;
    if (at + STAT_BYTES + SHA1_BYTES + FLAGS_BYTES > end) return undefined;
    const mode = view.getUint32(start + 24);
    if ((mode & 0o170000) === DIRECTORY_MODE) return undefined;
    at += STAT_BYTES;
    const oid = buf.toString('hex', at, at + SHA1_BYTES);
    at += SHA1_BYTES;
    const flags = view.getUint16(at);
    at += FLAGS_BYTES;
    let skipWorktree = false;
    if (flags & EXTENDED_FLAG) {
      if (version < 3) return undefined;
      skipWorktree = (view.getUint16(at) & SKIP_WORKTREE_FLAG) !== 0;
      at += 2;
    }
    let path: string;
    let pathBytes: number;
    if (version === 4) {
      // The name is the previous one less its last `strip` bytes, then what follows up to a NUL.
      const varint = readVarint(buf, at, end);
      if (!varint || varint.value > previous.length) return undefined;
      at = varint.next;
      const nul = buf.indexOf(0, at);
      if (nul < 0 || nul >= end) return undefined;
      previous = Buffer.concat([previous.subarray(0, previous.length - varint.value), buf.subarray(at, nul)]);
      path = previous.toString('utf8');
      pathBytes = previous.length;
      at = nul + 1;
    } else {
      const nul = buf.indexOf(0, at);
      if (nul < 0 || nul >= end) return undefined;
      path = buf.toString('utf8', at, nul);
      pathBytes = nul - at;
      // One to eight NULs pad the entry to a multiple of eight bytes.
      at = start + ((nul - start + 8) & ~7);
      if (at > end) return undefined;
      for (let i = nul; i < at; i++) if (buf[i] !== 0) return undefined;
    }
    // The recorded name length (capped at 0xfff) must be the name's: a check that the layout is read right.
    if ((flags & NAME_MASK) !== Math.min(pathBytes, NAME_MASK) || pathBytes === 0) return undefined;
    const entry: IndexEntry = {
      mode: modeText(mode),
      oid,
      stage: (flags >> 12) & 3,
      path,
      stat: {
        ctimeMs: view.getUint32(start) * 1000 + view.getUint32(start + 4) / 1e6,
        mtimeMs: view.getUint32(start + 8) * 1000 + view.getUint32(start + 12) / 1e6,
        ino: view.getUint32(start + 20),
        uid: view.getUint32(start + 28),
        gid: view.getUint32(start + 32),
        size: view.getUint32(start + 36),
      },
    };
    if (skipWorktree) entry.skipWorktree = true;
    entries.push(entry);
  }
  // Extensions, each a signature and a length, fill what is left before the checksum exactly.
  while (at < end) {
    if (at + 8 > end) return undefined;
    const signature = buf.toString('latin1', at, at + 4);
    if (UNREADABLE_EXTENSIONS.has(signature)) return undefined;
    at += 8 + buf.readUInt32BE(at + 4);
  }
  return at === end ? entries : undefined;
}

/** A mode as `ls-files` prints it (`100644`): a repository has a handful, each written once. */
const modeTexts = new Map<number, string>();
function modeText(mode: number): string {
  let text = modeTexts.get(mode);
  if (text === undefined) modeTexts.set(mode, (text = mode.toString(8).padStart(6, '0')));
  return text;
}

/** git's varint of index version 4 (varint.c): seven bits a byte, each continuation adding one. */
function readVarint(buf: Buffer, at: number, end: number): { value: number; next: number } | undefined {
  if (at >= end) return undefined;
  let c = buf[at++]!;
  let value = c & 127;
  while (c & 128) {
    if (at >= end || value > 0x00ff_ffff) return undefined;
    c = buf[at++]!;
    value = ((value + 1) << 7) + (c & 127);
  }
  return { value, next: at };
}
