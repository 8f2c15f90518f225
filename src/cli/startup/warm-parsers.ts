import { resolve } from 'node:path';
import { adapterFor, parsersByPath } from '../../adapters/registry.js';
import type { ParserName } from '../../adapters/descriptor.js';
import { startTreeSitterRuntime } from '../../adapters/tree-sitter.js';
import { prefilterAhead, type FileJob } from '../../scan/prefilter-file.js';

// A short run (pre-commit: a few named files) loads each WebAssembly parser when its first file
// comes up, and waits for it there. Started as soon as a file that needs it is read instead, the
// runtime and grammars compile on V8's background threads while this thread reads the other files
// and loads Babel and the rest. Only what the files will use is started: a file that the
// pre-filter drops loads nothing. The files read here are not read again by the scan.

type Load = () => Promise<unknown>;
/** The grammars wait for the runtime: it is started first, at once, not after a module import. */
const withRuntime =
  (load: Load): Load =>
  () => {
    startTreeSitterRuntime();
    return load();
  };
const python: Load = withRuntime(async () => (await import('../../adapters/python/parser.js')).loadPythonParser());
const bash: Load = withRuntime(async () => (await import('../../adapters/shell/bash-parser.js')).loadBashParser());
const hcl: Load = withRuntime(async () => (await import('../../adapters/terraform/hcl-reader.js')).loadHclParser());
/**
 * Babel runs on this thread: it is loaded once the thread is idle, which it is while the first
 * file waits for its grammar to compile.
 */
const babel: Load = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await (await import('../../adapters/javascript/parse.js')).loadParser();
};

/** How each parser an adapter names (its descriptor's `parsers`) is started. */
const PARSERS: Readonly<Record<ParserName, Load>> = { babel, python, bash, hcl };

/** More named files than this make a big run, where a first parse's wait does not matter. */
const MAX_FILES = 64;

/**
 * Reads `files` (named on the command line or selected by --staged) ahead of the scan, and starts
 * loading the parsers they will need. A WebAssembly parser starts when its first file is read,
 * Babel once all are. Failures are left to the adapters, which load again and report.
 */
export async function warmParsersFor(files: readonly FileJob[], maxBytes: number): Promise<void> {
  if (files.length > MAX_FILES) return;
  const started = new Set<Load>();
  for (const job of files) {
    const pre = prefilterAhead(job, maxBytes);
    if (pre.kind !== 'candidate' || !pre.relevant) continue;
    const entry = adapterFor(job.rel, pre.file.text);
    let compiling = false;
    for (const load of (entry?.parsers ?? []).map((name) => PARSERS[name])) {
      if (started.has(load)) continue;
      started.add(load);
      if (load === babel) continue;
      load().catch(() => {});
      compiling = true;
    }
    // The loads run up to their compiles (a few promise steps) before the next file is read.
    if (compiling) await new Promise((resolve) => setImmediate(resolve));
  }
  if (started.has(babel)) babel().catch(() => {});
}

/** The parsers whose WebAssembly compiles on V8's background threads. */
const COMPILED: readonly ParserName[] = ['python', 'bash', 'hcl'];

/**
 * A folder's scan without a cache reads every file: the WebAssembly parsers start at once, and
 * compile on V8's background threads while the walk waits on git. The first Python file, CI
 * workflow or Terraform module extracted then finds its grammar ready (the first workflow's
 * extraction took 63-75 ms instead of 18-20). All of them compile in about 25 ms of CPU time; a
 * repository without such files loses only that. Babel is left to load on first use: it compiles
 * on this thread whenever it loads.
 */
export function warmCompiledParsers(): void {
  for (const name of COMPILED) PARSERS[name]().catch(() => {});
}

/**
 * For a scan that reads few files (--cache): starts the WebAssembly parsers that a file the walk
 * found, and that will be read, may need, judged by its path, each once.
 */
export function parserWarmer(): (rel: string) => void {
  const pending = new Set<ParserName>(COMPILED);
  const wanted = parsersByPath(COMPILED);
  return (rel) => {
    if (pending.size === 0) return;
    for (const name of wanted(rel, pending)) {
      pending.delete(name);
      PARSERS[name]().catch(() => {});
    }
  };
}

/** The named paths as jobs, when every one is a file (a folder makes a walk: not a short run). */
export function namedFileJobs(paths: readonly string[], cwd: string, isFile: (abs: string) => boolean): FileJob[] | undefined {
  if (!paths.length || paths.length > MAX_FILES) return undefined;
  const jobs = paths.map((rel) => ({ rel, abs: resolve(cwd, rel) }));
  return jobs.every((j) => isFile(j.abs)) ? jobs : undefined;
}
