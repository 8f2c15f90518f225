import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isExpectedIoError, isParseError, rethrowUnless, UsageError } from '../errors.js';
import type { ScanError } from '../model/report.js';
import { compileGlobs, type GlobRoot } from './globs.js';
import { loadFastGlob } from '../packages.js';
import { displayName } from './file-names.js';
import { isDotenvPath } from './dotenv-names.js';
import { listWithGit, type GitListing } from './git-files.js';
import { workTreeTop } from '../vcs/work-tree.js';
import { isInside } from './inside.js';
import { gitignoreLines, IgnoreLevel, isIgnored, type IgnoreLevels } from './gitignore-rules.js';

/** Folders that never hold a repository's own code: dependencies, VCS data, build output, caches. */
export const SKIPPED_DIRS = [
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  'target',
  'coverage',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.terraform',
  '.terragrunt-cache',
  'site-packages',
  '.gradle',
  '.cache',
  'bower_components',
  'jspm_packages',
  'dbt_packages',
  '.yarn',
  '.pnpm-store',
];

const SKIPPED = new Set(SKIPPED_DIRS);

/**
 * Files read even when a `.gitignore` lists them, outside a git work tree: those made to hold
 * credentials (the dbt Cloud CLI's `dbt_cloud.yml`, `.env` files, Streamlit's `secrets.toml`,
 * Terraform's `.tfvars` and state, Postman environments), which projects list in `.gitignore` to
 * keep tokens out of git. Outside a work tree nothing says whether a copy was committed all the
 * same (an exported repository holds only committed files), and a token in one is what the scan is
 * for. (In a work tree git says what is in it: a committed copy is tracked, and scanned, whatever
 * the ignore rules say.)
 */
const readEvenIfIgnored = (name: string): boolean => CREDENTIAL_FILE.test(name) || isDotenvPath(name);
const CREDENTIAL_FILE = /^(?:dbt_cloud\.ya?ml|secrets\.toml)$|\.tfvars(?:\.json)?$|\.tfstate(?:\.backup)?$|\.postman_environment\.json$/i;

/**
 * Whether `.gitignore` patterns fold case outside a git work tree, where no `core.ignorecase` says:
 * as git sets it when it creates a repository, by the file system (case-insensitive by default on
 * macOS and Windows).
 */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

export interface FoundFile {
  /** Relative to the current folder, with `/`; bytes of a name that are not UTF-8 are written `\xNN`. */
  rel: string;
  abs: string;
  /** The exact bytes of `abs`, when a name in it is not UTF-8: what the file is read through. */
  rawPath?: Buffer;
  /**
   * Listed from git's index without a look at the working tree (a stat per tracked file would
   * cost more than the listing): if it is not there when read, it was deleted, which is no error.
   */
  fromIndex?: true;
}

export interface Discovery {
  files: FoundFile[];
  errors: ScanError[];
}

const toRel = (cwd: string, abs: string): string => {
  const r = relative(cwd, abs);
  return (r === '' ? '.' : r).split(sep).join('/');
};

/** A path below a built-in skipped folder (`node_modules`, `dist`, …), at any depth. */
function inSkippedFolder(rel: string): boolean {
  for (let start = 0; ;) {
    const slash = rel.indexOf('/', start);
    if (slash < 0) return false;
    if (SKIPPED.has(rel.slice(start, slash))) return true;
    start = slash + 1;
  }
}

type AddFile = (rel: string, abs: string, rawPath?: Buffer, fromIndex?: true) => void;

export interface FindOptions {
  /** Called with each file as it is found, so reading can start before the listing ends. */
  onFile?: (file: FoundFile) => void;
  /** Where the config whose `ignore` globs these are sits (see GlobRoot). */
  ignoreBase?: GlobRoot;
}

