import type { AdapterContext } from '../../adapter.js';
import {
  ACTION_MARK,
  ROOT_MARK,
  isDjangoCommandRun,
  isModuleRun,
  isTerraformRun,
  resolveModuleRun,
  terraformRunFolder,
} from './run-scripts.js';
import { terraformRootKey } from './script-env.js';

// Scripts a CI file runs, as paths relative to the scan root (the current folder), like every
// path in the facts. A CI job starts in the repository root: the folder holding `.github` or
// `.gitlab-ci.yml`, which may itself sit below the scan root (`sub/.github/workflows/a.yml`).

/** Joins and normalises `/` paths; undefined when the result would leave the scan root. */
export function joinRelative(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const part of parts) {
    for (const seg of part.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (out.length === 0) return undefined;
        out.pop();
      } else out.push(seg);
    }
  }
  return out.join('/');
}

/** The folder that contains `marker` (`.github`, `.gitlab`) in `path`, or undefined. */
export function folderAbove(path: string, marker: string): string | undefined {
  const segs = path.split('/');
  const i = segs.lastIndexOf(marker);
  return i >= 0 ? segs.slice(0, i).join('/') : undefined;
}

/** Shell spellings of "the repository root" in a working directory. */
const WORKSPACE = /^(?:\$\{?(?:GITHUB_WORKSPACE|CI_PROJECT_DIR)\}?|\$\{\{\s*github\.workspace\s*\}\})(?:\/+|$)/;

/**
 * Resolves script paths from `scriptsRunBy` (relative to the step's working directory, or
 * starting with `@root@/` / `@action@/`) against the repository root. Absolute and unresolvable
 * paths are dropped. When the resolved file is missing but the path exists relative to the
 * repository root or the scan root, that wins.
 */
export function resolveRunScripts(
  paths: readonly string[],
  repoRoot: string,
  workdir: string | undefined,
  ctx: AdapterContext,
  actionDir?: string,
): string[] {
  const out: string[] = [];
  for (const raw of paths) {
    let p = raw.trim();
    if (p === '' || p.startsWith('/') || /[$`*?{}]/.test(p) || p.length > 500) continue;
    if (isDjangoCommandRun(p)) {
      if (!out.includes(p)) out.push(p);
      continue;
    }
    let wd = (workdir ?? '').trim().replace(WORKSPACE, '');
    if (wd.startsWith('/') || /[$`]/.test(wd)) wd = '';
    let base = repoRoot;
    // A Terraform run's folder may itself start at the root (`cd "$CI_PROJECT_DIR/infra" && terraform apply`).
    const terraform = isTerraformRun(p);
    if (terraform) p = terraformRunFolder(p);
    if (p === ROOT_MARK) p = `${ROOT_MARK}/.`;
    // A mark may follow a `cd` prefix the detector added (`cd x; bash $GITHUB_WORKSPACE/y.sh`).
    const root = p.lastIndexOf(`${ROOT_MARK}/`);
    const action = p.lastIndexOf(`${ACTION_MARK}/`);
    if (root >= 0 && root >= action) {
      p = p.slice(root + ROOT_MARK.length + 1);
      wd = '';
    } else if (action >= 0) {
      p = p.slice(action + ACTION_MARK.length + 1);
      base = actionDir ?? repoRoot;
      wd = '';
    }
    if (terraform) {
      const folder = joinRelative(base, wd, p);
      if (folder !== undefined && !out.includes(terraformRootKey(folder))) out.push(terraformRootKey(folder));
      continue;
    }
    if (isModuleRun(p)) {
      const bases = [joinRelative(base, wd), joinRelative(repoRoot), ''].filter((b): b is string => b !== undefined);
      const file = resolveModuleRun(p, bases, (c) => ctx.fileExists(c));
      if (file && !out.includes(file)) out.push(file);
      continue;
    }
    const primary = joinRelative(base, wd, p);
    const candidates = [primary, joinRelative(repoRoot, p), joinRelative(p)].filter((c): c is string => !!c);
    const chosen = candidates.find((c) => ctx.fileExists(c)) ?? primary;
    if (chosen && !out.includes(chosen)) out.push(chosen);
  }
  return out;
}
