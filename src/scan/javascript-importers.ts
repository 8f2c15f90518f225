import { folderOf } from '../adapters/repo-path.js';
import { importedFiles } from './code-imports.js';

// A module that makes a client for dbt Cloud (`export const dbt = axios.create({ baseURL, headers })`)
// and the files that import it and send the requests (`dbt.get("runs/")`) in a route handler that
// never says "dbt" beyond the import: the pre-filter passes only the module. The scan also extracts
// the JavaScript and TypeScript files that import such a module, where the JavaScript reader then
// reports each request with the module's base URL and headers (and not the client where it is made).
// Only files of the module's own package are looked at, and at most MAX_READS files are read.

const MAX_READS = 2000;
const JS = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const PACKAGE_JSON = /(?:^|\/)package\.json$/;

/** The nearest folder at or above `rel`'s that holds a package.json; '' (the root) when none does. */
function packageRootOf(rel: string, packages: ReadonlySet<string>): string {
  for (let d = folderOf(rel); d !== ''; d = folderOf(d)) if (packages.has(d)) return d;
  return '';
}

/** The file name without its extension; a folder's name for its `index` module (`./lib/dbt` → `lib/dbt/index.ts`). */
const stemOf = (rel: string): string => {
  const parts = rel.split('/');
  const base = parts.pop()!.replace(/\.[^.]+$/, '');
  return base === 'index' && parts.length > 0 ? parts.pop()! : base;
};

/**
 * The JavaScript and TypeScript files of `discovered` (not among `extracted`) that import one of
 * `modules` (files the JavaScript reader found a call in, on `lines`) that exports a client it
 * makes, by a relative or aliased path; or that exports a request helper whose URL ends in what it
 * is given (`pathGiven`), which the importer gives an API path.
 */
export function javascriptImporters(
  modules: readonly { rel: string; lines: readonly number[]; pathGiven?: boolean }[],
  extracted: ReadonlySet<string>,
  discovered: readonly string[],
  read: (rel: string) => string | undefined,
  fileExists: (rel: string) => boolean,
): string[] {
  const clientModules = new Set<string>();
  const helperModules = new Set<string>();
  for (const m of modules) {
    if (!JS.test(m.rel)) continue;
    const text = read(m.rel);
    if (exportsClientMade(text, m.lines)) clientModules.add(m.rel);
    else if (m.pathGiven && text !== undefined && EXPORTED_FUNCTION.test(text)) helperModules.add(m.rel);
  }
  const targets = new Set([...clientModules, ...helperModules]);
  if (targets.size === 0) return [];
  const stems = [...new Set([...targets].map(stemOf))];
  // Importers sit in the module's own package: below the nearest folder with a package.json (or
  // the repository's root), not anywhere in a monorepo.
  const packages = new Set(discovered.filter((f) => PACKAGE_JSON.test(f)).map(folderOf));
  const roots = [...new Set([...targets].map((m) => packageRootOf(m, packages)))];
  const inRoots = (rel: string): boolean => roots.some((r) => r === '' || rel.startsWith(`${r}/`));
  const out: string[] = [];
  let reads = 0;
  for (const rel of discovered) {
    if (!JS.test(rel) || extracted.has(rel) || targets.has(rel) || !inRoots(rel)) continue;
    if (reads++ >= MAX_READS) break;
    const text = read(rel);
    // Every import of a module names its file (or its folder, for an `index`): most files name none.
    if (text === undefined || !stems.some((s) => text.includes(s))) continue;
    // An exported request helper's importer counts when it gives it an API path (`dbtFetch("/runs/")`): the endpoint is the importer's.
    const givesPath = PATH_ARGUMENT_CALL.test(text);
    if (importedFiles(rel, text, fileExists, read).some((p) => clientModules.has(p) || (givesPath && helperModules.has(p)))) out.push(rel);
  }
  return out;
}

/** A function the module exports (`export async function dbtFetch(path)`, `export const get = (path) =>`, `module.exports = { … }`). */
const EXPORTED_FUNCTION =
  /^\s*(?:export\s+(?:default\s+)?(?:async\s+)?function\b|export\s+const\s+[A-Za-z_$][\w$]*\s*=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>|module\.exports\s*=|exports\.[A-Za-z_$][\w$]*\s*=)/m;
/** A call given an API path first: `dbtFetch("/runs/")`, `` get<Run>(`/jobs/${id}/run/`, …) ``. */
const PATH_ARGUMENT_CALL = /\b[A-Za-z_$][\w$]*\s*(?:<[^()\n]{0,200}>)?\s*\(\s*[`'"]\/[A-Za-z{$]/;

/** An exported binding (`export const cloud = …`, `export default …`, `module.exports = …`). */
const EXPORTED_BINDING =
  /^\s*(?:export\s+(?:const|let|var)\s+[A-Za-z_$][\w$]*|export\s+default\b|module\.exports\s*=|exports\.[A-Za-z_$][\w$]*\s*=)/;
/** A binding made at the top level (`const cloud = axios.create(…)`), by name. */
const TOP_LEVEL_BINDING = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)/;

/**
 * Whether a call the reader found (on `lines`) is a client the module makes and exports, which
 * importers send requests on: the call's line starts an exported binding, or a top-level one the
 * module exports by name (`export { cloud }`, `export default cloud`, `module.exports = cloud`).
 * A module whose calls sit in the functions it exports is reported at those calls already.
 */
function exportsClientMade(text: string | undefined, lines: readonly number[]): boolean {
  if (text === undefined) return false;
  const all = text.split('\n');
  return lines.some((l) => {
    const line = all[l - 1] ?? '';
    if (EXPORTED_BINDING.test(line)) return true;
    const name = TOP_LEVEL_BINDING.exec(line)?.[1]?.replace(/\$/g, '\\$');
    if (name === undefined) return false;
    const exportedByName = [
      String.raw`\bexport\s*\{[^}]*(?<![\w$])${name}(?![\w$])`,
      String.raw`\bexport\s+default\s+${name}(?![\w$])`,
      String.raw`\bmodule\.exports\s*=\s*\{?[^;]*(?<![\w$])${name}(?![\w$])`,
    ];
    return new RegExp(exportedByName.join('|')).test(text);
  });
}