/**
 * Lists the files to scan under `paths` (files or folders). In a git work tree a folder holds what
 * git lists (tracked files, and untracked ones no ignore rule covers); elsewhere, or when git
 * cannot be run, the walker applies `.gitignore` files as git would. The config's `ignore` globs and
 * the built-in skips apply either way; symbolic links are never followed. Files are reported once
 * each; the returned list is sorted.
 */
export async function findFiles(
  paths: readonly string[],
  cwd: string,
  ignoreGlobs: readonly string[],
  options: FindOptions = {},
): Promise<Discovery> {
  const configIgnore = ignoreGlobs.length ? compileGlobs(ignoreGlobs, options.ignoreBase) : undefined;
  const files: FoundFile[] = [];
  // Only overlapping paths (`scan src src/a.py`) can name a file twice.
  const seen = paths.length > 1 ? new Set<string>() : undefined;
  const errors: ScanError[] = [];
  const addRel: AddFile = (rel, abs, rawPath, fromIndex) => {
    if (configIgnore?.matches(rel)) return;
    if (seen) {
      if (seen.has(rel)) return;
      seen.add(rel);
    }
    const found: FoundFile = { rel, abs };
    if (rawPath) found.rawPath = rawPath;
    if (fromIndex) found.fromIndex = fromIndex;
    files.push(found);
    options.onFile?.(found);
  };
  const add = (abs: string): void => addRel(toRel(cwd, abs), abs);

  for (const given of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, given);
    let st;
    try {
      st = lstatSync(abs);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      if (!isGlobPattern(given)) throw new UsageError(`${given}: no such file or folder`);
      // A quoted pattern (or a shell that does not expand them) reaches us whole.
      const matches = await expandGlob(given, cwd);
      if (!matches.length) throw new UsageError(`${given}: no file matches this pattern`);
      const kept = await notIgnored(cwd);
      for (const m of matches) if (kept(m)) add(resolve(cwd, m));
      continue;
    }
    if (st.isSymbolicLink()) {
      const target = followNamedLink(abs, cwd);
      if (typeof target === 'string') {
        if (statSync(target).isDirectory()) errors.push({ file: toRel(cwd, abs), message: 'skipped: symbolic link to a folder' });
        else add(abs);
      } else errors.push({ file: toRel(cwd, abs), message: target.message });
      continue;
    }
    if (st.isFile()) {
      add(abs);
      continue;
    }
    if (!st.isDirectory()) {
      errors.push({ file: toRel(cwd, abs), message: 'skipped: not a regular file' });
      continue;
    }
    await addFolder(abs, toRel(cwd, abs), cwd, addRel, errors);
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, errors };
}

/**
 * Adds the files of a folder: what git lists, in a work tree git will list; else what the walker
 * finds. A clone inside it (an untracked folder with its own `.git`) is listed the same way, as
 * the repository it is, with its own ignore rules.
 */
async function addFolder(folder: string, prefix: string, cwd: string, addRel: AddFile, errors: ScanError[]): Promise<void> {
  const listing = await listWithGit(folder);
  if (!listing) {
    walkFolder(folder, prefix, new GitignoreChain(folder, cwd), addRel, errors);
    return;
  }
  addListed(folder, prefix, listing, addRel, errors);
  for (const clone of listing.clones) {
    if (inSkippedFolder(clone)) continue;
    const name = clone.slice(0, -1);
    await addFolder(join(folder, name), prefix === '.' ? name : `${prefix}/${name}`, cwd, addRel, errors);
  }
}

/**
 * Adds what git listed under `folder`. The built-in skips apply to tracked files too: a committed
 * `node_modules/` or `dist/` is someone else's code or build output, as it is outside git. Links
 * are never read; those that lead out of the tree or nowhere are reported, as the walker does.
 * Submodules are repositories of their own, pinned at a commit, and are not descended.
 */
