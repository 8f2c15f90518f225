import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { RunError } from '../errors.js';
import { gitReason } from '../vcs/git.js';

/**
 * Resolves when a streamed git command has ended well; rejects with git's own reason otherwise.
 * `what` names the step for the message (`git rev-list`).
 */
export function childDone(child: ChildProcessWithoutNullStreams, what: string): Promise<void> {
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 4096) stderr += c.toString('utf8');
  });
  // A reader that stops early (an error elsewhere) must not turn into an unhandled EPIPE.
  child.stdin.on('error', () => {});
  return new Promise((resolve, reject) => {
    child.on('error', () => reject(new RunError(`${what} could not be run`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new RunError(`${what} failed: ${gitReason(stderr) || (signal ? `stopped by ${signal}` : `exit ${code}`)}`));
    });
  });
}
