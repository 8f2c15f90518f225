import { secretStoreRead } from '../../shell/secret-store-reads.js';
import type { ScriptRun } from './script-env.js';
import type { FileFacts } from '../../../model/raw-facts.js';
import type { EmbeddedScript } from '../embedded-shell/embedded-script.js';
import { mergeFacts, shellFactsOf } from '../embedded-shell/shell-facts.js';
import { scriptsRunBy, withPlainVariables } from './run-scripts.js';
import type { EnvBinding } from '../values/binding.js';
import { bindStoreSecrets } from './ci-variables.js';
import { commandLineRuns, variableIn } from './command-line-values.js';
import { RUNNER_WORD } from '../../../scan/task-runners.js';

// One shell body of a YAML CI file, after the CI system's own substitutions: unknown
// credential-named variables bound as CI-store secrets, facts merged, scripts it runs listed.

/** Texts larger than this are not parsed as YAML (no CI file or manifest is this large). */
const MAX_YAML_CHARS = 4_000_000;

export function tooLargeProblem(text: string): string | undefined {
  return text.length > MAX_YAML_CHARS ? `YAML file too large to analyse (${Math.round(text.length / 1_000_000)} MB)` : undefined;
}

/** Runs the script through the shell extractor; returns the script paths it runs (relative). */
export async function runCiScript(
  facts: FileFacts,
  script: EmbeddedScript,
  env: Map<string, EnvBinding>,
  builtin?: (name: string) => boolean,
): Promise<ScriptRun[]> {
  if (script.isEmpty) return [];
  if (builtin) bindStoreSecrets(script, env, builtin);
  mergeFacts(facts, await shellFactsOf(script, env));
  const pathText = withPlainVariables(script.text, env);
  const ran = scriptsRunBy(pathText);
  const tasks = RUNNER_WORD.test(script.text);
  if (ran.length === 0 && !tasks) return [];
  const runEnv = withRenames(script.text, env);
  // Walked again for the values only when the body runs something that may take them.
  const withVars = ran.length > 0 ? commandLineRuns(pathText, runEnv, variableIn(env)) : [];
  const runs: ScriptRun[] = ran.map((path) => withVars.find((r) => r.path === path) ?? { path, env: runEnv });
  if (tasks) runs.push({ path: '', env: runEnv, command: script.text });
  return runs;
}

/** `export DBT_CLOUD_API_TOKEN=$DBT_SERVICE_TOKEN` (or without `export`), whole line. */
const STORE_READ = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]{0,127})=(["']?)\$\((.{1,1000}?)\)\2[ \t]*$/gm;
const RENAME = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]{0,127})=(["']?)\$\{?([A-Za-z_][A-Za-z0-9_]{0,127})\}?\2[ \t]*$/gm;

/**
 * The environment a script the step runs sees: the step's, plus the names the step's shell sets
 * from a bound one before running it (`export DBT_CLOUD_API_TOKEN=$DBT_SERVICE_TOKEN` then
 * `python trigger.py`, as Bitbucket and GitLab steps hand a repository variable to a script). Line order is
 * not followed: a rename anywhere in the step counts for every script it runs.
 */
export function withRenames(text: string, env: ReadonlyMap<string, EnvBinding>): ReadonlyMap<string, EnvBinding> {
  let out: Map<string, EnvBinding> | undefined;
  for (const m of text.matchAll(RENAME)) {
    const bound = env.get(m[3]!);
    if (!bound || !('credential' in bound) || env.has(m[1]!)) continue;
    out ??= new Map(env);
    out.set(m[1]!, bound);
  }
  // `export DBT_CLOUD_TOKEN="$(vault kv get -field=service_token secret/analytics/dbt-cloud)"`: the secret that read names.
  for (const m of text.matchAll(STORE_READ)) {
    const secret = secretStoreRead(m[3]!);
    if (secret === undefined || env.has(m[1]!)) continue;
    out ??= new Map(env);
    out.set(m[1]!, { credential: { source: 'secret', name: secret } });
  }
  return out ?? env;
}

/**
 * Drops repeated call sites at one position (a step anchored once and used by several
 * pipelines yields the same call each time, differing only in what the context filled in).
 */
function dedupeCallSites(facts: FileFacts): void {
  const seen = new Set<string>();
  facts.callSites = facts.callSites.filter((c) => {
    const key = [c.span.line, c.span.column, c.kind, c.endpoint?.path ?? '', c.credential?.source ?? '', c.credential?.name ?? ''].join(
      '\u0000',
    );
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Drops repeated call sites, credential sites and definitions at one position: a block shared
 * through an anchor (`<<: *common-env`) is read once per service or step that merges it.
 */
export function dedupeFacts(facts: FileFacts): void {
  dedupeCallSites(facts);
  const sites = new Set<string>();
  facts.credentialSites = facts.credentialSites.filter((s) => {
    const key = `${s.span.line}:${s.span.column}:${s.credential.name ?? ''}`;
    if (sites.has(key)) return false;
    sites.add(key);
    return true;
  });
  const defs = new Set<string>();
  facts.definitions = facts.definitions.filter((d) => {
    const key = `${d.span.line}:${d.span.column}:${d.ref.kind}:${d.ref.id}`;
    if (defs.has(key)) return false;
    defs.add(key);
    return true;
  });
}
