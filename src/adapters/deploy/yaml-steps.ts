import type { FileFacts } from '../../facts/types.js';
import type { EmbeddedScript } from '../ci-yaml/embedded-script.js';
import { mergeFacts, shellFactsOf } from '../ci-yaml/shell-facts.js';
import { scriptsRunBy } from '../ci-yaml/run-scripts.js';
import type { EnvBinding } from '../shell/script.js';
import { bindStoreSecrets } from './ci-variables.js';

// One shell body of a YAML CI file, after the CI system's own substitutions: unknown
// credential-named variables bound as CI-store secrets, facts merged, scripts it runs listed.

/** Texts larger than this are not parsed as YAML (no CI file or manifest is this large). */
export const MAX_YAML_CHARS = 4_000_000;

export function tooLargeProblem(text: string): string | undefined {
  return text.length > MAX_YAML_CHARS ? `YAML file too large to analyse (${Math.round(text.length / 1_000_000)} MB)` : undefined;
}

/** Runs the script through the shell extractor; returns the script paths it runs (relative). */
export async function runCiScript(facts: FileFacts, script: EmbeddedScript, env: Map<string, EnvBinding>, builtin?: (name: string) => boolean): Promise<string[]> {
  if (script.isEmpty) return [];
  if (builtin) bindStoreSecrets(script, env, builtin);
  mergeFacts(facts, await shellFactsOf(script, env));
  return scriptsRunBy(script.text);
}
