import { createRequire } from 'node:module';

// Third-party CommonJS packages, loaded with require. Importing a CommonJS package from an ES
// module makes Node lex its source, and every file it re-exports, for export names before running
// it: yaml, ignore and @babel/parser took 2.5 times as long to load that way. Each stays lazy.

const require = createRequire(import.meta.url);

export const loadYaml = (): Promise<typeof import('yaml')> => import('yaml');
export const loadIgnore = (): typeof import('ignore') => require('ignore') as typeof import('ignore');
export const loadPicocolors = (): typeof import('picocolors') => require('picocolors') as typeof import('picocolors');
export const loadBabelParser = (): typeof import('@babel/parser') => require('@babel/parser') as typeof import('@babel/parser');
export const loadFastGlob = (): typeof import('fast-glob') => require('fast-glob') as typeof import('fast-glob');
/** The TypeScript compiler that ts-morph bundles, for tsconfig `paths` only. */
export const loadTypeScript = (): typeof import('ts-morph').ts => (require('ts-morph') as typeof import('ts-morph')).ts;
