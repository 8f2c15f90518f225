import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';
import { gitExecutable } from './git-executable.js';

/**
 * Node's child_process, loaded on the first git call: it brings net, dgram and the stream
 * machinery (a few ms of start-up) that a scan of named files outside git never needs.
 */
const require = createRequire(import.meta.url);
const childProcess = (): typeof import('node:child_process') => require('node:child_process') as typeof import('node:child_process');

/**
 * Runs local git so that nothing the repository configures can run and nothing goes to the
 * network. The repository's own .git/config and .gitattributes are untrusted (a pull request, a
 * cloned project): GIT_CONFIG_NOSYSTEM and friends would not help, since the hostile config is
 * the repository's. So every command a config can name is switched off here, and the callers
 * use plumbing that never hashes the working tree (filter drivers run only when git converts a
 * working-tree file, see src/vcs/worktree-changes.ts) nor reads an object that may be absent
 * from a partial clone before src/vcs/objects-present.ts has checked, without fetching, that it
 * is there. Aliases need nothing: only built-in commands are run, and an alias cannot shadow one.
 * The git run is found on PATH outside the scanned work tree (src/vcs/git-executable.ts).
 */
const SAFE_CONFIG = [
  '--no-pager',
  '--no-replace-objects',
  // fsmonitor names a program (or starts a daemon); the untracked cache is the repository's
  // to keep, not ours to write.
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  // No hook: none of the commands used runs one, but a lazy fetch or an index write would.
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.pager=cat',
  // Programs of a transport: never reached (no protocol is allowed, below), emptied anyway.
  '-c',
  'core.sshCommand=false',
  '-c',
  'core.askPass=',
  '-c',
  'credential.helper=',
  '-c',
  'protocol.allow=never',
  // What a fetch would start after it: never reached either.
  '-c',
  'gc.auto=0',
  '-c',
  'maintenance.auto=false',
  '-c',
  'submodule.recurse=false',
  // diff.external, diff.<driver>.command and textconv are not overridden (an empty diff.external
  // would still be "a program"): they apply only to patch output, and the diff plumbing used
  // here prints names and object ids.
];

/** What git and a child it might start see; the user's own GIT_DIR, GIT_INDEX_FILE etc. are kept. */
const safeEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Reading never writes the index (a refresh would, and run the post-index-change hook).
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    // git 2.39.4+, 2.44+: a missing object of a partial clone is an error, never a fetch.
    GIT_NO_LAZY_FETCH: '1',
    // No transport at all, whatever protocol.*.allow the repository sets: an empty allow list
    // overrides the config, so a fetch that slipped through could not connect anywhere.
    GIT_ALLOW_PROTOCOL: '',
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_SSH_COMMAND: 'false',
    GIT_PAGER: 'cat',
  };
  delete env.GIT_SSH;
  delete env.GIT_EXTERNAL_DIFF;
  return env;
};

const CANNOT_RUN = 'git is needed for --staged, --changed and history, and could not be run';

/** git by its full path, never one from the scanned work tree (src/vcs/git-executable.ts). */
function gitFor(cwd: string): string {
  const bin = gitExecutable(cwd);
  if (!bin) throw new UsageError(`${CANNOT_RUN}: no git on PATH outside the repository`);
  return bin;
}

export interface GitResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git and returns whatever it said; throws only when git cannot be run at all. */
export function gitRun(cwd: string, args: readonly string[], input?: string | Buffer): GitResult {
  const res = childProcess().spawnSync(gitFor(cwd), [...SAFE_CONFIG, ...args], { cwd, input, maxBuffer: 1 << 30, env: safeEnv() });
  if (res.error) throw new UsageError(CANNOT_RUN);
  return { status: res.status ?? 128, stdout: res.stdout, stderr: res.stderr.toString('utf8') };
}

/** Runs git; a failure is a UsageError quoting git's own reason. */
export function git(cwd: string, args: readonly string[], input?: string | Buffer): Buffer {
  const res = gitRun(cwd, args, input);
  if (res.status !== 0) throw new UsageError(`git ${args[0]} failed: ${gitReason(res.stderr)}`);
  return res.stdout;
}

/** git's first `fatal:`/`error:` line (a GIT_TRACE the user set may come first), without its prefix. */
export function gitReason(stderr: string): string {
  const lines = stderr.split('\n');
  const line = lines.find((l) => /^(fatal|error): /.test(l)) ?? lines.find((l) => l.trim()) ?? '';
  return line.replace(/^(fatal|error): /, '').slice(0, 200);
}

export const nulList = (b: Buffer): string[] => b.toString('utf8').split('\0').filter(Boolean);

/** `git` without blocking the thread; rejects (a UsageError quoting git) when git cannot run or fails. */
export function gitAsync(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let bin: string;
    try {
      bin = gitFor(cwd);
    } catch (e) {
      reject(e);
      return;
    }
    const child = childProcess().spawn(bin, [...SAFE_CONFIG, ...args], { cwd, env: safeEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString('utf8');
    });
    child.on('error', () => reject(new UsageError(CANNOT_RUN)));
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new UsageError(`git ${args[0]} failed: ${gitReason(stderr)}`)),
    );
  });
}

/**
 * A long-running git whose stdin and stdout the caller streams (a `cat-file --batch` fed object ids
 * as another command lists them); same configuration and environment as every other call here.
 * Throws a UsageError when git cannot be found; the caller handles the child's 'error' and 'close'.
 */
export function gitSpawn(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return childProcess().spawn(gitFor(cwd), [...SAFE_CONFIG, ...args], { cwd, env: safeEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
}
