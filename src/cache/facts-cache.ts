import { isExpectedIoError, isParseError, rethrowUnless } from '../errors.js';
import { createHash, createHmac } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { userCacheDir } from './user-cache-dir.js';
import { fileURLToPath } from 'node:url';
import { redactTokens } from '../findings/redact.js';
import type { FileResult } from '../model/extracted.js';
import { WORKFLOWS, type Workflow } from '../model/vocabulary.js';
import { TOOL_VERSION } from '../version.js';
import { cacheSigningKey } from './signing-key.js';
import { isRacy, statMatches, type IndexEntry } from '../vcs/index-stat.js';
import type { IndexView } from '../vcs/index-view.js';

// `--cache`: the facts each file gave, kept between runs, so that a re-scan reads and parses only
// the files that changed. Linking, classification and rules run again on every run over cached
// and fresh facts alike, so a warm scan reports what a cold one does.
//
// A file's entry is valid while the file looks the same: its size, modification and change times
// and inode (`metadata`, as ESLint's default), or its content's hash (`content`); and while every
// other file its adapter read (an imported module) looks the same too. The whole cache is
// dropped when the tool, the config or the size limit differ from the run that wrote it.
//
// The file is input from disk like any other, so it is trusted only if this user wrote it: it is
// signed with a key kept in the user's own cache folder, and one that is corrupt, truncated,
// unsigned or signed by another key is ignored with a note. It holds only what reports may hold:
// its text passes the reporters' last redaction (a file whose name that changes is simply not
// found in it again).

export type CacheStrategy = 'metadata' | 'content';

/**
 * A file read and found to hold nothing: the cache keeps only its key, and a warm run leaves it out
 * of the results, as a reader thread leaves out a file it drops.
 */
export const holdsNothing = (r: FileResult): boolean =>
  r.scanned && !r.error && !r.cuts.length && !r.adapter && !r.callSites.length && !r.tokenSites.length;

/** What a file looked like when its facts were taken: compared, never parsed. */
export type FileKey = string;

interface Entry {
  key: FileKey;
  /**
   * Other files the adapter read or looked for, and what they looked like then ('' = absent): as
   * indexes into the cache's table of such pairs (FactsCache.depPairs). The same few thousand
   * files (a tsconfig.json above, an import's probes) stand behind most entries of a repository.
   */
  deps: number[];
  /** The facts, null for a file read and found to hold nothing. */
  result: FileResult | null;
}

/**
 * Which workflow reaches which file (src/scan/entry-reach.ts), as the last run worked it out: valid
 * for a run whose file list and facts hash to `digest` while every file the reach read or looked
 * for (`deps`: its path and what it looked like, '' = absent) looks the same. Kept in a small file
 * of its own beside the cache (REACH_MAGIC), so that a run that only works out another reach (a
 * pre-commit run's new staged files) writes a few KB, not the whole cache.
 */
export interface KeptReach {
  digest: string;
  deps: [string, FileKey][];
  workflows: [string, Workflow][];
  startedContainers: string[];
}

/** What the JSON line holds: each dependency once, and the entries that refer to them. */
interface Stored {
  deps: [string, FileKey][];
  entries: Record<string, Entry>;
}

/**
 * The file, after the magic line and the signature line: the setting line, one JSON line with
 * the entries that hold facts or dependencies (Stored), then one `path<TAB>key` line per file read
 * and found to hold nothing (most of a repository) — lines, not JSON objects, because those are
 * most of the load time. A path with a tab or a line break in its name goes in the JSON line.
 */
const MAGIC = 'dbt-token-scan-facts-cache 3\n';
/** The reach's file (`<cache>.reach`): this magic line, the signature line, the setting line, one JSON line. */
const REACH_MAGIC = 'dbt-token-scan-reach 1\n';
/** Magic lines of earlier formats: a cache from an older tool, dropped without a note like any other tool's. */
const OLDER_MAGIC = ['dbt-token-scan-facts-cache 1\n', 'dbt-token-scan-facts-cache 2\n'];
/** Far beyond what any repository's facts take; a bigger file is not read. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;
/**
 * Changed files that held nothing and still do, left for the next run to read again rather than
 * written: on a tree of 30,000 files a rewrite costs about what reading a few hundred small files does.
 */
const MAX_READ_AGAIN = 16;
/** Files taken (read from the cache file, or looked at) between turns of the event loop, so that a git listing started before keeps flowing. */
const LINES_PER_TURN = 4000;
const PLAIN_NAME = /^[^\t\n\r]+$/;

