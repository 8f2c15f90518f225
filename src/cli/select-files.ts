import { relative, resolve, sep } from 'node:path';
import type { Config } from '../config/config.js';
import { compileGlobs } from '../discover/globs.js';
import { SKIPPED_DIRS } from '../discover/find-files.js';
import { isInside } from '../discover/inside.js';
import { DEFAULT_MAX_BYTES } from '../discover/read-source.js';
import { UsageError } from '../errors.js';
import type { FileJob } from '../scan/prefilter-file.js';
import type { ParsedArgs } from './args.js';
import { gitReason, gitRun } from '../vcs/git.js';
import { requireCommitTrees } from '../vcs/objects-present.js';
import { readStaged, stagedFiles } from '../vcs/staged-blobs.js';
import { changedSince } from '../vcs/worktree-changes.js';

export interface Selection {
  files: FileJob[];
}

const SKIPPED = new Set(SKIPPED_DIRS);

/**
 * --staged: the staged content of staged files (what the commit will hold), read out of the
 * index into memory and reported under their own paths. --changed REF: files that differ from
 * REF in the working tree, plus new untracked files. Undefined: walk the paths. Git runs through
 * src/vcs/git.ts: nothing the repository configures runs, nothing is fetched.
 */
export async function selectFiles(args: ParsedArgs, cwd: string, config: Config): Promise<Selection | undefined> {
  if (!args.staged && args.changed === undefined) return undefined;
  const top = gitRun(cwd, ['rev-parse', '--show-toplevel', '--git-path', 'index']);
  if (top.status !== 0) {
    const option = args.staged ? '--staged' : '--changed';
    // git's reason when it is not the plain one (a repository owned by another user, say).
    const why = /not a git repository/i.test(top.stderr) ? 'the current folder is not in one' : `git says: ${gitReason(top.stderr)}`;
    throw new UsageError(`${option} needs a git repository, and ${why}`);
  }
  const [root = '', index = ''] = top.stdout.toString('utf8').split('\n');
  const maxBytes = args.maxFileSize ?? DEFAULT_MAX_BYTES;
  const ignore = compileGlobs(config.ignore, config.base);
  const wanted = args.positionals.map((p) => resolve(cwd, p));
  // Paths come from the top of the work tree and are reported from the current folder: in the
  // usual cases (the current folder is the top, or holds the path) a slice, not a path resolution.
  const below = relative(root, cwd).split(sep).join('/');
  const fromCwd = (fromTop: string): string =>
    !below
      ? fromTop
      : fromTop.startsWith(`${below}/`)
        ? fromTop.slice(below.length + 1)
        : relative(cwd, resolve(root, fromTop)).split(sep).join('/');
  const keep = (fromTop: string): string | undefined => {
    const rel = fromCwd(fromTop);
    if (rel.split('/').some((s) => SKIPPED.has(s)) || ignore.matches(rel)) return undefined;
    if (wanted.length && !wanted.some((w) => isInside(w, resolve(root, fromTop)))) return undefined;
    return rel;
  };

  if (args.changed !== undefined) {
    const commit = resolveCommit(root, args.changed);
    const files: FileJob[] = [];
    const options = { wanted: (p: string) => keep(p) !== undefined, hashLimit: maxBytes, indexFile: resolve(cwd, index) };
    for (const n of await changedSince(root, commit, options)) {
      files.push({ rel: keep(n)!, abs: resolve(root, n) });
    }
    return { files };
  }

  const staged = stagedFiles(root).filter((f) => keep(f.path) !== undefined);
  const contents = readStaged(root, staged, maxBytes);
  const files: FileJob[] = [];
  for (const f of staged) {
    const content = contents.get(f.oid);
    // `abs` is only a name here: the scan reads `content`, never the working tree's file.
    if (content) files.push({ rel: keep(f.path)!, abs: resolve(root, f.path), content });
  }
  return { files };
}

/** REF as a commit id, once its trees are known to be in this clone (nothing is fetched). */
function resolveCommit(top: string, ref: string): string {
  if (ref.startsWith('-')) throw new UsageError(`--changed: "${ref}" is not a git ref`);
  // rev-list reads REF without fetching: a name or an id this clone lacks is an error, not a fetch.
  const commit = requireCommitTrees(top, ref, `--changed: "${ref}"`);
  if (!commit) throw new UsageError(`--changed: "${ref}" is not a commit`);
  return commit;
}