function addListed(folder: string, prefix: string, listing: GitListing, addRel: AddFile, errors: ScanError[]): void {
  const base = folder.endsWith(sep) ? folder : folder + sep;
  const outRel = (rel: string): string => (prefix === '.' ? rel : `${prefix}/${rel}`);
  let realRoot: string | undefined;
  // The listing is sorted: most entries sit in the folder of the one before, already judged.
  let lastFolder = '';
  let lastSkipped = false;
  for (const e of listing.entries) {
    const folder = e.rel.slice(0, e.rel.lastIndexOf('/') + 1);
    if (folder !== lastFolder) {
      lastFolder = folder;
      lastSkipped = inSkippedFolder(folder);
    }
    if (lastSkipped) continue;
    const abs = base + e.rel;
    const raw = e.raw && Buffer.concat([Buffer.from(base), e.raw]);
    let kind: 'file' | 'link' | 'other' = e.kind === 'untracked' ? 'other' : e.kind;
    if (e.kind === 'untracked') {
      try {
        const st = lstatSync(raw ?? abs);
        kind = st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : 'other';
      } catch (e) {
        rethrowUnless(e, isExpectedIoError);
        continue; // gone since git listed it
      }
    }
    if (kind === 'link') {
      realRoot ??= realpathOr(folder);
      const problem = checkWalkedLink(raw ?? abs, realRoot);
      if (problem) errors.push({ file: outRel(e.rel), message: problem });
    } else if (kind === 'file') {
      addRel(outRel(e.rel), abs, raw, e.kind === 'file' || undefined);
    }
  }
  for (const sub of listing.submodules) {
    if (inSkippedFolder(sub)) continue;
    try {
      lstatSync(join(base, sub, '.git')); // an uninitialised submodule is an empty folder: nothing skipped
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      continue;
    }
    errors.push({
      file: outRel(sub.slice(0, -1)),
      message: 'skipped: git submodule (a repository of its own); scan it by naming its folder',
    });
  }
}

/**
 * Whether a file a glob matched (relative to `cwd`) is one a folder scan of `cwd` would include:
 * in a git work tree one git lists, elsewhere one the `.gitignore` files leave.
 */
async function notIgnored(cwd: string): Promise<(rel: string) => boolean> {
  const listing = await listWithGit(cwd);
  if (listing) {
    const listed = new Set(listing.entries.filter((e) => e.kind !== 'link').map((e) => e.rel));
    return (rel) => listed.has(rel);
  }
  const chain = new GitignoreChain(cwd, cwd);
  return (rel) => !chain.excludes(rel);
}

const isGlobPattern = (path: string): boolean => /[*?[\]{}]/.test(path);

/** Files a glob names, under the same skips as a walk; links are not followed. */
async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  return loadFastGlob()
    .sync(pattern.split(sep).join('/'), {
      cwd,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: SKIPPED_DIRS.map((n) => `**/${n}/**`),
    })
    .sort();
}

/** A named symbolic link is scanned only when it leads to a regular file inside the current folder. */
function followNamedLink(abs: string, cwd: string): string | { message: string } {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return { message: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'skipped: symbolic link loop' : 'skipped: broken symbolic link' };
  }
  if (!isInside(realpathSync(cwd), target)) return { message: 'skipped: symbolic link leads outside the scanned folder' };
  try {
    const st = statSync(target);
    if (!st.isFile() && !st.isDirectory()) return { message: 'skipped: symbolic link to something that is not a regular file' };
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return { message: 'skipped: broken symbolic link' };
  }
  return target;
}

