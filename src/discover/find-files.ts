import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { ScanError } from '../report/types.js';
import { compileGlobs, type GlobRoot, type GlobSet } from './globs.js';
import { loadFastGlob } from '../packages.js';
import { trackedAmong } from './git-tracked.js';

/** Folders that never hold a repository's own code: dependencies, VCS data, build output, caches. */
export const SKIPPED_DIRS = [
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', '.output',
  'target', 'coverage', '.venv', 'venv', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.terraform', '.terragrunt-cache', 'site-packages', '.gradle', '.cache', 'bower_components',
  'jspm_packages', 'dbt_packages', '.yarn', '.pnpm-store',
];

const SKIPPED = new Set(SKIPPED_DIRS);

/**
 * Files read even when a `.gitignore` lists them: the dbt Cloud CLI's credentials file. Listing
 * it is how projects keep the CLI's token out of git, but that does not untrack a copy already
 * committed, and a token in the project tree is worth knowing about either way.
 */
const READ_EVEN_IF_IGNORED = /^dbt_cloud\.ya?ml$/i;

export interface FoundFile {
  /** Relative to the current folder, with `/`. */
  rel: string;
  abs: string;
}

export interface Discovery {
  files: FoundFile[];
  errors: ScanError[];
}

const toRel = (cwd: string, abs: string): string => {
  const r = relative(cwd, abs);
  return (r === '' ? '.' : r).split(sep).join('/');
};

const within = (root: string, p: string): boolean => {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

export interface FindOptions {
  /** Called with each file as the walk finds it, so reading can start before the walk ends. */
  onFile?: (file: FoundFile) => void;
  /** Where the config whose `ignore` globs these are sits (see GlobRoot). */
  ignoreBase?: GlobRoot;
}

/**
 * Lists the files to scan under `paths` (files or folders). Honours `.gitignore` files, the
 * config's `ignore` globs and the built-in skips; never follows a symbolic link out of the tree.
 * Files are reported once each; the returned list is sorted.
 */
export async function findFiles(paths: readonly string[], cwd: string, ignoreGlobs: readonly string[], options: FindOptions = {}): Promise<Discovery> {
  const configIgnore = ignoreGlobs.length ? compileGlobs(ignoreGlobs, options.ignoreBase) : undefined;
  const files: FoundFile[] = [];
  // Only overlapping paths (`scan src src/a.py`) can name a file twice.
  const seen = paths.length > 1 ? new Set<string>() : undefined;
  const errors: ScanError[] = [];
  const addRel = (rel: string, abs: string): void => {
    if (configIgnore?.matches(rel)) return;
    if (seen) {
      if (seen.has(rel)) return;
      seen.add(rel);
    }
    const found = { rel, abs };
    files.push(found);
    options.onFile?.(found);
  };
  const add = (abs: string): void => addRel(toRel(cwd, abs), abs);

  for (const given of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, given);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      if (!isGlobPattern(given)) throw new UsageError(`${given}: no such file or folder`);
      // A quoted pattern (or a shell that does not expand them) reaches us whole.
      const matches = await expandGlob(given, cwd);
      if (!matches.length) throw new UsageError(`${given}: no file matches this pattern`);
      const gitignore = new GitignoreChain(cwd, cwd);
      for (const m of matches) if (!gitignore.ignores(m, false)) add(resolve(cwd, m));
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
    const walkedFrom = files.length;
    const ignored: string[] = [];
    walkFolder(abs, toRel(cwd, abs), new GitignoreChain(abs, cwd), addRel, errors, ignored);
    // Only what a .gitignore kept out can be tracked and unseen: ask git about those paths alone.
    if (ignored.length) addTrackedButIgnored(abs, toRel(cwd, abs), await trackedAmong(abs, ignored), new Set(files.slice(walkedFrom).map((f) => f.rel)), addRel);
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, errors };
}

/**
 * In a git work tree the file set is what git tracks plus untracked files that are not ignored:
 * the walk gives the second, and tracked files that a `.gitignore` matches are added here.
 */
function addTrackedButIgnored(folder: string, prefix: string, tracked: readonly string[], walked: ReadonlySet<string>, addRel: (rel: string, abs: string) => void): void {
  for (const rel of tracked) {
    if (rel.split('/').some((segment) => SKIPPED.has(segment))) continue;
    const out = prefix === '.' ? rel : `${prefix}/${rel}`;
    if (walked.has(out)) continue;
    const full = join(folder, rel);
    try {
      if (!lstatSync(full).isFile()) continue; // a link is never followed
    } catch {
      continue; // deleted from the working tree
    }
    addRel(out, full);
  }
}

const isGlobPattern = (path: string): boolean => /[*?[\]{}]/.test(path);

/** Files a glob names, under the same skips as a walk; links are not followed. */
async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  return loadFastGlob().sync(pattern.split(sep).join('/'), {
    cwd, dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true,
    ignore: SKIPPED_DIRS.map((n) => `**/${n}/**`),
  }).sort();
}

