import type { FileFacts } from '../../../model/raw-facts.js';
import type { EnvBinding } from '../values/binding.js';

/** A script a CI step runs, with the environment the step gives it (when the reader knows it). */
export interface ScriptRun {
  path: string;
  env?: ReadonlyMap<string, EnvBinding>;
}

/** Records which credentials a CI step's environment hands to a script it runs (see FileFacts.scriptEnv). */
export function addScriptEnv(facts: FileFacts, script: string, env: ReadonlyMap<string, EnvBinding>): void {
  for (const [name, binding] of env) {
    if (!('credential' in binding)) continue;
    facts.scriptEnv ??= [];
    if (!facts.scriptEnv.some((e) => e.script === script && e.name === name))
      facts.scriptEnv.push({ script, name, credential: binding.credential });
  }
}