/** The build that runs: a rebuilt bundle is another tool, even with the same version number. */
function buildStamp(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${st.size}:${st.mtimeMs}`;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return '';
  }
}

export interface FactsCacheOptions {
  /** The cache file. */
  file: string;
  strategy: CacheStrategy;
  /** Everything besides a file itself that its facts depend on (config, size limit). */
  setting: string;
  /** Where notes go (an ignored cache file, a failed write). */
  note: (message: string) => void;
}

export class FactsCache {
  private readonly setting: string;
  private readonly old = new Map<string, Entry>();
  /** Files that held nothing and read no other file, by path: their key alone. */
  private readonly oldEmpty = new Map<string, FileKey>();
  private readonly fresh = new Map<string, Entry>();
  private readonly freshEmpty = new Map<string, FileKey>();
  /** Keys taken this run, by relative path: a file is looked at once however often it is asked about. */
  private readonly keys = new Map<string, FileKey>();
  /** Every dependency (path and key) that an entry refers to, each once, and where each is in the table. */
  private readonly depPairs: [string, FileKey][] = [];
  private readonly depIndex = new Map<string, number>();
  /** Whether each dependency still looks as it did, once asked. */
  private readonly depHolds: (boolean | undefined)[] = [];
  /** The reach of the run that wrote the cache, and the one this run worked out (or took from it). */
  private oldReach: KeptReach | undefined;
  private freshReach: KeptReach | undefined;
  hits = 0;
  misses = 0;
  /** Files read again that held nothing before and hold nothing now (a comment added to a README). */
  private emptyAgain = 0;

  /** Facts of an earlier run apply: most files will not be read. */
  get warm(): boolean {
    return this.old.size + this.oldEmpty.size > 0;
  }

  /**
   * The cache at `opts.file`, read without holding the thread for long: a git listing started
   * before (its output piped to this process) keeps flowing while the cache loads.
   */
  static async open(opts: FactsCacheOptions): Promise<FactsCache> {
    const cache = new FactsCache(opts);
    await cache.load();
    cache.loadReach();
    return cache;
  }

  private constructor(private readonly opts: FactsCacheOptions) {
    this.setting = createHash('sha256').update(`${TOOL_VERSION}\0${buildStamp()}\0${opts.strategy}\0${opts.setting}`).digest('base64url');
  }

  /**
   * In a git work tree: a file whose stat info is what git's index recorded (and not racily so)
   * holds the indexed content, and is known by its object id. That key survives what changes
   * metadata alone (a checkout of another branch and back, a fresh clone in CI with the cache
   * restored); any other file is known by its metadata.
   */
  keyByGitIndex(view: IndexView, pathFromTop: (rel: string) => string | undefined): void {
    if (this.opts.strategy === 'metadata') this.gitIndex = { view, pathFromTop };
  }

  private gitIndex: { view: IndexView; pathFromTop: (rel: string) => string | undefined } | undefined;

  /**
   * --staged: the commit is what git's index holds, so a file the index lists is looked up by its
   * object id there, without looking at the working tree (a pre-commit run on a big repository
   * spent most of its time on one lstat per file). Facts taken this run are still stored under what
   * the file looked like when read.
   */
  lookUpByIndex(): void {
    this.byIndex = this.gitIndex !== undefined;
  }

  private byIndex = false;

  /** The key a cached entry must have to apply: the index's object id under lookUpByIndex, else what the file looks like. */
  private lookupKey(rel: string, abs: string): FileKey {
    if (this.byIndex) {
      const path = this.gitIndex!.pathFromTop(rel);
      const e = path === undefined ? undefined : this.gitIndex!.view.entries.get(path);
      if (e && e.stage === 0 && REGULAR_MODES.has(e.mode)) return `g:${e.oid}`;
    }
    return this.keyOf(rel, abs);
  }

  /** What `abs` looks like now; '' when it is not a regular file. */
  keyOf(rel: string, abs: string): FileKey {
    let key = this.keys.get(rel);
    if (key !== undefined) return key;
    key = this.opts.strategy === 'content' ? contentKey(abs) : metadataKey(abs, this.indexEntryOf(rel));
    this.keys.set(rel, key);
    return key;
  }

  private indexEntryOf(rel: string): { entry: IndexEntry; writtenMs: number } | undefined {
    const git = this.gitIndex;
    if (!git || git.view.writtenMs === undefined) return undefined;
    const path = git.pathFromTop(rel);
    const entry = path === undefined ? undefined : git.view.entries.get(path);
    return entry && { entry, writtenMs: git.view.writtenMs };
  }

  /**
   * Looks at every file the cache knows, ahead of the walk: while git lists the tree, so that the
   * walk's lookups find each key taken. A key taken early is safe: a file that changes after it
   * is read again on the next run, never trusted.
   */
  async takeKeysAhead(absOf: (rel: string) => string): Promise<void> {
    // Looked up by the index's object ids: nothing to look at ahead.
    if (this.byIndex) return;
    let n = 0;
    for (const known of [this.oldEmpty.keys(), this.old.keys()]) {
      for (const rel of known) {
        this.keyOf(rel, absOf(rel));
        if (++n % LINES_PER_TURN === 0) await new Promise<void>((r) => setImmediate(r));
      }
    }
  }

  /**
   * Keeps the entry of a file this run reads from elsewhere (--staged: from git's index), so
   * that its working-tree copy, not looked at, is not read again next time just for that.
   */
  carryOver(rel: string): void {
    const empty = this.oldEmpty.get(rel);
    if (empty !== undefined) this.freshEmpty.set(rel, empty);
    const entry = this.old.get(rel);
    if (entry) this.fresh.set(rel, entry);
  }

  /** The cached facts of a file that has not changed (null: it holds nothing), else undefined. */
  lookup(rel: string, abs: string, absOf: (rel: string) => string): FileResult | null | undefined {
    const empty = this.oldEmpty.get(rel);
    if (empty !== undefined) {
      const key = this.lookupKey(rel, abs);
      if (!key || key !== empty) {
        this.misses++;
        return undefined;
      }
      this.hits++;
      this.freshEmpty.set(rel, key);
      return null;
    }
    const entry = this.old.get(rel);
    const key = this.lookupKey(rel, abs);
    if (!entry || !key || entry.key !== key || !entry.deps.every((i) => this.depHoldsAt(i, absOf))) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.fresh.set(rel, entry);
    return entry.result === null ? null : structuredClone(entry.result);
  }

  private depHoldsAt(i: number, absOf: (rel: string) => string): boolean {
    let holds = this.depHolds[i];
    if (holds === undefined) {
      const pair = this.depPairs[i];
      this.depHolds[i] = holds = pair !== undefined && this.lookupKey(pair[0], absOf(pair[0])) === pair[1];
    }
    return holds;
  }

  /** The index of a dependency in the table, added when new. */
  private depAt(path: string, key: FileKey): number {
    const id = `${key}\0${path}`;
    let i = this.depIndex.get(id);
    if (i === undefined) {
      i = this.depPairs.push([path, key]) - 1;
      this.depIndex.set(id, i);
    }
    return i;
  }

  /** Records a file's facts, taken when it looked like `key` (taken before it was read). */
  store(rel: string, key: FileKey, result: FileResult, deps: ReadonlyMap<string, FileKey>): void {
    if (!key) return;
    const empty = holdsNothing(result);
    if (empty && deps.size === 0 && PLAIN_NAME.test(rel)) {
      this.fresh.delete(rel);
      this.freshEmpty.set(rel, key);
      if (this.oldEmpty.has(rel)) this.emptyAgain++;
      return;
    }
    this.freshEmpty.delete(rel);
    this.fresh.set(rel, {
      key,
      deps: [...deps].map(([path, was]) => this.depAt(path, was)),
      result: empty ? null : structuredClone(result),
    });
  }

  /** The last run's reach, when it was worked out from the same `digest` and nothing it read has changed since. */
  reachKept(digest: string, absOf: (rel: string) => string): KeptReach | undefined {
    const kept = this.oldReach;
    // The reach reads the working tree, also in a --staged run: its files are compared as they are there.
    if (!kept || kept.digest !== digest || !kept.deps.every(([path, was]) => this.keyOf(path, absOf(path)) === was)) return undefined;
    this.freshReach = kept;
    return kept;
  }

  /** Records the reach this run worked out, with what it read. */
  storeReach(reach: Omit<KeptReach, 'deps'>, deps: ReadonlyMap<string, FileKey>): void {
    this.freshReach = { ...reach, deps: [...deps] };
  }

  /** Writes the entries of this run (files gone since are dropped). A failed write is a note, never a failure. */
  save(): void {
    // A reach worked out this run; one that did not follow it (named files) leaves the last one's.
    if (this.freshReach && this.freshReach !== this.oldReach)
      this.write(this.reachFile, REACH_MAGIC, [this.setting, JSON.stringify(this.freshReach)]);
    // Nothing gone, nothing new to keep: the file on disk already says all of this, but for a few
    // files that held nothing and still do, which the next run reads again in less time than a
    // rewrite of the whole cache takes.
    if (
      this.misses === this.emptyAgain &&
      this.emptyAgain <= MAX_READ_AGAIN &&
      this.fresh.size === this.old.size &&
      this.freshEmpty.size === this.oldEmpty.size &&
      this.warm
    )
      return;
    // Only the dependencies of what is kept, renumbered.
    const table: [string, FileKey][] = [];
    const renumbered = new Map<number, number>();
    const renumber = (i: number): number => {
      let j = renumbered.get(i);
      if (j === undefined) renumbered.set(i, (j = table.push(this.depPairs[i]!) - 1));
      return j;
    };
    const entries: Record<string, Entry> = {};
    for (const [rel, e] of this.fresh) {
      // An entry whose dependency is unknown (a damaged table) is not kept: read again next time.
      if (!e.deps.every((i) => this.depPairs[i] !== undefined)) continue;
      entries[rel] = { key: e.key, deps: e.deps.map(renumber), result: e.result };
    }
    const stored: Stored = { deps: table, entries };
    const lines = [this.setting, JSON.stringify(stored)];
    for (const [rel, key] of this.freshEmpty) lines.push(`${rel}\t${key}`);
    this.write(this.opts.file, MAGIC, lines);
  }

  /** The reach's file, beside the cache. */
  get reachFile(): string {
    return `${this.opts.file}.reach`;
  }

  /** Writes `lines`, redacted and signed, under `magic`. A failed write is a note, never a failure. */
  private write(file: string, magic: string, lines: readonly string[]): void {
    const body = redactTokens(lines.join('\n'));
    const signature = createHmac('sha256', cacheSigningKey()).update(body).digest('base64url');
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(tmp, `${magic}${signature}\n${body}`, { mode: 0o600 });
      // Two runs at once each write their own file and the last rename wins: never a torn file.
      renameSync(tmp, file);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      this.opts.note(`cache not written (${(e as NodeJS.ErrnoException).code ?? 'error'}): the next run starts cold`);
    }
  }

  /**
   * The reach's file: one that is not there, damaged, signed by another key or written for another
   * setting is not used (the reach is worked out again, as on a first run), never trusted.
   */
  private loadReach(): void {
    const read = this.readSigned(this.reachFile, REACH_MAGIC);
    if (typeof read === 'string') return;
    try {
      const reach: unknown = JSON.parse(read.toString('utf8'));
      if (isKeptReach(reach)) this.oldReach = reach;
    } catch (e) {
      rethrowUnless(e, isParseError);
    }
  }

  /**
   * What follows the setting line of a file this scan writes (`write`), when it starts with `magic`,
   * is signed with this user's key and was written for this run's setting; else why not: `absent`,
   * `older` (an earlier format's magic), `foreign`, `truncated`, `unsigned`, or `setting` (another
   * tool version, config or limit: expected, and nothing in it applies).
   */
  private readSigned(file: string, magic: string): Buffer | 'absent' | 'older' | 'foreign' | 'truncated' | 'unsigned' | 'setting' {
    const bytes = readCacheBytes(file);
    if (bytes === undefined) return 'absent';
    const head = bytes.toString('latin1', 0, magic.length);
    if (OLDER_MAGIC.includes(head)) return 'older';
    if (head !== magic) return 'foreign';
    const nl = bytes.indexOf(0x0a, magic.length);
    if (nl < 0) return 'truncated';
    const body = bytes.subarray(nl + 1);
    if (createHmac('sha256', cacheSigningKey()).update(body).digest('base64url') !== bytes.toString('latin1', magic.length, nl))
      return 'unsigned';
    const settingEnd = body.indexOf(0x0a);
    if (settingEnd < 0 || body.toString('latin1', 0, settingEnd) !== this.setting) return 'setting';
    return body.subarray(settingEnd + 1);
  }

  private async load(): Promise<void> {
    const ignore = (why: string): void => this.opts.note(`cache ${why}: ignored, the scan starts cold`);
    const body = this.readSigned(this.opts.file, MAGIC);
    // An earlier format, another tool version, config or limit: dropped without a note, as expected.
    if (body === 'absent' || body === 'older' || body === 'setting') return;
    if (body === 'foreign') return ignore('file is not a dbt-token-scan cache');
    if (body === 'truncated') return ignore('file is truncated');
    if (body === 'unsigned') return ignore('file was not written by this user (or is damaged)');
    const jsonEnd = body.indexOf(0x0a);
    let stored: Stored;
    try {
      stored = JSON.parse(body.toString('utf8', 0, jsonEnd < 0 ? body.length : jsonEnd)) as Stored;
    } catch (e) {
      rethrowUnless(e, isParseError);
      return ignore('file is damaged');
    }
    if (
      typeof stored !== 'object' ||
      stored === null ||
      !Array.isArray(stored.deps) ||
      typeof stored.entries !== 'object' ||
      stored.entries === null
    )
      return ignore('file is damaged');
    const isPair = (d: unknown): d is [string, FileKey] => Array.isArray(d) && typeof d[0] === 'string' && typeof d[1] === 'string';
    if (!stored.deps.every(isPair)) return ignore('file is damaged');
    // The table read joins this run's, each entry's dependencies renumbered into it.
    const place = stored.deps.map(([path, key]) => this.depAt(path, key));
    for (const [rel, e] of Object.entries(stored.entries)) {
      if (!Array.isArray(e.deps)) return ignore('file is damaged');
      this.old.set(rel, { ...e, deps: e.deps.map((i) => place[i] ?? -1) });
    }
    if (jsonEnd < 0) return;
    const lines = body.toString('utf8', jsonEnd + 1).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const tab = line.indexOf('\t');
      if (tab > 0) this.oldEmpty.set(line.slice(0, tab), line.slice(tab + 1));
      if (i % LINES_PER_TURN === LINES_PER_TURN - 1) await new Promise<void>((r) => setImmediate(r));
    }
  }
}

const WORKFLOW_NAMES: ReadonlySet<string> = new Set(WORKFLOWS);

function isKeptReach(r: unknown): r is KeptReach {
  if (typeof r !== 'object' || r === null) return false;
  const { digest, deps, workflows, startedContainers } = r as Record<string, unknown>;
  return (
    typeof digest === 'string' &&
    Array.isArray(deps) &&
    deps.every((d) => Array.isArray(d) && typeof d[0] === 'string' && typeof d[1] === 'string') &&
    Array.isArray(workflows) &&
    workflows.every((w) => Array.isArray(w) && typeof w[0] === 'string' && typeof w[1] === 'string' && WORKFLOW_NAMES.has(w[1])) &&
    Array.isArray(startedContainers) &&
    startedContainers.every((c) => typeof c === 'string')
  );
}

/** Regular files in git's index (a symbolic link's entry says nothing of a file). */
const REGULAR_MODES = new Set(['100644', '100755']);

function metadataKey(abs: string, indexed: { entry: IndexEntry; writtenMs: number } | undefined): FileKey {
  try {
    // Most files looked at and not there are an import's probes (`m.ts`, `m/index.js`, …): no exception for those.
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile()) return '';
    const e = indexed?.entry;
    if (e?.stat && REGULAR_MODES.has(e.mode) && statMatches(e.stat, st) && !isRacy(e.stat, indexed!.writtenMs)) return `g:${e.oid}`;
    return `m:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return '';
  }
}

