import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { lstatSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { gitAsync } from './git.js';
import { parseIndexFile } from './index-file.js';
import { indexWrittenMs, parseDebug, type IndexEntry } from './index-stat.js';

// git's index as the facts cache reads it: the index file itself when its layout is one
// src/vcs/index-file.ts reads, else `ls-files --debug`, which reads the index file only, never the
// working tree. Either way nothing is hashed and no filter runs.

/** The index of the work tree at `top`: entries by path from the top, and when the index was written. */
export interface IndexView {
  entries: Map<string, IndexEntry>;
  /** Undefined when there is no index file yet: no entry can then be trusted without reading it. */
  writtenMs: number | undefined;
  /**
   * Every entry, all stages, in the index's order, with skip-worktree flags: the index as a listing
   * of the work tree's tracked files (src/discover/git-files.ts). Only when the file was read directly.
   */
  all?: IndexEntry[];
}

/** Bigger index files are left to git (a repository of millions of files). */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

/**
 * The stage-0 entries of the index with their stat info; undefined when git cannot say (no index,
 * or `--debug` output this parser does not know).
 */
export async function readIndexView(top: string): Promise<IndexView | undefined> {
  const direct = readIndexFileAt(top);
  if (direct) return direct;
  const [listing, indexPath] = await Promise.all([
    gitAsync(top, ['ls-files', '-z', '--stage', '--debug']),
    gitAsync(top, ['rev-parse', '--git-path', 'index']),
  ]);
  const parsed = parseDebug(listing);
  return parsed && viewOf(parsed, indexWrittenMs(resolve(top, indexPath.toString('utf8').trim())));
}

function viewOf(parsed: IndexEntry[], writtenMs: number | undefined): IndexView {
  const entries = new Map<string, IndexEntry>();
  for (const e of parsed) if (e.stage === 0) entries.set(e.path, e);
  return { entries, writtenMs };
}

/** The view from the index file, when git would read that file and this reader takes its layout. */
function readIndexFileAt(top: string): IndexView | undefined {
  const file = indexFileOf(top);
  if (file === undefined) return undefined;
  try {
    // When it was written is taken before it is read: a newer index read with an older time only
    // makes more files racily clean (hashed, not trusted).
    const st = lstatSync(file);
    if (!st.isFile() || st.size > MAX_INDEX_BYTES) return undefined;
    const parsed = parseIndexFile(readFileSync(file));
    return parsed && { ...viewOf(parsed, st.mtimeMs), all: parsed };
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return undefined;
  }
}

/**
 * The index file git uses in the work tree at `top` (as `rev-parse --git-path index` answers when
 * run there): GIT_INDEX_FILE (a commit hook's), else the index of the git folder `.git` is or names
 * (a linked work tree's or a submodule's `gitdir:` line). Undefined wherever git's answer could
 * differ: GIT_DIR and its kin set, a `.git` file of another form.
 */
function indexFileOf(top: string): string | undefined {
  const env = process.env;
  if (env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_COMMON_DIR) return undefined;
  if (env.GIT_INDEX_FILE) return resolve(top, env.GIT_INDEX_FILE);
  const dotGit = join(top, '.git');
  try {
    const st = lstatSync(dotGit);
    if (st.isDirectory()) return join(dotGit, 'index');
    if (!st.isFile() || st.size > 4096) return undefined;
    const m = /^gitdir: (.+?)\r?\n?$/.exec(readFileSync(dotGit, 'utf8'));
    if (!m) return undefined;
    const gitDir = m[1]!;
    return join(isAbsolute(gitDir) ? gitDir : resolve(top, gitDir), 'index');
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return undefined;
  }
}
