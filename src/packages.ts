import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { codeCacheHook } from './cli/startup/hook.js';

// Third-party CommonJS packages, each loaded on first use. Those left in node_modules are loaded
// with require: importing a CommonJS package from an ES module makes Node lex its source, and
// every file it re-exports, for export names first (2.5 times the load time of ignore and
// @babel/parser). yaml is bundled into the CLI by the build (scripts/build.mjs), where import()
// is a lazy call into the bundle; under the tests it is a plain import.

const require = createRequire(import.meta.url);

/**
 * The big single-file parsers load through the CLI's code cache when there is one
 * (src/cli/startup/code-cache.ts): compiling Babel's parser was most of a short run's first parse.
 */
function requireCached<T>(id: string): T {
  const hook = codeCacheHook();
  return (hook ? hook.require(require.resolve(id)) : require(id)) as T;
}

export const loadYaml = (): Promise<typeof import('yaml')> => import('yaml');
export const loadIgnore = (): typeof import('ignore') => require('ignore') as typeof import('ignore');
export const loadPicocolors = (): typeof import('picocolors') => require('picocolors') as typeof import('picocolors');
export const loadBabelParser = (): typeof import('@babel/parser') => requireCached<typeof import('@babel/parser')>('@babel/parser');
/** The CommonJS build, through require: importing the ES module build made Node's module loader load fs/promises and readline. */
export const loadWebTreeSitter = (): typeof import('web-tree-sitter') => requireCached<typeof import('web-tree-sitter')>('web-tree-sitter');
/** The tree-sitter runtime's own WebAssembly, as bytes (given a path, the runtime imports fs/promises). */
export const readWebTreeSitterWasm = (): Buffer => readFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'));
export const loadFastGlob = (): typeof import('fast-glob') => require('fast-glob') as typeof import('fast-glob');
/** The TypeScript compiler that ts-morph bundles, for tsconfig `paths` only. */
export const loadTypeScript = (): typeof import('ts-morph').ts => (require('ts-morph') as typeof import('ts-morph')).ts;
