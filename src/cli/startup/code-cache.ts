import { isExpectedIoError, isParseError, rethrowUnless } from '../../errors.js';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { RunProfile } from './run-profile.js';

// V8's compiled code for the CLI's bundle and for the parsers it loads, kept between runs. A
// pre-commit run of five files otherwise spends most of its time compiling JavaScript (the
// bundle, then Babel's parser function by function) that is the same on every run.
//
// A cache file is trusted for nothing but V8 code, and only when it is exactly what this
// process would have produced: the header names the Node and V8 versions, the architecture, the
// V8 flags and the source file (path, size, inode, modification and change times: a reinstalled
// or edited file has a new change time, which no tool can set back), and carries a digest of the
// payload, so a truncated, corrupt or foreign file is ignored. That digest matters: V8 checks
// its own version, flags and the source's length, but not its data, and corrupt data crashes
// the process. V8 may still reject the data (script.cachedDataRejected); then the source is
// compiled as usual. Writing never fails a run: files go to a temporary name and are renamed
// into place, so concurrent runs leave one whole file, and any error is swallowed.

const MAGIC = Buffer.from('dbt-token-scan v8 code cache 1\n', 'latin1');
/** Longest header accepted: a few short strings; anything longer is not ours. */
const MAX_HEADER = 4096;

const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_TAIL = '\n})';

interface CacheHeader {
  node: string;
  v8: string;
  arch: string;
  flags: string;
  /** The source file, by path and metadata (digesting a 1.2 MB bundle would cost what the cache saves). */
  source: string;
  bytes: number;
  payload: string;
}

/** One folder that may hold cache files. */
export interface CacheDir {
  path: string;
  /** Files are read from it only when the folder is this user's and not writable by others. */
  mustBeOwn: boolean;
}

/**
 * Where the cache lives: DTS_CODE_CACHE names a folder, or `off` (or 0) turns the cache off;
 * by default the package's own node_modules/.cache/dbt-token-scan/v8, and when that cannot be
 * written (a read-only install) the user's cache folder (XDG_CACHE_HOME or ~/.cache). Never a
 * folder of the repository being scanned: its files are not ours to run.
 */
export function codeCacheDirs(packageRoot: string, env: NodeJS.ProcessEnv): CacheDir[] {
  const setting = env.DTS_CODE_CACHE?.trim();
  if (setting === 'off' || setting === '0') return [];
  if (setting) return [{ path: setting, mustBeOwn: false }];
  const dirs: CacheDir[] = [{ path: join(packageRoot, 'node_modules', '.cache', 'dbt-token-scan', 'v8'), mustBeOwn: false }];
  let userCache = env.XDG_CACHE_HOME;
  if (!userCache) {
    try {
      userCache = join(homedir(), '.cache');
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      userCache = undefined;
    }
  }
  if (userCache) dirs.push({ path: join(userCache, 'dbt-token-scan', 'v8'), mustBeOwn: true });
  return dirs;
}

// SHA-1 for speed (twice SHA-256's on this data): it guards against accidents; whoever can write
// the cache folder can write the package itself.
const digest = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex');

/** The source file's identity: path and metadata, in nanoseconds. */
function sourceIdentity(filename: string, fd: number): string {
  const st = fstatSync(fd, { bigint: true });
  return [filename, st.size, st.dev, st.ino, st.mtimeNs, st.ctimeNs].join(':');
}

interface Compiled {
  filename: string;
  script: Script;
  sourceId: string;
  /** V8 took code from the cache: nothing to write for this file. */
  fromCache: boolean;
  /** A valid cache file was found, but V8 would not take it. */
  rejected: boolean;
  /** Time V8 took to compile or deserialize it. */
  ms: number;
}

export class CodeCache {
  private readonly compiled: Compiled[] = [];
  private readonly loaded = new Map<string, unknown>();

  constructor(
    private readonly dirs: readonly CacheDir[],
    /** The V8 flags in force, part of the key. */
    private readonly flags: string,
    /** The kind of run, which has a cache of its own (src/cli/startup/run-profile.ts). */
    private readonly profile: RunProfile = 'short',
  ) {}