/** A folder entry; `raw` holds the entry's absolute path as bytes when a name in it is not UTF-8. */
interface Listed {
  name: string;
  raw?: Buffer;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * The entries of a folder. Names come as strings, which cannot hold bytes that are not UTF-8 (they
 * come back as U+FFFD); a folder with such a name, which is rare, is read again as bytes.
 */
function listFolder(path: string, raw: Buffer | undefined): Listed[] {
  if (!raw) {
    const entries: Dirent[] = readdirSync(path, { withFileTypes: true });
    if (!entries.some((e) => e.name.includes('\ufffd'))) return entries;
  }
  const dirBytes = raw ?? Buffer.from(path);
  return readdirSync(dirBytes, { withFileTypes: true, encoding: 'buffer' }).map((e) => {
    const nameBytes = e.name as unknown as Buffer;
    const valid = isUtf8(nameBytes);
    const entry: Listed = {
      name: valid ? nameBytes.toString('utf8') : displayName(nameBytes),
      isFile: () => e.isFile(),
      isDirectory: () => e.isDirectory(),
      isSymbolicLink: () => e.isSymbolicLink(),
    };
    if (raw || !valid) entry.raw = Buffer.concat([dirBytes, Buffer.from(sep), nameBytes]);
    return entry;
  });
}

/**
 * Walks a folder depth-first, as git and ripgrep do: a folder that a `.gitignore` or the built-in
 * skips exclude is never opened, so an ignored `generated/` costs one test instead of one per
 * file. Links are never followed; those that lead out of the tree or nowhere are reported.
 */
function walkFolder(root: string, prefix: string, gitignore: GitignoreChain, addRel: AddFile, errors: ScanError[]): void {
  if (gitignore.rootIgnored) return;
  const base = root.endsWith(sep) ? root : root + sep;
  const outRel = (rel: string): string => (prefix === '.' ? rel : rel ? `${prefix}/${rel}` : prefix);
  let realRoot: string | undefined;
  // Folders still to read, relative to the root; with their path's bytes when a name is not UTF-8.
  const stack: [dir: string, raw: Buffer | undefined][] = [['', undefined]];
  while (stack.length) {
    const [dir, rawDir] = stack.pop()!;
    let entries: Listed[];
    try {
      entries = listFolder(dir ? base + dir : root, rawDir);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      errors.push({ file: outRel(dir), message: folderMessage((e as NodeJS.ErrnoException).code) });
      continue;
    }
    const levels = gitignore.levelsFor(
      dir,
      rawDir,
      entries.some((e) => e.name === '.gitignore' && e.isFile()),
    );
    const folders: [string, Buffer | undefined][] = [];
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isFile()) {
        if (readEvenIfIgnored(e.name) || !gitignore.ignores(levels, rel, false)) addRel(outRel(rel), base + rel, e.raw);
      } else if (e.isDirectory()) {
        if (SKIPPED.has(e.name)) continue;
        if (!gitignore.ignores(levels, rel, true)) folders.push([rel, e.raw]);
      } else if (e.isSymbolicLink() && !gitignore.ignores(levels, rel, false)) {
        realRoot ??= realpathOr(root);
        const problem = checkWalkedLink(e.raw ?? base + rel, realRoot);
        if (problem) errors.push({ file: outRel(rel), message: problem });
      }
      // FIFOs, sockets and devices are never opened.
    }
    // Pushed in reverse so that folders are read in the order the system listed them.
    for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]!);
  }
}

function folderMessage(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot read: folder not readable';
    case 'ENAMETOOLONG':
      return 'cannot read: path too long';
    case 'ENOENT':
      return 'cannot read: folder vanished during the scan';
    default:
      return `cannot read folder: ${code ?? 'I/O error'}`;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return path;
  }
}

/** Links met while walking are never followed; those that cannot be followed safely are reported. */
function checkWalkedLink(full: string | Buffer, realRoot: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(full);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'skipped: symbolic link loop' : 'skipped: broken symbolic link';
  }
  if (!isInside(realRoot, target)) return 'skipped: symbolic link leads outside the scanned folder';
  return undefined; // its target inside the tree is scanned under its own name
}

