#!/usr/bin/env node
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeCache, codeCacheDirs } from './startup/code-cache.js';
import { installCodeCacheHook } from './startup/hook.js';
import { compileWebTreeSitterWasm } from '../packages.js';
import { isShortRun, runProfileOf } from './startup/run-profile.js';
import { applyV8Flags, v8FlagsFor } from './startup/v8-flags.js';

// The bin (dist/cli/main.js): a few lines that load the CLI's bundle (dist/cli/program.js, built
// from main.ts) through V8's code cache, so a short run does not compile the same JavaScript
// again every time. The flags go first: V8 accepts a code cache only under the flags it was
// made with.
const profile = runProfileOf(process.argv.slice(2));
const flags = v8FlagsFor(profile);
applyV8Flags(flags);

const here = dirname(fileURLToPath(import.meta.url));
const cache = new CodeCache(codeCacheDirs(resolve(here, '..', '..'), process.env), flags.join(' '), profile);
let keep = false;
// The flags are set again before each load and before the cache is written: a reader thread's
// start puts one back (v8-flags.ts), and V8 takes a cache only under the flags it was made with.
const load = (filename: string): unknown => {
  applyV8Flags(flags);
  return cache.require(filename);
};
// A short run starts compiling the tree-sitter runtime now, and lets V8 hand the compile to its
// background threads (one turn of the event loop) before the program loads: the compile then runs
// beside the load instead of starting when the first file is parsed.
const runtimeCompile = isShortRun(profile) ? compileWebTreeSitterWasm() : undefined;
installCodeCacheHook({
  v8Flags: flags,
  ...(runtimeCompile ? { treeSitterRuntime: runtimeCompile } : {}),
  require: load,
  keep: () => {
    keep = true;
  },
});
// Written once the run is over, so that the code of every function the run used is in it; only
// after a scan or an inventory that worked (not --help, nor a usage error).
process.once('exit', (code) => {
  if (process.env.DTS_TIMING) for (const line of cache.report()) process.stderr.write(`dts-timing ${line}\n`);
  if (!keep || (code !== 0 && code !== 1)) return;
  applyV8Flags(flags);
  cache.save();
});
if (runtimeCompile) setImmediate(() => load(join(here, 'program.js')));
else load(join(here, 'program.js'));
