import { setFlagsFromString } from 'node:v8';

// The V8 flags a run sets, in one place: the launcher sets them before it compiles anything,
// because V8 rejects a code cache made under other flags (the flags' hash is part of its key).

/**
 * - Capped inlining: a scan lasts a second or so, and the optimising compiler's time goes mostly
 *   into inlining big parser functions that will not run long enough to pay it back (about 600 ms
 *   to 300 ms of CPU on a 25,000-file tree, for the same scan speed).
 * - The parsers' WebAssembly is compiled by the baseline compiler only: optimising it costs more
 *   CPU than a scan's parsing gains, and would outlast a short scan.
 * - And compiled whole when it loads, on V8's background threads, rather than function by function
 *   on this thread as parsing first calls each: about the same CPU in all (less for the Python
 *   grammar), but off the thread that runs the scan (src/cli/startup/warm-parsers.ts). On a
 *   five-file run this thread spent a quarter of its time in the parsers' code, a tenth after.
 */
export const V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=100', '--liftoff-only', '--no-wasm-lazy-compilation'];

export function applyV8Flags(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
