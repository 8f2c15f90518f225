import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { AdapterContext } from '../adapters/adapter.js';
import type { SourceFile } from '../discover/source-file.js';
import { readBytes } from '../discover/read-source.js';
import { RecentlyUsed } from '../cache/recently-used.js';
import { toSourceFile } from './prefilter-file.js';
import { ScanMemo } from '../adapters/scan-memo.js';

/**
 * What adapters may read besides their own file: other files of the repository, for following
 * imports. Only regular files inside the current folder, never through a symbolic link that
 * leads out; each read once per thread.
 */
export function makeAdapterContext(
  cwd: string,
  discovered: ReadonlySet<string>,
  maxBytes: number,
  /** Text kept of the files read; 0 for a context that reads each file once (a reader thread judging files). */
  cachedTextChars = CACHED_TEXT_CHARS,
): AdapterContext {
  const cache = new RecentlyUsed<string, SourceFile | null>(cachedTextChars, charsOf);
  let realCwd = cwd;
  try {
    realCwd = realPath(cwd);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    /* keep cwd */
  }
  const normalize = (p: string): string | undefined => {
    // Adapters ask with paths they built from repository paths: most are already in this form.
    if (sep === '/' && PLAIN_RELATIVE.test(p)) return p;
    const abs = resolve(cwd, p);
    const rel = relative(cwd, abs);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  };
  // Asked again and again while imports and entry points are followed (a module is probed as
  // `m.py`, `m/__init__.py`, ... from every importer): each path costs its system calls once.
  const inside = new Map<string, boolean>();
  const isRegularInside = (rel: string): boolean => {
    let known = inside.get(rel);
    if (known === undefined) inside.set(rel, (known = checkRegularInside(rel)));
    return known;
  };
  // Most probes miss (`m.tsx`, `m/index.js`, `m/__init__.py` beside `m.py`): a folder's listing,
  // read once, answers them all without a system call each. A name it holds is checked as before.
  const listings = new Map<string, ReadonlySet<string> | null>();
  const listed = (dir: string): ReadonlySet<string> | null => {
    let names = listings.get(dir);
    if (names === undefined) {
      if (listings.size >= MAX_LISTED_FOLDERS) listings.clear();
      // A folder that its parent's listing does not hold is not there: no system call, and no
      // error to build, for each of the many folders an import is probed in (`m/__init__.py`).
      const slash = dir.lastIndexOf('/');
      const parent = dir === '' ? null : listed(slash < 0 ? '' : dir.slice(0, slash));
      if (parent !== null && !parent.has(foldCase(dir.slice(slash + 1)))) {
        listings.set(dir, NOTHING);
        return NOTHING;
      }
      try {
        names = new Set(readdirSync(resolve(cwd, dir)).map(foldCase));
      } catch (e) {
        rethrowUnless(e, isExpectedIoError);
        // No such folder: nothing in it. Other trouble (permissions) leaves each path to its own check.
        const code = (e as NodeJS.ErrnoException).code;
        names = code === 'ENOENT' || code === 'ENOTDIR' ? new Set() : null;
      }
      listings.set(dir, names);
    }
    return names;
  };
  const checkRegularInside = (rel: string): boolean => {
    const slash = rel.lastIndexOf('/');
    const names = listed(slash < 0 ? '' : rel.slice(0, slash));
    if (names !== null && !names.has(foldCase(rel.slice(slash + 1)))) return false;
    try {
      const abs = resolve(cwd, rel);
      // Most paths asked about are probes that miss (`m.tsx`, `m/index.js`): no error to build for those.
      if (lstatSync(abs, { throwIfNoEntry: false })?.isFile() !== true) return false;
      const real = realPath(abs);
      const r = relative(realCwd, real);
      return !!r && !r.startsWith('..') && !isAbsolute(r);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      return false;
    }
  };
  return {
    memo: new ScanMemo(),
    fileExists(p) {
      const rel = normalize(p);
      return rel !== undefined && (discovered.has(rel) || isRegularInside(rel));
    },
    readRepoFile(p) {
      const rel = normalize(p);
      if (rel === undefined) return undefined;
      const cached = cache.get(rel);
      if (cached !== undefined) return cached ?? undefined;
      let file: SourceFile | undefined;
      if (discovered.has(rel) || isRegularInside(rel)) {
        const abs = resolve(cwd, rel);
        const read = readBytes(abs, maxBytes);
        if (read.kind === 'bytes') file = toSourceFile({ rel, abs }, read.bytes);
      }
      cache.set(rel, file ?? null);
      return file;
    },
  };
}

/**
 * The system's realpath: one call, where Node's own looks at each folder of the path in turn (a
 * few percent of the CPU of a dbt-heavy scan went there). Node's is the fallback where the
 * system's fails (musl without /proc); a path that is not there fails both.
 */
function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return realpathSync(path);
  }
}

/** A relative POSIX path with nothing to resolve: no `.` or `..` segment, no empty one, no leading `/`. */
const PLAIN_RELATIVE = /^(?:(?!\.\.?(?:\/|$))[^/\0]+\/)*(?!\.\.?$)[^/\0]+$/;

/** Names compared as the file system does: without case on macOS and Windows, where `./Client` opens `client.js`. */
const foldCase: (name: string) => string =
  process.platform === 'darwin' || process.platform === 'win32' ? (n) => n.toLowerCase() : (n) => n;

const NOTHING: ReadonlySet<string> = new Set();

/** Folder listings kept for probes; past this many the cache starts again (a listing is cheap to read). */
const MAX_LISTED_FOLDERS = 4096;

/** A path's share of the cap: its text, or a little for an answer that there is none. */
const charsOf = (file: SourceFile | null): number => (file ? file.text.length : 64);

/**
 * Text kept of the files adapters read besides their own, per context: the imports of the next
 * files most likely need them again.
 */
const CACHED_TEXT_CHARS = 8 * 1024 * 1024;
