import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeCache, codeCacheDirs } from '../cli/startup/code-cache.js';
import { installCodeCacheHook } from '../cli/startup/hook.js';
import { applyV8Flags, V8_FLAGS } from '../cli/startup/v8-flags.js';

// A reader thread's entry (dist/cli/worker-main.js): a few lines that load the reader's bundle
// (dist/cli/worker.js, built from worker.ts), and the parsers it loads, through V8's code cache,
// as the CLI's launcher does for the main thread (src/cli/launcher.ts). Compiling them was a
// fifth of a reader's start-up, and a reader that extracts files compiled each parser again on
// every run. The V8 flags are the process's, set by the main thread's launcher before any thread
// started: the cache is kept apart from the main thread's (the `worker` profile), since each
// thread compiles different functions of the same files. Written when the reader is done.

// Set again: V8 puts the young generation's growth factor back to its default whenever it starts
// a thread's heap (v8-flags.ts), and the main thread's would grow from then on.
applyV8Flags();
const here = dirname(fileURLToPath(import.meta.url));
const cache = new CodeCache(codeCacheDirs(resolve(here, '..', '..'), process.env), V8_FLAGS.join(' '), 'worker');
installCodeCacheHook({
  require: (filename) => cache.require(filename),
  keep: () => {},
  save: () => cache.save(),
  report: () => cache.report(),
});
cache.require(join(here, 'worker.js'));
