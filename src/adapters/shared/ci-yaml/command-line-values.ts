import { commandLineValues } from '../../shell/scripts-run.js';
import type { EnvBinding } from '../values/binding.js';
import type { ScriptRun } from './script-env.js';

// What a run reads from its command line, handed to it as a CI step's environment is:
// `terraform apply -var="dbt_token=$DBT_PAT"` gives the root's `var.dbt_token` what `$DBT_PAT`
// holds (as `TF_VAR_dbt_token` would), `python run_job.py --token "$DBT_PAT"` gives the script's
// argparse `args.token` the same (named `argv.token`), and `DBT_API_TOKEN="$DBT_PAT" bin/wait` its
// environment's `DBT_API_TOKEN`.

/**
 * The runs of `text` given a credential on their command line, each with `env` plus an entry per
 * such value (`TF_VAR_<name>`, `argv.<option>`). `bind` says what a value word holds.
 */
export function commandLineRuns(
  text: string,
  env: ReadonlyMap<string, EnvBinding>,
  bind: (value: string) => EnvBinding | undefined,
): ScriptRun[] {
  // A run given a variable's value, as an option's or in place (`bash trigger.sh "$DBT_PAT" 42`).
  if (!/-var\b|\s-[A-Za-z]|\$/.test(text)) return [];
  const out: ScriptRun[] = [];
  for (const { run, values } of commandLineValues(text)) {
    let runEnv: Map<string, EnvBinding> | undefined;
    for (const [name, value] of values) {
      // `DBT_API_TOKEN="$DBT_CLOUD_PAT" python wait.py`: a variable the file does not set is the runner's own (a project variable).
      const b = bind(value) ?? (name.startsWith('argv.') ? undefined : runnerVariable(value, env));
      if (b && 'credential' in b) (runEnv ??= new Map(env)).set(name, b);
    }
    if (runEnv) out.push({ path: run, env: runEnv });
  }
  return out;
}

/** A word that is one variable the step's environment does not set: the runner's variable of that name. */
function runnerVariable(value: string, env: ReadonlyMap<string, EnvBinding>): EnvBinding | undefined {
  const m = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(value.trim());
  return m && !env.has(m[1]!) ? { credential: { source: 'env', name: m[1]! } } : undefined;
}

/** What `env` binds a word that is one variable's value to (`$DBT_PAT`, `${DBT_PAT}`). */
export function variableIn(env: ReadonlyMap<string, EnvBinding>): (value: string) => EnvBinding | undefined {
  return (value) => {
    const m = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(value.trim());
    return m ? env.get(m[1]!) : undefined;
  };
}
