import { folderOf } from '../repo-path.js';

// Where a Python import points in the repository. Shared by the adapter (following `from config
// import TOKEN` for values) and the workflow classification (following an entry point's imports).

/**
 * The repository path of module `name` (dotted, '' for `from . import x`) imported from
 * `fromPath` with `level` leading dots, or undefined when no such file exists.
 */
export function resolvePythonModule(
  fromPath: string,
  name: string,
  level: number,
  fileExists: (path: string) => boolean,
): string | undefined {
  if (name.length > 200) return undefined;
  const rel = name ? name.split('.').join('/') : '';
  let dirs: string[];
  const here = folderOf(fromPath);
  if (level > 0) {
    let d = here;
    for (let i = 1; i < level; i++) d = folderOf(d);
    dirs = [d];
  } else {
    // The importing folder and its ancestors: scripts run from their folder, packages from a root.
    dirs = [];
    for (let d = here, i = 0; i < 8; i++) {
      dirs.push(d);
      if (d === '') break;
      d = folderOf(d);
    }
    dirs.push('src');
    // Airflow puts its plugins folder on the path of the DAGs it loads: `from dbt_helper import …`
    // in `dags/` is `plugins/dbt_helper.py` beside it.
    const dags = /(?:^|\/)dags(?:\/|$)/.exec(here);
    if (dags) dirs.push(`${here.slice(0, dags.index)}${dags[0].startsWith('/') ? '/' : ''}plugins`);
  }
  for (const d of dirs) {
    const base = [d, rel].filter((s) => s !== '').join('/');
    const candidates = rel ? [`${base}.py`, `${base}/__init__.py`] : [`${base ? `${base}/` : ''}__init__.py`];
    const found = candidates.find((c) => fileExists(c));
    if (found) return found;
  }
  return undefined;
}