  /**
   * Loads a CommonJS file as Node would (module, exports, require relative to the file), its
   * code taken from the cache when there is a valid entry. Loaded once per process. The file
   * must not use import(): a vm.Script has no module loader (the build checks the bundle).
   */
  require(filename: string): unknown {
    if (this.loaded.has(filename)) return this.loaded.get(filename);
    const fd = openSync(filename, 'r');
    let source: string;
    let sourceId: string;
    try {
      sourceId = this.dirs.length ? sourceIdentity(filename, fd) : '';
      source = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    // A bundle's #! line is not valid inside a function; `//` keeps the line numbers.
    const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
    const wrapped = WRAP_HEAD + body + WRAP_TAIL;
    const cachedData = this.dirs.length ? this.read(filename, sourceId) : undefined;
    const started = performance.now();
    const script = new Script(wrapped, {
      filename,
      ...(cachedData ? { cachedData } : {}),
    });
    const rejected = cachedData !== undefined && script.cachedDataRejected === true;
    this.compiled.push({
      filename,
      script,
      sourceId,
      fromCache: cachedData !== undefined && !rejected,
      rejected,
      ms: performance.now() - started,
    });
    const module = { exports: {} as unknown, filename, id: filename, loaded: false };
    const fn = script.runInThisContext() as (...args: unknown[]) => void;
    // Marked as loaded before it runs: a file that requires itself again gets the same module.
    this.loaded.set(filename, module.exports);
    fn.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
    module.loaded = true;
    this.loaded.set(filename, module.exports);
    return module.exports;
  }

  /** One line per file loaded, for DTS_TIMING: from the cache, or compiled (and why). */
  report(): string[] {
    return this.compiled.map(
      (c) =>
        `code cache ${basename(c.filename)}: ${c.fromCache ? 'used' : c.rejected ? 'rejected by V8' : this.dirs.length ? 'none' : 'off'}, ${c.ms.toFixed(0)} ms`,
    );
  }

  /** Writes the code of every file that was compiled from source this run. Never throws. */
  save(): void {
    for (const c of this.compiled) {
      if (c.fromCache) continue;
      try {
        this.write(c);
      } catch (e) {
        rethrowUnless(e, isExpectedIoError);
        // A cache is an optimisation: a run that cannot write it is still a good run.
      }
    }
  }

  private fileName(filename: string): string {
    return `${basename(filename)}-${digest(filename).slice(0, 16)}${this.profile === 'short' ? '' : `.${this.profile}`}.v8`;
  }

  private header(sourceId: string, payload: Buffer): CacheHeader {
    return {
      node: process.version,
      v8: process.versions.v8,
      arch: process.arch,
      flags: this.flags,
      source: sourceId,
      bytes: payload.length,
      payload: digest(payload),
    };
  }

  private read(filename: string, sourceId: string): Buffer | undefined {
    const name = this.fileName(filename);
    for (const dir of this.dirs) {
      let data: Buffer;
      try {
        if (dir.mustBeOwn && !isOwnPrivateDir(dir.path)) continue;
        data = readFileSync(join(dir.path, name));
      } catch (e) {
        rethrowUnless(e, isExpectedIoError);
        continue;
      }
      const payload = this.validPayload(data, sourceId);
      if (payload) return payload;
    }
    return undefined;
  }

  /** The V8 data in `data` when the file is whole, ours and made for this source and process. */
  private validPayload(data: Buffer, sourceId: string): Buffer | undefined {
    if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const headerLength = data.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4;
    if (headerLength > MAX_HEADER || start + headerLength > data.length) return undefined;
    let header: Partial<CacheHeader>;
    try {
      header = JSON.parse(data.toString('utf8', start, start + headerLength)) as Partial<CacheHeader>;
    } catch (e) {
      rethrowUnless(e, isParseError);
      return undefined;
    }
    const payload = data.subarray(start + headerLength);
    // The cheap fields first: a foreign file is turned down before its payload is digested.
    if (header.source !== sourceId || header.bytes !== payload.length || header.flags !== this.flags || header.node !== process.version)
      return undefined;
    const expected = this.header(sourceId, payload);
    const same = (Object.keys(expected) as (keyof CacheHeader)[]).every((k) => header[k] === expected[k]);
    return same ? payload : undefined;
  }

  private write(c: Compiled): void {
    const payload = c.script.createCachedData();
    if (payload.length === 0) return;
    const header = Buffer.from(JSON.stringify(this.header(c.sourceId, payload)), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const data = Buffer.concat([MAGIC, length, header, payload]);
    const name = this.fileName(c.filename);
    for (const dir of this.dirs) {
      const tmp = join(dir.path, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
      try {
        mkdirSync(dir.path, { recursive: true, mode: 0o700 });
        if (dir.mustBeOwn && !isOwnPrivateDir(dir.path)) continue;
        writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
        // Atomic: a concurrent reader sees the old file or this one, never a part.
        renameSync(tmp, join(dir.path, name));
        return;
      } catch (e) {
        rethrowUnless(e, isExpectedIoError);
        try {
          rmSync(tmp, { force: true });
        } catch (e) {
          rethrowUnless(e, isExpectedIoError);
          // Nothing was written there.
        }
      }
    }
  }
}

/** A folder of this user's that no one else can write to (always true where there are no uids). */
function isOwnPrivateDir(path: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  const st = statSync(path);
  return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0;
}
