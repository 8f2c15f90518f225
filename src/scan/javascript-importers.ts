import { importedFiles } from './code-imports.js';

// A module that makes a client for dbt Cloud (`export const dbt = axios.create({ baseURL, headers })`)
// and the files that import it and send the requests (`dbt.get("runs/")`) in a route handler that
// never says "dbt" beyond the import: the pre-filter passes only the module. The scan also extracts
// the JavaScript and TypeScript files that import such a module, where the JavaScript reader then
// reports each request with the module's base URL and headers (and not the client where it is made).
// Bounded: at most MAX_READS files are read for this.

const MAX_READS = 2000;
const JS = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
/** The file name without its extension; a folder's name for its `index` module (`./lib/dbt` → `lib/dbt/index.ts`). */
const stemOf = (rel: string): string => {
  const parts = rel.split('/');
  const base = parts.pop()!.replace(/\.[^.]+$/, '');
  return base === 'index' && parts.length > 0 ? parts.pop()! : base;
};

/**
 * The JavaScript and TypeScript files of `discovered` (not among `extracted`) that import one of
 * `modules` (files the JavaScript reader found a call in) by a relative or aliased path.
 */
export function javascriptImporters(
  modules: readonly string[],
  extracted: ReadonlySet<string>,
  discovered: readonly string[],
  read: (rel: string) => string | undefined,
  fileExists: (rel: string) => boolean,
): string[] {
  const targets = new Set(modules.filter((m) => JS.test(m)));
  if (targets.size === 0) return [];
  const stems = [...new Set([...targets].map(stemOf))];
  const out: string[] = [];
  let reads = 0;
  for (const rel of discovered) {
    if (!JS.test(rel) || extracted.has(rel) || targets.has(rel)) continue;
    if (reads++ >= MAX_READS) break;
    const text = read(rel);
    // Every import of a module names its file (or its folder, for an `index`): most files name none.
    if (text === undefined || !stems.some((s) => text.includes(s))) continue;
    if (importedFiles(rel, text, fileExists, read).some((p) => targets.has(p))) out.push(rel);
  }
  return out;
}
