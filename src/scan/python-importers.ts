import { folderOf } from '../adapters/repo-path.js';

// A script that never says "dbt" can still call dbt Cloud: `from api_config import base_url,
// headers` and then `requests.get(base_url + "projects/")`, with the host and the token in the
// imported module. The pre-filter passes only the module, so the scan also extracts the Python
// files beside such a module that import it by name and use an HTTP client themselves, or request
// a relative path on a client the module makes, or send a request on an object they import from it.
// Bounded: at most MAX_READS files are read for this.

const MAX_READS = 2000;
const PYTHON = /\.pyw?$/i;
/** An HTTP client the importer itself uses: without one it cannot make the call. */
const HTTP_CLIENT = /^[ \t]*(?:import|from)[ \t]+(?:requests|httpx|aiohttp|urllib3?|http\.client)\b/m;
/**
 * Or a token it reads, to hand to the module's client (`DbtClient(os.environ["DBT_TOKEN"])`): the
 * module's requests are then made with it (scan/link-references.ts, linkHelperCallers).
 */
const READS_SECRET = /\bos\.(?:environ\b|getenv\b)|\bgetenv\(|\bVariable\.get\(|\bst\.secrets\b|\buserdata\.get\(/;
/**
 * Or a request on a relative path (`client.get("/accounts/1/projects/")`), on a client the module
 * makes (`from clients import dbt_client`: its base URL and token are the module's).
 */
const RELATIVE_REQUEST = /\.(?:get|post|put|patch|delete|request)\([ \t]*(?:["'][A-Za-z]+["'][ \t]*,[ \t]*)?[rf]?["']\//;

/**
 * The Python files of `discovered` (not among `extracted`) that import one of the `modules`
 * (Python files the pre-filter passed) from the same folder and use an HTTP client or read a
 * token, or build a class on one of its classes (`class AdminClient(BaseClient)`: the session is
 * the base's).
 */
export function pythonImporters(
  modules: readonly string[],
  extracted: ReadonlySet<string>,
  discovered: readonly string[],
  read: (rel: string) => string | undefined,
  orchestratorModules: readonly string[] = [],
): string[] {
  const byFolder = new Map<string, string[]>();
  for (const rel of modules) {
    if (!PYTHON.test(rel)) continue;
    const name = rel.slice(rel.lastIndexOf('/') + 1).replace(PYTHON, '');
    if (!/^[A-Za-z_]\w*$/.test(name) || name === '__init__') continue;
    byFolder.set(folderOf(rel), [...(byFolder.get(folderOf(rel)) ?? []), name]);
  }
  if (!byFolder.size) return [];
  const operators = operatorModules(orchestratorModules, read);
  const out: string[] = [];
  const patterns = new Map<string, ImportPatterns>();
  let reads = 0;
  for (const rel of discovered) {
    if (!PYTHON.test(rel) || extracted.has(rel)) continue;
    const folder = folderOf(rel);
    const names = byFolder.get(folder);
    if ((!names && !operators) || reads++ >= MAX_READS) continue;
    const text = read(rel);
    if (text === undefined) continue;
    if (operators && importsOperator(text, operators)) {
      out.push(rel);
      continue;
    }
    // Every pattern below needs one of the names: most files beside a module name none of them.
    if (!names || !names.some((n) => text.includes(n))) continue;
    let p = patterns.get(folder);
    if (!p) patterns.set(folder, (p = importPatterns(names)));
    if (
      HTTP_CLIENT.test(text) || READS_SECRET.test(text) || RELATIVE_REQUEST.test(text)
        ? p.imports.test(text)
        : subclassesImported(text, p.from) || requestsOnImported(text, p.from) || pathsGivenToImported(text, p.from)
    )
      out.push(rel);
  }
  return out;
}

/** `class CompanyJobOperator(DbtCloudRunJobOperator):`: the repository's own dbt Cloud operator, sensor or hook. */
const OPERATOR_CLASS = /^class\s+([A-Za-z_]\w*)\s*\(\s*(?:[\w.]+\.)?DbtCloud\w*(?:Operator|Sensor|Hook)(?:Async)?\s*[,)]/gm;

/**
 * The modules (of those importing an orchestrator) that define a dbt Cloud operator of the
 * repository's own (a company wrapper kept in Airflow's `plugins/` or a shared package), as
 * `module name -> class names`; undefined when none does. The DAGs that use one never say
 * "dbt Cloud" themselves, and may sit in any folder.
 */
function operatorModules(modules: readonly string[], read: (rel: string) => string | undefined): Map<string, string[]> | undefined {
  let out: Map<string, string[]> | undefined;
  for (const rel of modules.slice(0, MAX_READS)) {
    const text = read(rel);
    if (text === undefined || !text.includes('DbtCloud')) continue;
    const classes = [...text.matchAll(OPERATOR_CLASS)].slice(0, MAX_CLASSES).map((m) => m[1]!);
    const name = rel.slice(rel.lastIndexOf('/') + 1).replace(PYTHON, '');
    if (classes.length && /^[A-Za-z_]\w*$/.test(name)) (out ??= new Map()).set(name, [...(out.get(name) ?? []), ...classes]);
  }
  return out;
}

/** `from company_dbt import CompanyJobOperator` (also through a package: `from plugins.company_dbt import …`). */
function importsOperator(text: string, operators: ReadonlyMap<string, readonly string[]>): boolean {
  for (const m of text.matchAll(FROM_IMPORT)) {
    const module = m[1]!.slice(m[1]!.lastIndexOf('.') + 1);
    const classes = operators.get(module);
    if (classes && m[2]!.split(/[\s,()]+/).some((w) => classes.includes(w))) return true;
  }
  return false;
}

const FROM_IMPORT = /^[ \t]*from[ \t]+\.*([\w.]{1,200})[ \t]+import[ \t]+([^#\n]{1,500})/gm;

/** How a file imports the modules of a folder: compiled once per folder, not per file read. */
interface ImportPatterns {
  /** `import cfg`, `import pkg.cfg`, `from cfg import x`, `from .cfg import x`, `from . import cfg`. */
  imports: RegExp;
  /** `from <module> import …`, the names it imports captured (global: read with matchAll). */
  from: RegExp;
}

function importPatterns(modules: readonly string[]): ImportPatterns {
  const names = modules.join('|'); // Python identifiers: nothing to escape
  return {
    imports: new RegExp(
      `^\\s*(?:import\\s+(?:[\\w.]+\\.)?(?:${names})\\b|from\\s+\\.*(?:[\\w.]+\\.)?(?:${names})\\s+import\\b|from\\s+\\.+\\s+import\\s+[^#\\n]*\\b(?:${names})\\b)`,
      'm',
    ),
    from: new RegExp(`^\\s*from\\s+\\.*(?:[\\w.]+\\.)?(?:${names})\\s+import\\s+([^#\\n]*)`, 'gm'),
  };
}

/** The names `text` binds by `from <module> import a, b as c` (ImportPatterns.from). */
function importedNames(text: string, from: RegExp): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(from)) {
    for (const item of m[1]!.replace(/[()\\]/g, ' ').split(',')) {
      const name = /(?:\bas\s+)?([A-Za-z_]\w*)\s*$/.exec(item.trim())?.[1];
      if (name) names.add(name);
    }
  }
  return names;
}

/**
 * Whether `text` sends a request on an object it imports by `from` (ImportPatterns.from): the
 * module's session or client, made there with its base URL and token (`from etl.client import
 * session` then `session.post(f"{BASE}/jobs/5/run/")`).
 */
function requestsOnImported(text: string, from: RegExp): boolean {
  const names = importedNames(text, from);
  if (names.size === 0) return false;
  for (const m of text.matchAll(REQUEST_ON_NAME)) if (names.has(m[1]!)) return true;
  return false;
}

/**
 * Whether `text` calls a function it imports by `from` with an API path (`post("/service-tokens/",
 * …)`, `dbt_fetch(f"/jobs/{job}/run/")`): the module's request helper, whose endpoint the path
 * completes.
 */
function pathsGivenToImported(text: string, from: RegExp): boolean {
  const names = importedNames(text, from);
  if (names.size === 0) return false;
  for (const m of text.matchAll(PATH_ARGUMENT_CALL)) if (names.has(m[1]!)) return true;
  return false;
}

/** `name("/jobs/1/run/"`, `name(path=f"/runs/{id}/"`, `name("GET", "/projects/"`: a call given a path first (or after a method). */
const PATH_ARGUMENT_CALL =
  /\b([A-Za-z_]\w*)\s*\(\s*(?:(?:["'][A-Z]{3,7}["']|[A-Za-z_]\w*\s*=\s*["'][A-Za-z]{3,7}["'])\s*,\s*)?(?:[A-Za-z_]\w*\s*=\s*)?[rfRF]?["']\/[A-Za-z{]/g;

/** `name.post(`, `name.request(`: a request method called on a name. */
const REQUEST_ON_NAME = /\b([A-Za-z_]\w*)\.(?:get|post|put|patch|delete|head|request|send|stream)\s*\(/g;

/** `class AdminClient(BaseClient):` bases, and what `from <module> import …` lines name. */
const CLASS_BASE = /^class\s+\w+\s*\(\s*([A-Za-z_]\w*)/gm;
const MAX_CLASSES = 50;

/** Whether a class of `text` derives from a class it imports by `from` (ImportPatterns.from). */
function subclassesImported(text: string, from: RegExp): boolean {
  const bases = new Set([...text.matchAll(CLASS_BASE)].slice(0, MAX_CLASSES).map((m) => m[1]!));
  if (bases.size === 0) return false;
  for (const m of text.matchAll(from)) if (m[1]!.split(/[\s,()]+/).some((w) => bases.has(w))) return true;
  return false;
}
