// git for the bench's own throwaway copies only (the warm case's repository, scripts/bench/warm.mjs),
// never for a user's folder. It follows src/vcs/git.ts, which the scanner uses: no hooks, no
// fsmonitor, no pager, no network, no signing, and neither the system's nor the user's git config,
// so that a run measures the same thing on every machine and nothing configured elsewhere runs.
import { spawnSync } from 'node:child_process';

const SAFE_CONFIG = [
  '--no-pager',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.pager=cat',
  '-c',
  'core.autocrlf=false',
  '-c',
  'core.sshCommand=false',
  '-c',
  'credential.helper=',
  '-c',
  'protocol.allow=never',
  '-c',
  'gc.auto=0',
  '-c',
  'maintenance.auto=false',
  '-c',
  'commit.gpgSign=false',
  // Loose objects stored, not compressed: the copy lives for one run, and compressing hundreds of
  // megabytes would be most of its set-up time.
  '-c',
  'core.looseCompression=0',
  '-c',
  'user.name=dbt-token-scan bench',
  '-c',
  'user.email=bench@example.invalid',
];

const ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_ALLOW_PROTOCOL: '',
  GIT_ASKPASS: '',
  SSH_ASKPASS: '',
  GIT_SSH_COMMAND: 'false',
  GIT_PAGER: 'cat',
};

/** Runs git in `cwd` (a copy the bench made); throws with git's message when it fails. */
export function benchGit(cwd, args) {
  const env = { ...process.env, ...ENV };
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_SSH', 'GIT_EXTERNAL_DIFF']) delete env[k];
  const res = spawnSync('git', [...SAFE_CONFIG, ...args], { cwd, env, maxBuffer: 1 << 28 });
  if (res.error || res.status !== 0)
    throw new Error(`git ${args[0]}: ${res.error?.message ?? res.stderr.toString('utf8').trim().split('\n').slice(-2).join(' / ')}`);
  return res.stdout.toString('utf8');
}
