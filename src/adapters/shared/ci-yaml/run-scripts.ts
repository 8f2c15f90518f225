import { posix } from 'node:path';
import { isBudgetExceeded } from '../../../errors.js';
import { folderOf } from '../../repo-path.js';
import { caughtExpected } from '../../extraction-limits.js';
import { DJANGO_COMMAND_MARK, PY_MODULE_MARK, scriptPathsRun, TERRAFORM_ROOT_MARK } from '../../shell/scripts-run.js';
import { bindingLiteral, type EnvBinding, type ValueBinding } from '../values/binding.js';

// Which script files a CI shell body runs (`bash scripts/x.sh`, `python ci/run.py`, `./deploy.sh`).
// The shell adapter owns the detection; CI adapters resolve the paths against the repository
// root. Two placeholders let a body name the roots explicitly: `@root@/` (the checkout root,
// whatever the working directory) and `@action@/` (a composite action's own folder).

export const ROOT_MARK = '@root@';
export const ACTION_MARK = '@action@';
/**
 * A path inside a container image that no repository path ends with (`@image@/app/trigger.py`,
 * copied there from `images/dbt-trigger/`): kept for the scan, which knows every file, to place
 * (src/scan/image-paths.ts).
 */
export const IMAGE_MARK = '@image@';
export const isImagePath = (p: string): boolean => p.startsWith(`${IMAGE_MARK}/`);

/** Script paths, relative to the step's working directory (or starting with a mark), that `script` runs. Never throws. */
export function scriptsRunBy(script: string): string[] {
  try {
    return scriptPathsRun(script, false, true);
  } catch (e) {
    caughtExpected(e, isBudgetExceeded);
    return [];
  }
}

/**
 * The body with the pipeline's own plain variables written in (`terraform -chdir=$TF_ROOT apply`
 * with `TF_ROOT: infra`), for telling which scripts and folders it runs: a value with no
 * space, quote or expansion of its own.
 */
export function withPlainVariables(
  text: string,
  env: ReadonlyMap<string, EnvBinding>,
  plainText: (b: ValueBinding) => string | undefined = bindingLiteral,
): string {
  if (!text.includes('$')) return text;
  return text.replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (m, braced?: string, bare?: string) => {
    const b = env.get((braced ?? bare)!);
    const value = b && !('credential' in b) ? plainText(b) : undefined;
    return value !== undefined && /^[\w./@:+-]{1,300}$/.test(value) ? value : m;
  });
}

/** Whether a path from `scriptsRunBy` is the folder a Terraform command runs in (`@tfroot@/infra`). */
export const isTerraformRun = (p: string): boolean => p.startsWith(`${TERRAFORM_ROOT_MARK}/`);

/** The folder of a Terraform run, relative to where the step runs. */
export const terraformRunFolder = (p: string): string => p.slice(TERRAFORM_ROOT_MARK.length + 1);

/** Whether a path from `scriptsRunBy` is a Django management command (`@djangocmd@/name`), kept as is for the linker. */
export const isDjangoCommandRun = (p: string): boolean => p.startsWith(`${DJANGO_COMMAND_MARK}/`);

/** The management command's file name stem, from an `isDjangoCommandRun` path. */
export const djangoCommandName = (p: string): string => p.slice(DJANGO_COMMAND_MARK.length + 1);

/** Whether a path from `scriptsRunBy` is a `python -m` module run rather than a file. */
export const isModuleRun = (p: string): boolean => p.startsWith(`${PY_MODULE_MARK}/`);

/**
 * The file a `python -m` run (`@pymodule@/pkg/mod`) executes: `pkg/mod.py` or
 * `pkg/mod/__main__.py` under the first of `bases` that has one; undefined when none does
 * (`python -m pip` runs an installed module).
 */
export function resolveModuleRun(p: string, bases: readonly string[], fileExists: (path: string) => boolean): string | undefined {
  const rest = p.slice(PY_MODULE_MARK.length + 1);
  if (!rest || rest.startsWith('..')) return undefined;
  // A package installed from a `src/` layout (`pip install -e .`, hatch's and uv's default) is found there too.
  for (const base of [...bases, ...bases.map((b) => (b ? `${b}/src` : 'src'))]) {
    const stem = base ? `${base}/${rest}` : rest;
    for (const c of [`${stem}.py`, `${stem}/__main__.py`]) if (fileExists(c)) return c;
  }
  return undefined;
}

/**
 * Script paths a command run in `folder` names (from `scriptPathsRun`), resolved from that folder
 * up to the scan root: the first folder where the script exists. Missing scripts are dropped.
 */
export function runPathsFrom(
  folder: string,
  paths: readonly string[],
  fileExists: (p: string) => boolean,
  /** For a path inside an image that no repository path ends with: where it is, or (given `true`) its `@image@` mark to place later. */
  inImage?: ((path: string) => string | undefined) | true,
): string[] {
  const dirs: string[] = [];
  for (let d = folder, i = 0; i < 32; i++) {
    dirs.push(d);
    if (d === '') break;
    d = folderOf(d);
  }
  const out: string[] = [];
  for (const p of paths) {
    let found: string | undefined;
    if (isModuleRun(p)) found = resolveModuleRun(p, dirs, fileExists);
    else if (p.startsWith('/'))
      found = containerPathFile(p, fileExists) ?? (inImage === true ? `${IMAGE_MARK}${posix.normalize(p)}` : inImage?.(p));
    else if (!p.startsWith('@')) {
      for (const d of dirs) {
        const c = posix.normalize(d ? `${d}/${p}` : p);
        if (!c.startsWith('../') && fileExists(c)) {
          found = c;
          break;
        }
      }
    }
    if (found && !out.includes(found)) out.push(found);
  }
  return out;
}

/**
 * A script named by its path inside the container or host that runs it (`/opt/airflow/scripts/x.py`,
 * `/app/include/scripts/x.py`): the repository file at the longest tail of that path (two
 * segments at least), which the image copies there.
 */
function containerPathFile(path: string, fileExists: (p: string) => boolean): string | undefined {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..') || segments.length > 32) return undefined;
  for (let k = 0; k + 2 <= segments.length; k++) {
    const tail = segments.slice(k).join('/');
    if (fileExists(tail)) return tail;
  }
  return undefined;
}
