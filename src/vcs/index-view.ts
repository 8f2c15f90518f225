import { resolve } from 'node:path';
import { gitAsync } from './git.js';
import { indexWrittenMs, parseDebug, type IndexEntry } from './index-stat.js';

// git's index as the facts cache reads it: `ls-files --debug` reads the index file only, never the
// working tree, so it hashes nothing and no filter runs.

/** The index of the work tree at `top`: entries by path from the top, and when the index was written. */
export interface IndexView {
  entries: Map<string, IndexEntry>;
  /** Undefined when there is no index file yet: no entry can then be trusted without reading it. */
  writtenMs: number | undefined;
}

/**
 * The stage-0 entries of the index with their stat info; undefined when git cannot say (no index,
 * or `--debug` output this parser does not know).
 */
export async function readIndexView(top: string): Promise<IndexView | undefined> {
  const [listing, indexPath] = await Promise.all([
    gitAsync(top, ['ls-files', '-z', '--stage', '--debug']),
    gitAsync(top, ['rev-parse', '--git-path', 'index']),
  ]);
  const parsed = parseDebug(listing);
  if (!parsed) return undefined;
  const entries = new Map<string, IndexEntry>();
  for (const e of parsed) if (e.stage === 0) entries.set(e.path, e);
  return { entries, writtenMs: indexWrittenMs(resolve(top, indexPath.toString('utf8').trim())) };
}
