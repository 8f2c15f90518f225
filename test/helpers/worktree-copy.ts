import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository under test (this checkout). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A fixed identity so commits work on machines without git user config. */
export const GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'dts-test',
  GIT_AUTHOR_EMAIL: 'dts-test@example.invalid',
  GIT_COMMITTER_NAME: 'dts-test',
  GIT_COMMITTER_EMAIL: 'dts-test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

/**
 * The environment a user's shell would have: without the npm_* variables `npm test` sets for
 * its scripts (npm_config_local_prefix and friends would point npm back at this checkout).
 */
export function userEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function run(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = userEnv(),
  timeout = 600_000,
): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Copies what a clean clone of the current work would hold (tracked files plus untracked files
 * that are not ignored, as they are now on disk) into a new temporary folder. No dist/, no
 * node_modules: whatever needs them must build or install them, as on a fresh machine.
 */
export function copyWorkTree(prefix = 'dts-worktree-'): string {
  const list = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, maxBuffer: 64 << 20 });
  if (list.status !== 0) throw new Error(`git ls-files failed in ${REPO_ROOT}`);
  const dest = mkdtempSync(join(tmpdir(), prefix));
  for (const rel of list.stdout.toString('utf8').split('\0').filter(Boolean)) {
    const from = join(REPO_ROOT, rel);
    let st;
    try {
      st = lstatSync(from);
    } catch {
      continue; // deleted in the work tree, not yet in the index
    }
    const to = join(dest, rel);
    mkdirSync(dirname(to), { recursive: true });
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (st.isFile()) copyFileSync(from, to);
  }
  return dest;
}

/** copyWorkTree, then a git repository with it all in one commit; returns the folder and the commit. */
export function commitWorkTreeCopy(prefix = 'dts-hookrepo-'): { dir: string; sha: string } {
  const dir = copyWorkTree(prefix);
  const env = userEnv(GIT_ENV);
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '--no-verify', '-m', 'work tree under test'],
  ]) {
    const r = run('git', args, dir, env);
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
  }
  const sha = run('git', ['rev-parse', 'HEAD'], dir, env).stdout.trim();
  return { dir, sha };
}
