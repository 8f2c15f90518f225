import { spawn, spawnSync } from 'node:child_process';
import { UsageError } from '../errors.js';

/**
 * Runs local git, never anything the repository configures: fsmonitor hooks are turned off,
 * only plumbing commands that apply no filters or textconv are used, and a partial clone never
 * fetches a missing object. No network.
 */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false'];
const safeEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' });

export function git(cwd: string, args: readonly string[], input?: string): Buffer {
  const res = spawnSync('git', [...SAFE_CONFIG, ...args], { cwd, input, maxBuffer: 1 << 30, env: safeEnv() });
  if (res.error) throw new UsageError('git is needed for --staged and --changed, and could not be run');
  if (res.status !== 0) {
    const first = res.stderr.toString('utf8').split('\n')[0]?.replace(/^fatal: /, '') ?? '';
    throw new UsageError(`git ${args[0]} failed: ${first.slice(0, 200)}`);
  }
  return res.stdout;
}

export const nulList = (b: Buffer): string[] => b.toString('utf8').split('\0').filter(Boolean);

/** `git` without blocking the thread; rejects when git cannot run or fails. */
export function gitAsync(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: safeEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git ${args[0]} exited with ${code}`))));
  });
}
