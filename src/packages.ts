import { createRequire } from 'node:module';

// Third-party CommonJS packages, each loaded on first use. Those left in node_modules are loaded
// with require: importing a CommonJS package from an ES module makes Node lex its source, and
// every file it re-exports, for export names first (2.5 times the load time of ignore and
// @babel/parser). yaml is bundled into the CLI by the build (scripts/build.mjs), where import()
// is a lazy call into the bundle; under the tests it is a plain import.

const require = createRequire(import.meta.url);

export const loadYaml = (): Promise<typeof import('yaml')> => import('yaml');
export const loadIgnore = (): typeof import('ignore') => require('ignore') as typeof import('ignore');
export const loadPicocolors = (): typeof import('picocolors') => require('picocolors') as typeof import('picocolors');
export const loadBabelParser = (): typeof import('@babel/parser') => require('@babel/parser') as typeof import('@babel/parser');
export const loadFastGlob = (): typeof import('fast-glob') => require('fast-glob') as typeof import('fast-glob');
/** The TypeScript compiler that ts-morph bundles, for tsconfig `paths` only. */
export const loadTypeScript = (): typeof import('ts-morph').ts => (require('ts-morph') as typeof import('ts-morph')).ts;
