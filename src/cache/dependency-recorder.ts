import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { AdapterContext } from '../adapters/adapter.js';
import type { FileKey, FactsCache } from './facts-cache.js';

/** An absolute path, a `.` or `..` segment, or an empty one. */
const NEEDS_RESOLVE = /^\/|(?:^|\/)\.{1,2}(?:\/|$)|\/\//;

/**
 * Notes which other files an adapter reads or looks for while it extracts one file (an imported
 * module), and what each looked like, so that the file's cached facts are taken again when one of
 * them changes. Extraction runs one file at a time in this thread, so one open record suffices.
 */
export class DependencyRecorder {
  private current: Map<string, FileKey> | undefined;
  /** The scanned folder, absolute, with a trailing separator. */
  private readonly base: string;

  constructor(
    private readonly cache: FactsCache,
    private readonly cwd: string,
  ) {
    const abs = resolve(cwd);
    this.base = abs.endsWith(sep) ? abs : abs + sep;
  }

  /** The absolute path of a relative one: a concatenation for a plain path below the folder (resolve walks every segment). */
  readonly absOf = (rel: string): string => (sep === '/' && !NEEDS_RESOLVE.test(rel) ? this.base + rel : resolve(this.cwd, rel));

  /** `ctx`, with every file it is asked about recorded against the file being extracted. */
  wrap(ctx: AdapterContext): AdapterContext {
    const note = (p: string): void => {
      if (!this.current) return;
      const rel = relative(this.cwd, resolve(this.cwd, p)).split(sep).join('/');
      if (!rel || rel.startsWith('..') || isAbsolute(rel)) return;
      if (!this.current.has(rel)) this.current.set(rel, this.cache.keyOf(rel, this.absOf(rel)));
    };
    return {
      readRepoFile: (p) => {
        note(p);
        return ctx.readRepoFile(p);
      },
      fileExists: (p) => {
        note(p);
        return ctx.fileExists(p);
      },
    };
  }

  begin(): void {
    this.current = new Map();
  }

  end(): ReadonlyMap<string, FileKey> {
    const out = this.current ?? new Map<string, FileKey>();
    this.current = undefined;
    return out;
  }
}