function contentKey(abs: string): FileKey {
  try {
    const st = lstatSync(abs);
    if (!st.isFile()) return '';
    return `c:${createHash('sha256').update(readFileSync(abs)).digest('base64url')}`;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return '';
  }
}

/**
 * The cache file's bytes; undefined when there is none or it cannot be read. Never blocks on a
 * FIFO (opened without waiting for a writer, then found not to be a file), never follows a link.
 */
function readCacheBytes(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_CACHE_BYTES) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    for (let n = 1; off < buf.length && n > 0; off += n) n = readSync(fd, buf, off, buf.length - off, off);
    return buf.subarray(0, off);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The default cache file for a scan run from `cwd`: under node_modules/.cache as ESLint and Babel
 * keep theirs, when the project has node_modules; else in the user's cache folder, so that a
 * project without one gets no new folder that `git add -A` could pick up.
 */
export function defaultCacheFile(cwd: string): string {
  if (existsSync(join(cwd, 'node_modules'))) return join(cwd, 'node_modules', '.cache', 'dbt-token-scan', 'facts.cache');
  let real = resolve(cwd);
  try {
    real = realpathSync(cwd);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    /* keep the path as given */
  }
  const dir = userCacheDir() ?? join(tmpdir(), 'dbt-token-scan');
  return join(dir, 'projects', createHash('sha256').update(real).digest('hex').slice(0, 16), 'facts.cache');
}
