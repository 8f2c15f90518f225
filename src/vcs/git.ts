import { spawnSync } from 'node:child_process';
import { UsageError } from '../errors.js';

/**
 * Runs local git, never anything the repository configures: fsmonitor hooks are turned off,
 * only plumbing commands that apply no filters or textconv are used, and a partial clone never
 * fetches a missing object. No network.
 */
export function git(cwd: string, args: readonly string[], input?: string): Buffer {
  const res = spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', ...args], {
    cwd, input, maxBuffer: 1 << 30, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' },
  });
  if (res.error) throw new UsageError('git is needed for --staged and --changed, and could not be run');
  if (res.status !== 0) {
    const first = res.stderr.toString('utf8').split('\n')[0]?.replace(/^fatal: /, '') ?? '';
    throw new UsageError(`git ${args[0]} failed: ${first.slice(0, 200)}`);
  }
  return res.stdout;
}

export const nulList = (b: Buffer): string[] => b.toString('utf8').split('\0').filter(Boolean);
