import { isBudgetExceeded } from '../../../errors.js';
import { caughtExpected } from '../../extraction-limits.js';
import { PY_MODULE_MARK, scriptPathsRun, TERRAFORM_ROOT_MARK } from '../../shell/scripts-run.js';
import { bindingLiteral, type EnvBinding, type ValueBinding } from '../values/binding.js';

// Which script files a CI shell body runs (`bash scripts/x.sh`, `python ci/run.py`, `./deploy.sh`).
// The shell adapter owns the detection; CI adapters resolve the paths against the repository
// root. Two placeholders let a body name the roots explicitly: `@root@/` (the checkout root,
// whatever the working directory) and `@action@/` (a composite action's own folder).

export const ROOT_MARK = '@root@';
export const ACTION_MARK = '@action@';

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
