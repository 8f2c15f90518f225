// How the program reaches the launcher's code cache (src/cli/launcher.ts). The two are separate
// bundles, so they meet on a registered symbol of the global object. Without a launcher (tests
// running the sources, the worker thread) there is no hook and packages load with plain require.

export interface CodeCacheHook {
  /** Loads one CommonJS file (an absolute path) with its compiled code cached between runs. */
  require(filename: string): unknown;
  /** This run is worth caching (a scan or an inventory, not --help): write what was compiled. */
  keep(): void;
}

const KEY = Symbol.for('dbt-token-scan.code-cache');

export function installCodeCacheHook(hook: CodeCacheHook): void {
  (globalThis as Record<symbol, unknown>)[KEY] = hook;
}

export function codeCacheHook(): CodeCacheHook | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as CodeCacheHook | undefined;
}
