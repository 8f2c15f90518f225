import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeCache, codeCacheDirs } from '../cli/startup/code-cache.js';
import { installCodeCacheHook } from '../cli/startup/hook.js';
import { workerData } from 'node:worker_threads';
import { applyV8Flags, v8FlagsFor } from '../cli/startup/v8-flags.js';
import type { WorkerData } from './worker-protocol.js';

// A reader thread's entry (dist/cli/worker-main.js): a few lines that load the reader's bundle
// (dist/cli/worker.js, built from worker.ts), and the parsers it loads, through V8's code cache,
// as the CLI's launcher does for the main thread (src/cli/launcher.ts). Compiling them was a
// fifth of a reader's start-up, and a reader that extracts files compiled each parser again on
// every run. The cache is kept apart from the main thread's (the `worker` profile), since each
// thread compiles different functions of the same files. Written when the reader is done.

// The main thread's flags, set again now and before each load and save: V8 puts the young
// generation's growth factor back to its default whenever it starts a thread's heap (v8-flags.ts),
// so the main thread's would grow from then on, and V8 takes a code cache only under the flags
// it was made with.
const flags = (workerData as Partial<WorkerData> | null)?.v8Flags ?? v8FlagsFor('worker');
applyV8Flags(flags);
const here = dirname(fileURLToPath(import.meta.url));
const cache = new CodeCache(codeCacheDirs(resolve(here, '..', '..'), process.env), flags.join(' '), 'worker');
const load = (filename: string): unknown => {
  applyV8Flags(flags);
  return cache.require(filename);
};
installCodeCacheHook({
  require: load,
  keep: () => {},
  save: () => {
    applyV8Flags(flags);
    cache.save();
  },
  report: () => cache.report(),
});
load(join(here, 'worker.js'));
