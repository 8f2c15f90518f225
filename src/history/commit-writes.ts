import { gitSpawn } from '../vcs/git.js';
import { childDone } from './child-done.js';
import { NulFields } from './nul-tokens.js';

// Which commits wrote which file contents. `rev-list` names the commits of the range and
// `diff-tree --stdin` prints, for each, the object ids and paths of the files it added or changed
// (merges: only what differs from every parent, `-c`, so a branch's work is counted once, where
// it was done). Only object ids and paths: no file content is read, no rename is detected, no
// textconv or external diff can run (raw output, plumbing). Cost grows with the changes, not with
// commits × files.

export interface Commit {
  oid: string;
  /** Committer date, Unix seconds. */
  time: number;
}

export interface CommitWrites {
  /** In rev-list's order: newest first. */
  commits: Commit[];
  /** Blob id → flat pairs (commit index, path index) of every write of it. */
  writes: Map<string, number[]>;
  paths: string[];
}

const REGULAR = new Set(['100644', '100755']);
const HEADER = 0x01;

export async function commitWrites(top: string, revArgs: readonly string[]): Promise<CommitWrites> {
  const out: CommitWrites = { commits: [], writes: new Map(), paths: [] };
  if (!revArgs.length) return out;
  const pathIndex = new Map<string, number>();
  const list = gitSpawn(top, ['rev-list', ...revArgs, '--']);
  // %x01 marks a commit's line: a field that starts with it is never a path (paths follow a ':' field).
  const diff = gitSpawn(top, [
    'diff-tree',
    '--stdin',
    '-r',
    '-z',
    '-c',
    '--root',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '--ignore-submodules=all',
    '--format=%x01%H %ct',
  ]);
  list.stdout.pipe(diff.stdin);
  let current = -1;
  // After a ':' field comes its path: `expectPath`; `pending` is the blob to record under it, if any.
  let expectPath = false;
  let pending: string | undefined;
  const fields = new NulFields((field) => {
    if (expectPath) {
      expectPath = false;
      if (pending === undefined) return;
      const path = field.toString('utf8');
      let p = pathIndex.get(path);
      if (p === undefined) {
        p = out.paths.push(path) - 1;
        pathIndex.set(path, p);
      }
      const w = out.writes.get(pending);
      if (w) w.push(current, p);
      else out.writes.set(pending, [current, p]);
      pending = undefined;
      return;
    }
    if (field[0] === HEADER) {
      const [oid = '', time = '0'] = field.toString('latin1', 1).split(' ');
      current = out.commits.push({ oid, time: Number(time) }) - 1;
      return;
    }
    const text = field.toString('latin1').replace(/^\n/, '');
    if (!text.startsWith(':')) return;
    // `:old new oldId newId S` or, for a merge, `::p1 p2 new p1Id p2Id newId SS`: the result is last.
    const parts = text.replace(/^:+/, '').split(' ');
    const half = (parts.length - 1) / 2;
    const mode = parts[half - 1];
    const oid = parts[parts.length - 2];
    // Deletions, links and submodules are read past; only regular files' contents are recorded.
    expectPath = true;
    pending = mode && oid && REGULAR.has(mode) && !/^0+$/.test(oid) ? oid : undefined;
  });
  diff.stdout.on('data', (c: Buffer) => fields.push(c));
  await Promise.all([childDone(list, 'git rev-list'), childDone(diff, 'git diff-tree')]);
  return out;
}

/**
 * The first write of a blob among `at` (flat pairs commit index, path index): earliest by committer
 * date, and on a tie the one rev-list listed later (its ancestor, usually).
 */
export function earliestWrite(
  commits: readonly Commit[],
  at: readonly number[],
  keep: (pair: number) => boolean = () => true,
): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < at.length; i += 2) {
    if (!keep(i)) continue;
    const c = at[i]!;
    const b = best === undefined ? undefined : at[best]!;
    if (b === undefined || commits[c]!.time < commits[b]!.time || (commits[c]!.time === commits[b]!.time && c > b)) best = i;
  }
  return best;
}