/** A named symbolic link is scanned only when it leads to a regular file inside the current folder. */
function followNamedLink(abs: string, cwd: string): string | { message: string } {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch (e) {
    return { message: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'skipped: symbolic link loop' : 'skipped: broken symbolic link' };
  }
  if (!within(realpathSync(cwd), target)) return { message: 'skipped: symbolic link leads outside the scanned folder' };
  try {
    const st = statSync(target);
    if (!st.isFile() && !st.isDirectory()) return { message: 'skipped: symbolic link to something that is not a regular file' };
  } catch {
    return { message: 'skipped: broken symbolic link' };
  }
  return target;
}

/**
 * Walks a folder depth-first, as git and ripgrep do: a folder that a `.gitignore` or the built-in
 * skips exclude is never opened, so an ignored `generated/` costs one test instead of one per
 * file. Links are never followed; those that lead out of the tree or nowhere are reported.
 */
function walkFolder(root: string, prefix: string, gitignore: GitignoreChain, addRel: (rel: string, abs: string) => void, errors: ScanError[], ignored: string[]): void {
  const base = root.endsWith(sep) ? root : root + sep;
  const outRel = (rel: string): string => (prefix === '.' ? rel : rel ? `${prefix}/${rel}` : prefix);
  let realRoot: string | undefined;
  const stack: string[] = ['']; // folders still to read, relative to the root
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir ? base + dir : root, { withFileTypes: true });
    } catch (e) {
      errors.push({ file: outRel(dir), message: folderMessage((e as NodeJS.ErrnoException).code) });
      continue;
    }
    const chain = gitignore.chainFor(dir, entries.some((e) => e.name === '.gitignore' && e.isFile()));
    const folders: string[] = [];
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isFile()) {
        if (READ_EVEN_IF_IGNORED.test(e.name) || !gitignore.ignores(rel, false, chain)) addRel(outRel(rel), base + rel);
        else ignored.push(rel);
      } else if (e.isDirectory()) {
        if (SKIPPED.has(e.name)) continue;
        if (!gitignore.ignores(rel, true, chain)) folders.push(rel);
        else ignored.push(rel);
      } else if (e.isSymbolicLink() && !gitignore.ignores(rel, false, chain)) {
        realRoot ??= realpathOr(root);
        const problem = checkWalkedLink(base + rel, realRoot);
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
  } catch {
    return path;
  }
}

/** Links met while walking are never followed; those that cannot be followed safely are reported. */
function checkWalkedLink(full: string, realRoot: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(full);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'skipped: symbolic link loop' : 'skipped: broken symbolic link';
  }
  if (!within(realRoot, target)) return 'skipped: symbolic link leads outside the scanned folder';
  return undefined; // its target inside the tree is scanned under its own name
}

/** The `.gitignore` files that apply in one folder, each with where its paths start. */
type Chain = readonly (readonly [cut: number, patterns: GlobSet])[];

/**
 * `.gitignore` files from the scanned folder down to each entry, applied as git does: an entry is
 * tested against the `.gitignore` of every folder above it. Each folder's list is worked out once,
 * from its parent's.
 */
class GitignoreChain {
  private readonly chains = new Map<string, Chain>();
  private outer: GlobSet | undefined;

  constructor(private readonly root: string, cwd: string) {
    // The current folder's .gitignore also applies to a folder scanned below it.
    if (within(cwd, root) && cwd !== root) {
      const patterns = readIgnore(join(cwd, '.gitignore'));
      if (patterns) this.outer = compileGlobs(patterns, toRel(cwd, root));
    }
  }

  /**
   * The chain for the entries of `dir` (relative to the root, '' for the root). `hasOwn` says
   * whether the folder holds a `.gitignore`, when the caller has listed it; otherwise it is looked for.
   */
  chainFor(dir: string, hasOwn?: boolean): Chain {
    let chain = this.chains.get(dir);
    if (chain) return chain;
    const slash = dir.lastIndexOf('/');
    const parent: Chain = dir === '' ? [] : this.chainFor(slash < 0 ? '' : dir.slice(0, slash));
    const patterns = hasOwn === false ? undefined : readIgnore(join(this.root, dir, '.gitignore'));
    chain = patterns ? [...parent, [dir ? dir.length + 1 : 0, compileGlobs(patterns)]] : parent;
    this.chains.set(dir, chain);
    return chain;
  }

  /** Folders are tested with a trailing `/`, so that patterns such as `build/` match only them. */
  ignores(rel: string, isFolder: boolean, chain?: Chain): boolean {
    const path = isFolder ? `${rel}/` : rel;
    if (this.outer?.matches(path)) return true;
    if (!chain) {
      const slash = rel.lastIndexOf('/');
      chain = this.chainFor(slash < 0 ? '' : rel.slice(0, slash));
    }
    for (const [cut, m] of chain) {
      if (m.matches(cut ? path.slice(cut) : path)) return true;
    }
    return false;
  }
}

function readIgnore(path: string): string[] | undefined {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.size > 1 << 20) return undefined;
    return readFileSync(path, 'utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
}
