import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheHook } from './cli/startup/hook.js';

// Third-party CommonJS packages, each loaded on first use. Those left in node_modules are loaded
// with require: importing a CommonJS package from an ES module makes Node lex its source, and
// every file it re-exports, for export names first (2.5 times the load time of ignore and
// @babel/parser). yaml is bundled into the CLI by the build (scripts/build.mjs), where import()
// is a lazy call into the bundle; under the tests it is a plain import.

const require = createRequire(import.meta.url);

/**
 * A file of an installed package, looked for as Node looks for packages (`node_modules` in this
 * folder and each one above), but without Node's resolution of the package's `exports` map: that
 * loads Node's ES module resolver, 4 ms of a five-file pre-commit run. `file` is what the map
 * names for `require` (the package versions are pinned); Node resolves it when the file is not
 * there (Yarn Plug'n'Play, another layout, another version).
 */
function packageFile(pkg: string, file: string, specifier: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', pkg, file);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return require.resolve(specifier);
  }
}

/**
 * The big single-file parsers load through the CLI's code cache when there is one
 * (src/cli/startup/code-cache.ts): compiling Babel's parser was most of a short run's first parse.
 */
function requireCached<T>(id: string, path: string = require.resolve(id)): T {
  const hook = codeCacheHook();
  return (hook ? hook.require(path) : require(path)) as T;
}

export const loadYaml = (): Promise<typeof import('yaml')> => import('yaml');
export const loadIgnore = (): typeof import('ignore') => require('ignore') as typeof import('ignore');
export const loadPicocolors = (): typeof import('picocolors') => require('picocolors') as typeof import('picocolors');
export const loadBabelParser = (): typeof import('@babel/parser') => requireCached<typeof import('@babel/parser')>('@babel/parser');
/** The CommonJS build, through require: importing the ES module build made Node's module loader load fs/promises and readline. */
export const loadWebTreeSitter = (): typeof import('web-tree-sitter') =>
  requireCached<typeof import('web-tree-sitter')>('web-tree-sitter', packageFile('web-tree-sitter', 'tree-sitter.cjs', 'web-tree-sitter'));
/** The tree-sitter runtime's own WebAssembly, as bytes (given a path, the runtime imports fs/promises). */
export const readWebTreeSitterWasm = (): Buffer =>
  readFileSync(packageFile('web-tree-sitter', 'tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm'));

/**
 * The same, compiling on V8's background threads. The launcher of a short run starts it before it
 * loads the program: the runtime's compile (about 7 ms, then its start-up) was the longest wait
 * of a pre-commit run that parses Python, shell or HCL, and a run that parses none loses only that
 * background work.
 */
export function compileWebTreeSitterWasm(): Promise<WebAssembly.Module> {
  // A Node without WebAssembly (--jitless) or a missing file rejects here: the runtime's start then
  // falls back to the bytes and reports. Marked handled now, since a run may never start the
  // runtime, and an unhandled rejection ends the process.
  const compiling = (async () => WebAssembly.compile(readWebTreeSitterWasm()))();
  compiling.catch(() => {});
  return compiling;
}
export const loadFastGlob = (): typeof import('fast-glob') => require('fast-glob') as typeof import('fast-glob');
/** The TypeScript compiler that ts-morph bundles, for tsconfig `paths` only. */
export const loadTypeScript = (): typeof import('ts-morph').ts => (require('ts-morph') as typeof import('ts-morph')).ts;
