// How the program reaches the launcher's code cache (src/cli/launcher.ts). The two are separate
// bundles, so they meet on a registered symbol of the global object. A reader thread has a
// launcher of its own (src/scan/worker-launcher.ts). Without one (tests running the sources)
// there is no hook and packages load with plain require.

export interface CodeCacheHook {
  /** Loads one CommonJS file (an absolute path) with its compiled code cached between runs. */
  require(filename: string): unknown;
  /** This run is worth caching (a scan or an inventory, not --help): write what was compiled. */
  keep(): void;
  /** Writes what was compiled now (a reader thread, whose end no 'exit' event marks). */
  save?(): void;
  /** One line per file loaded, for DTS_TIMING (a reader thread's; the main thread's launcher prints its own). */
  report?(): string[];
  /** The V8 flags the launcher set (v8-flags.ts), which reader threads set again: the code cache is V8's only under them. */
  v8Flags?: readonly string[];
  /** The tree-sitter runtime's WebAssembly, compiling since the launcher started (a short run: src/adapters/tree-sitter.ts). */
  treeSitterRuntime?: Promise<WebAssembly.Module>;
}

const KEY = Symbol.for('dbt-token-scan.code-cache');

export function installCodeCacheHook(hook: CodeCacheHook): void {
  (globalThis as Record<symbol, unknown>)[KEY] = hook;
}

export function codeCacheHook(): CodeCacheHook | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as CodeCacheHook | undefined;
}
