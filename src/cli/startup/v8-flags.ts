import { setFlagsFromString } from 'node:v8';
import type { RunProfile } from './run-profile.js';

// The V8 flags a run sets, in one place: the launcher sets them before it compiles anything,
// because V8 rejects a code cache made under other flags (the flags' hash is part of its key).
// Each kind of run (run-profile.ts) has its own cache, and so may have its own flags.

/**
 * Every run's:
 * - Capped inlining: a scan lasts a second or so, and the optimising compiler's time goes mostly
 *   into inlining big parser functions that will not run long enough to pay it back (about 600 ms
 *   to 300 ms of CPU on a 25,000-file tree, for the same scan speed).
 * - A function is optimised only after twelve times V8's default amount of work in it (the
 *   interrupt budget, 66 KB of bytecode run by default): most functions a scan warms up run for a
 *   fraction of a second, and on two cores the optimising compiler's threads took CPU from the
 *   two that scan. Measured side by side on this build (hyperfine): the dbt-core tree 2.81 to
 *   2.35 s, a data team's 10,800 files 3.79 to 3.30 s, the synthetic tree 935 to 915 ms. Eight
 *   times did about as well, sixteen and thirty-two times less well on the data team's tree, and
 *   no optimising compiler at all was 10% slower there than the default.
 * - The parsers' WebAssembly is compiled by the baseline compiler only: optimising it costs more
 *   CPU than a scan's parsing gains, and would outlast a short scan.
 * - And compiled whole when it loads, on V8's background threads, rather than function by function
 *   on this thread as parsing first calls each: about the same CPU in all (less for the Python
 *   grammar), but off the thread that runs the scan (src/cli/startup/warm-parsers.ts). On a
 *   five-file run this thread spent a quarter of its time in the parsers' code, a tenth after.
 */
const EVERY_RUN: readonly string[] = [
  '--max-inlined-bytecode-size-cumulative=100',
  '--interrupt-budget=811008',
  '--liftoff-only',
  '--no-wasm-lazy-compilation',
];

/**
 * A folder's scan without --cache, which reads every file (the others read a few, or read a
 * cache's many small records, which a small young generation would collect ten times as often):
 * - A young generation that does not grow: V8 doubles it, up to 16 MB a semi-space, while many
 *   objects survive its collections, as the walk's list of files does; most of what a scan
 *   allocates after that dies young (a file's bytes, its text), and the grown nursery was a
 *   quarter of the peak memory of a scan of 30,000 files (30 MB). The price, 2–4% of the time,
 *   is where a Python file's syntax tree outlives a small nursery and is copied. The size cap itself
 *   (--max-semi-space-size) is read only when the process starts; the growth factor is read as
 *   V8 grows it, but put back to 2 (its least) whenever V8 sets up a heap: a reader thread sets
 *   the flags again once it runs (src/scan/worker-launcher.ts).
 * - An old generation that at most doubles between full collections (V8 lets it grow up to
 *   fourfold while collecting costs little): on a tree of 30,000 files whose facts and report are
 *   kept to the end, garbage was most of the peak (236-259 MB before, 199-206 MB after, within
 *   3% of the time).
 */
const FOLDER_SCAN: readonly string[] = ['--semi-space-growth-factor=1', '--heap-growing-percent=100'];

/** The flags of a kind of run. */
export const v8FlagsFor = (profile: RunProfile): readonly string[] => (profile === 'folder' ? [...EVERY_RUN, ...FOLDER_SCAN] : EVERY_RUN);

export function applyV8Flags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
}
