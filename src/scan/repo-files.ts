import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { AdapterContext } from '../adapters/adapter.js';
import type { SourceFile } from '../discover/source-file.js';
import { readBytes } from '../discover/read-source.js';
import { RecentlyUsed } from '../cache/recently-used.js';
import { toSourceFile } from './prefilter-file.js';

/**
 * What adapters may read besides their own file: other files of the repository, for following
 * imports. Only regular files inside the current folder, never through a symbolic link that
 * leads out; each read once per thread.
 */
export function makeAdapterContext(cwd: string, discovered: ReadonlySet<string>, maxBytes: number): AdapterContext {
  const cache = new RecentlyUsed<string, SourceFile | null>(CACHED_TEXT_CHARS, charsOf);
  let realCwd = cwd;
  try {
    realCwd = realpathSync(cwd);
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
  const checkRegularInside = (rel: string): boolean => {
    try {
      const abs = resolve(cwd, rel);
      // Most paths asked about are probes that miss (`m.tsx`, `m/index.js`): no error to build for those.
      if (lstatSync(abs, { throwIfNoEntry: false })?.isFile() !== true) return false;
      const real = realpathSync(abs);
      const r = relative(realCwd, real);
      return !!r && !r.startsWith('..') && !isAbsolute(r);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      return false;
    }
  };
  return {
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

/** A relative POSIX path with nothing to resolve: no `.` or `..` segment, no empty one, no leading `/`. */
const PLAIN_RELATIVE = /^(?:(?!\.\.?(?:\/|$))[^/\0]+\/)*(?!\.\.?$)[^/\0]+$/;

/** A path's share of the cap: its text, or a little for an answer that there is none. */
const charsOf = (file: SourceFile | null): number => (file ? file.text.length : 64);

/**
 * Text kept of the files adapters read besides their own, per context: the imports of the next
 * files most likely need them again.
 */
const CACHED_TEXT_CHARS = 8 * 1024 * 1024;