/**
 * The `.gitignore` files that apply to each folder of a walk, when git does not list the files. As
 * in git, every `.gitignore` from the top down to a path's folder applies, the deepest one with a
 * matching pattern decides, and nothing below an ignored folder comes back. The top is the work
 * tree's when the folder is in one that git would not list (git missing, or a repository it
 * refuses), with `.git/info/exclude` below every `.gitignore`; else the current folder when the
 * scanned folder is below it (so the `.gitignore` files above apply to a subfolder scan); else the
 * scanned folder. Each folder's list is worked out once, from its parent's.
 */
class GitignoreChain {
  private readonly levels = new Map<string, IgnoreLevels>();
  /** Where paths are measured from: the top's path to the scanned root, with a slash, or ''. */
  private readonly originPrefix: string;
  private readonly outer: IgnoreLevels;
  /** The scanned folder is itself ignored by a `.gitignore` above it. */
  readonly rootIgnored: boolean;

  constructor(
    private readonly root: string,
    cwd: string,
  ) {
    const top = workTreeTop(root);
    const origin = top ?? (isInside(cwd, root) ? cwd : root);
    const fromOrigin = origin === root ? '' : toRel(origin, root);
    this.originPrefix = fromOrigin ? `${fromOrigin}/` : '';
    const exclude = top === undefined ? undefined : readLevel(join(top, '.git', 'info', 'exclude'));
    let outer: IgnoreLevels = exclude ? [[0, exclude]] : [];
    let ignored = false;
    if (fromOrigin) {
      const parts = fromOrigin.split('/');
      for (let i = 0; i < parts.length && !ignored; i++) {
        const dir = parts.slice(0, i).join('/');
        const level = readLevel(join(origin, dir, '.gitignore'));
        if (level) outer = [...outer, [dir ? dir.length + 1 : 0, level]];
        ignored = isIgnored(outer, parts.slice(0, i + 1).join('/'), true);
      }
    }
    this.outer = outer;
    this.rootIgnored = ignored;
  }

  /**
   * The levels for the entries of `dir` (relative to the root, '' for the root). `hasOwn` says
   * whether the folder holds a `.gitignore`, when the caller has listed it; otherwise it is looked for.
   */
  levelsFor(dir: string, raw?: Buffer, hasOwn?: boolean): IgnoreLevels {
    let levels = this.levels.get(dir);
    if (levels) return levels;
    const slash = dir.lastIndexOf('/');
    const parent = dir === '' ? this.outer : this.levelsFor(slash < 0 ? '' : dir.slice(0, slash));
    const own =
      hasOwn === false
        ? undefined
        : readLevel(raw ? Buffer.concat([raw, Buffer.from(`${sep}.gitignore`)]) : join(this.root, dir, '.gitignore'));
    levels = own ? [...parent, [this.originPrefix.length + (dir ? dir.length + 1 : 0), own]] : parent;
    this.levels.set(dir, levels);
    return levels;
  }

  /** Whether the `.gitignore` files ignore `rel` (relative to the root), given its folder's levels. */
  ignores(levels: IgnoreLevels, rel: string, isFolder: boolean): boolean {
    return levels.length > 0 && isIgnored(levels, this.originPrefix + rel, isFolder);
  }

  /** Whether a walk would leave `rel` out: it, or a folder above it, is ignored. */
  excludes(rel: string): boolean {
    if (this.rootIgnored) return true;
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (SKIPPED.has(parts[i - 1]!) || this.ignores(this.levelsFor(parts.slice(0, i - 1).join('/')), dir, true)) return true;
    }
    return this.ignores(this.levelsFor(parts.slice(0, -1).join('/')), rel, false);
  }
}

/** One `.gitignore`, or undefined when there is none (or it is not a regular file, as git requires). */
function readLevel(path: string | Buffer): IgnoreLevel | undefined {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.size > 1 << 20) return undefined;
    const level = new IgnoreLevel(gitignoreLines(readFileSync(path, 'utf8')), IGNORE_CASE);
    return level.empty ? undefined : level;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError, isParseError);
    return undefined;
  }
}
