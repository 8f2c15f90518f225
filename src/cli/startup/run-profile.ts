import { statSync } from 'node:fs';
import { isExpectedIoError, rethrowUnless } from '../../errors.js';
import { takesNextValue } from '../option-table.js';

// Which code cache a run loads its bundle with, and with which V8 flags (v8-flags.ts), decided
// from the command line before the bundle is compiled (src/cli/launcher.ts). A short run (a
// pre-commit hook's named files, or --staged / --changed) compiles a small part of the program, a
// folder's scan most of it; one cache for both would make the short runs load code they never
// call, so each kind keeps its own. A wrong guess costs only speed: every cache holds code for the
// same bundle.

/**
 * `cached`: a folder's scan with --cache, which reads few files but a cache's many records, and
 * runs with other V8 flags (v8-flags.ts). `context`: a short run with --cache (the pre-commit
 * hook's), which also reads the rest of the repository as its files' context, from the facts
 * cache: it runs much of a folder's scan, and a cache made by it made a plain short run load
 * 1.6 MB of code instead of 0.9 (10 ms of a five-file run). `worker`: a reader thread's, which
 * loads its own bundle (src/scan/worker-launcher.ts).
 */
export type RunProfile = 'short' | 'context' | 'folder' | 'cached' | 'worker';

export function runProfileOf(args: readonly string[]): RunProfile {
  let cached = false;
  let short = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--staged' || arg === '--changed' || arg.startsWith('--changed=')) short = true;
    if (arg === '--cache') cached = true;
    // An option's value (`--output report.json`, `--cache-location .cache/x`) is no file to scan.
    if (takesNextValue(arg)) i++;
    if (arg.startsWith('-')) continue;
    if (!short && isFile(arg)) short = true;
  }
  if (short) return cached ? 'context' : 'short';
  return cached ? 'cached' : 'folder';
}

/** A run of a few files (named, staged or changed), with or without the rest of the repository as context. */
export const isShortRun = (profile: RunProfile): boolean => profile === 'short' || profile === 'context';

/** Any path a user may type: one through a file (ENOTDIR), unreadable or too long is no file here; the scan says why. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return false;
  }
}
