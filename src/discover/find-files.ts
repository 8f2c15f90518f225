import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { ScanError } from '../report/types.js';
import { compileGlobs, type GlobSet } from './globs.js';

/** Folders that never hold a repository's own code: dependencies, VCS data, build output, caches. */
export const SKIPPED_DIRS = [
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', '.output',
  'target', 'coverage', '.venv', 'venv', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.terraform', '.terragrunt-cache', 'site-packages', '.gradle', '.cache', 'bower_components',
  'jspm_packages', 'dbt_packages', '.yarn', '.pnpm-store',
];

const SKIPPED = new Set(SKIPPED_DIRS);

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
}

/**
 * Lists the files to scan under `paths` (files or folders). Honours `.gitignore` files, the
 * config's `ignore` globs and the built-in skips; never follows a symbolic link out of the tree.
 * Files are reported once each; the returned list is sorted.
 */
export async function findFiles(paths: readonly string[], cwd: string, ignoreGlobs: readonly string[], options: FindOptions = {}): Promise<Discovery> {
  const configIgnore = compileGlobs(ignoreGlobs);
  const files = new Map<string, FoundFile>(); // by relative path
  const errors: ScanError[] = [];
  const addRel = (rel: string, abs: string): void => {
    if (files.has(rel) || configIgnore.matches(rel)) return;
    const found = { rel, abs };
    files.set(rel, found);
    options.onFile?.(found);
  };
  const add = (abs: string): void => addRel(toRel(cwd, abs), abs);

  for (const given of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, given);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      throw new UsageError(`${given}: no such file or folder`);
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
    const fg = (await import('fast-glob')).default; // only folders need a walker
    const gitignore = new GitignoreChain(abs, cwd);
    const prefix = toRel(cwd, abs);
    const emit = (path: string, dirent: Pick<Dirent, 'isFile' | 'isSymbolicLink'>): void => {
      const file = dirent.isFile();
      // Folders need no test (their files are tested); FIFOs, sockets and devices are never opened.
      if ((!file && !dirent.isSymbolicLink()) || gitignore.ignores(path)) return;
      if (file) {
        addRel(prefix === '.' ? path : `${prefix}/${path}`, `${abs}${abs.endsWith(sep) ? '' : sep}${path}`);
      } else if (dirent.isSymbolicLink()) {
        const full = join(abs, path);
        const problem = checkWalkedLink(full, abs);
        if (problem) errors.push({ file: toRel(cwd, full), message: problem });
      }
    };
    let top: Dirent[];
    try {
      top = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      errors.push({ file: prefix, message: 'cannot read: folder not readable' });
      continue;
    }
    gitignore.add(top.filter((d) => d.name === '.gitignore' && d.isFile()).map((d) => d.name));
    for (const d of top) if (!d.isDirectory()) emit(d.name, d);
    // Each top folder is walked as a unit (synchronously: no waiting on the thread pool between
    // folders), and its files are handed on before the next one is walked, so worker threads
    // read the first folders while the walk goes on.
    for (const d of top) {
      if (!d.isDirectory() || SKIPPED.has(d.name)) continue;
      const entries = fg.sync('**', {
        cwd: join(abs, d.name),
        dot: true,
        onlyFiles: false,
        followSymbolicLinks: false,
        objectMode: true,
        suppressErrors: true,
        unique: false,
        // `**/name` (not `**/name/**`) prunes the folder itself and is much cheaper to match.
        ignore: SKIPPED_DIRS.map((n) => `**/${n}`),
      });
      gitignore.add(entries.filter((e) => e.name === '.gitignore' && e.dirent.isFile()).map((e) => `${d.name}/${e.path}`));
      for (const e of entries) emit(`${d.name}/${e.path}`, e.dirent);
    }
  }
  const list = [...files.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files: list, errors };
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

/** Links met while walking are never followed; those that cannot be followed safely are reported. */
function checkWalkedLink(full: string, root: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(full);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'skipped: symbolic link loop' : 'skipped: broken symbolic link';
  }
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    /* keep root */
  }
  if (!within(realRoot, target)) return 'skipped: symbolic link leads outside the scanned folder';
  return undefined; // its target inside the tree is scanned under its own name
}

/**
 * `.gitignore` files from the current folder down to each file, applied as git does: a file is
 * tested against the `.gitignore` of every folder above it. The list of those per folder is
 * worked out once, so a file costs one lookup plus the matching itself.
 */
class GitignoreChain {
  private readonly matchers = new Map<string, GlobSet>();
  private readonly chains = new Map<string, [number, GlobSet][]>();
  private outer: GlobSet | undefined;

  constructor(private readonly root: string, cwd: string) {
    // The current folder's .gitignore also applies to a folder scanned below it.
    if (within(cwd, root) && cwd !== root) {
      const patterns = readIgnore(join(cwd, '.gitignore'));
      if (patterns) this.outer = compileGlobs(patterns, toRel(cwd, root));
    }
  }

  /** `.gitignore` files (paths relative to the root) found by the walk, before it filters their folders. */
  add(gitignoreFiles: readonly string[]): void {
    for (const f of gitignoreFiles) {
      const patterns = readIgnore(join(this.root, f));
      const slash = f.lastIndexOf('/');
      if (patterns) this.matchers.set(slash < 0 ? '' : f.slice(0, slash), compileGlobs(patterns));
    }
    if (gitignoreFiles.length) this.chains.clear();
  }

  private chainFor(dir: string): [number, GlobSet][] {
    let chain = this.chains.get(dir);
    if (!chain) {
      const slash = dir.lastIndexOf('/');
      chain = dir === '' ? [] : [...this.chainFor(slash < 0 ? '' : dir.slice(0, slash))];
      if (dir === '' && this.matchers.has('')) chain.push([0, this.matchers.get('')!]);
      else if (dir !== '' && this.matchers.has(dir)) chain.push([dir.length + 1, this.matchers.get(dir)!]);
      this.chains.set(dir, chain);
    }
    return chain;
  }

  ignores(relPath: string): boolean {
    if (this.outer?.matches(relPath)) return true;
    const slash = relPath.lastIndexOf('/');
    for (const [cut, m] of this.chainFor(slash < 0 ? '' : relPath.slice(0, slash))) {
      if (m.matches(cut ? relPath.slice(cut) : relPath)) return true;
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
