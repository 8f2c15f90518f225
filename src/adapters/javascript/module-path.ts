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

/** `@/lib/x`, `~/lib/x`, `#/lib/x`: a project's own alias for its source folder, never a package. */
export const isAliasSpecifier = (spec: string): boolean => /^[@~#]\//.test(spec);

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
  if (CODE_EXTS.includes(ext)) {
    candidates.push(base);
    for (const alt of EMITTED_TO_SOURCE[ext] ?? []) candidates.push(base.slice(0, -ext.length) + alt);
  }
  for (const e of CODE_EXTS) candidates.push(base + e);
  for (const e of CODE_EXTS) candidates.push(`${base}/index${e}`);
  return candidates.find((c) => fileExists(c));
}
