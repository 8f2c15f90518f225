import { posix } from 'node:path';

// Where a relative JavaScript/TypeScript import points in the repository. Kept apart from the
// parser-backed loader so the workflow classification can follow imports without loading it.

const CODE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** ESM TypeScript imports name the emitted `.js` file; the source is the `.ts` beside it. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** The specifiers of `… from '…'`, `require('…')` and `import('…')`: group 1. */
export const IMPORT_SPEC = /\b(?:from|require\s*\(|import\s*\()\s*['"]([^'"\n]{1,300})['"]/g;

/** `@/lib/x`, `~/lib/x`, `#/lib/x`, SvelteKit's `$lib/x`: a project's own alias for its source folder, never a package. */
export const isAliasSpecifier = (spec: string): boolean => /^[@~#]\//.test(spec) || /^\$lib(?:\/|$)/.test(spec);

const SVELTE_CONFIGS = ['svelte.config.js', 'svelte.config.ts', 'svelte.config.mjs'];

/**
 * SvelteKit's `$lib/x`: `src/lib/x` of the project the importer is in (the folder of its
 * `svelte.config.*`), the base to probe. Kit declares the alias in a tsconfig it generates at
 * build time, which a repository does not hold.
 */
export function svelteLibBase(spec: string, from: string, fileExists: (path: string) => boolean): string | undefined {
  const rest = /^\$lib(\/.*)?$/.exec(spec);
  if (!rest) return undefined;
  for (let dir = posix.dirname(from), guard = 0; guard < 30; dir = posix.dirname(dir), guard++) {
    const prefix = dir === '.' || dir === '/' ? '' : `${dir}/`;
    if (SVELTE_CONFIGS.some((n) => fileExists(prefix + n))) return `${prefix}src/lib${rest[1] ?? ''}`;
    if (prefix === '') return undefined;
  }
  return undefined;
}

/** The project configs that declare module aliases (`paths`, `baseUrl`), nearest first. */
export const PROJECT_CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'] as const;

export const isRelativeSpecifier = (spec: string): boolean =>
  spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../');

/**
 * The file that `base` (a relative specifier joined to the importer's folder and normalised)
 * names: as written, the TypeScript source of an emitted `.js`, with an extension, or an index.
 */
export function probeModuleFile(base: string, fileExists: (path: string) => boolean): string | undefined {
  if (base === '..' || base.startsWith('../')) return undefined;
  const ext = posix.extname(base);
  const candidates: string[] = [];
  // `require("./config.json")`, `import settings from "./settings.json" with { type: "json" }`: the data file itself.
  if (ext === '.json') candidates.push(base);
  if (CODE_EXTS.includes(ext)) {
    candidates.push(base);
    for (const alt of EMITTED_TO_SOURCE[ext] ?? []) candidates.push(base.slice(0, -ext.length) + alt);
  }
  for (const e of CODE_EXTS) candidates.push(base + e);
  for (const e of CODE_EXTS) candidates.push(`${base}/index${e}`);
  return candidates.find((c) => fileExists(c));
}
