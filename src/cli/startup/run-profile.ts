import { statSync } from 'node:fs';
import { isExpectedIoError, rethrowUnless } from '../../errors.js';

// Which of two code caches a run loads its bundle with, decided from the command line before the
// bundle is compiled (src/cli/launcher.ts). A short run (a pre-commit hook's named files, or
// --staged / --changed) compiles a small part of the program, a folder's scan most of it; one
// cache for both would make the short runs load code they never call, so each kind keeps its own.
// A wrong guess costs only speed: either cache holds code for the same bundle.

/** `worker`: a reader thread's, which loads its own bundle (src/scan/worker-launcher.ts). */
export type RunProfile = 'short' | 'folder' | 'worker';

export function runProfileOf(args: readonly string[]): RunProfile {
  for (const arg of args) {
    if (arg === '--staged' || arg === '--changed' || arg.startsWith('--changed=')) return 'short';
    if (arg.startsWith('-')) continue;
    // An option's value (`--format json`) names no file: only a file named on the line counts.
    if (isFile(arg)) return 'short';
  }
  return 'folder';
}

/** Any path a user may type: one through a file (ENOTDIR), unreadable or too long is no file here; the scan says why. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return false;
  }
}
