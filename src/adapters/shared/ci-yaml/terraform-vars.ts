import { terraformVarsRun } from '../../shell/scripts-run.js';
import type { EnvBinding } from '../values/binding.js';
import type { ScriptRun } from './script-env.js';

// `terraform apply -var="dbt_token=$DBT_PAT"`: the run's `var.dbt_token` holds what the step's
// `$DBT_PAT` holds, as `TF_VAR_dbt_token: …` in the step's environment would give it. Each such
// run is a script run of its Terraform root (a marked folder) with those `TF_VAR_` entries added.

/**
 * The Terraform runs of `text` that set variables on their command line to a credential, each with
 * `env` plus a `TF_VAR_<name>` entry per such variable. `bind` says what a value word holds.
 */
export function terraformVarRuns(
  text: string,
  env: ReadonlyMap<string, EnvBinding>,
  bind: (value: string) => EnvBinding | undefined,
): ScriptRun[] {
  if (!/-var\b/.test(text)) return [];
  const out: ScriptRun[] = [];
  for (const { mark, vars } of terraformVarsRun(text)) {
    let runEnv: Map<string, EnvBinding> | undefined;
    for (const [name, value] of vars) {
      const b = bind(value);
      if (b && 'credential' in b) (runEnv ??= new Map(env)).set(`TF_VAR_${name}`, b);
    }
    if (runEnv) out.push({ path: mark, env: runEnv });
  }
  return out;
}

/** What `env` binds a word that is one variable's value to (`$DBT_PAT`, `${DBT_PAT}`). */
export function variableIn(env: ReadonlyMap<string, EnvBinding>): (value: string) => EnvBinding | undefined {
  return (value) => {
    const m = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(value.trim());
    return m ? env.get(m[1]!) : undefined;
  };
}
