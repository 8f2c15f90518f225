import type { FileFacts, RawCredential } from '../../../model/raw-facts.js';
import { hostOfSetting, isDbtCloudHost, splitUrl } from '../../../classify/endpoint.js';
import { bindingLiteral, type EnvBinding } from '../values/binding.js';

/** A script a CI step runs, with the environment the step gives it (when the reader knows it). */
export interface ScriptRun {
  /** The script's path; '' for a step that runs tasks only (`command`). */
  path: string;
  env?: ReadonlyMap<string, EnvBinding>;
  /** The step's command text, when it may run a task runner (`make deploy`): see wrapped-scripts.ts. */
  command?: string;
}

/**
 * The script-env key of a Terraform root module's folder (`infra/*.tf`): the provider configured
 * by that folder's files reads the environment of the step that runs Terraform there.
 */
export const terraformRootKey = (folder: string): string => (folder ? `${folder}/*.tf` : '*.tf');

export const isTerraformRootKey = (key: string): boolean => key === '*.tf' || key.endsWith('/*.tf');

/**
 * Records which credentials a CI step's environment hands to a script it runs (see
 * FileFacts.scriptEnv), and which variables it sets to a dbt Cloud host (FileFacts.scriptHosts).
 */
export function addScriptEnv(facts: FileFacts, script: string, env: ReadonlyMap<string, EnvBinding>): void {
  for (const [name, binding] of env) {
    if (!('credential' in binding)) {
      const value = bindingLiteral(binding);
      const host = dbtCloudHostOf(value);
      const base = host ? apiRootOf(value!) : undefined;
      if (host && !facts.scriptHosts?.some((e) => e.script === script && e.name === name))
        (facts.scriptHosts ??= []).push({ script, name, host, ...(base ? { base } : {}) });
      continue;
    }
    facts.scriptEnv ??= [];
    // A Terraform root applied by several jobs (staging with a PAT, production with a service token)
    // reads each job's token: the linker tells them apart (src/scan/link-references.ts).
    const root = isTerraformRootKey(script);
    const known = (e: { script: string; name: string; credential: RawCredential }): boolean =>
      e.script === script &&
      e.name === name &&
      (!root || (e.credential.name === binding.credential.name && e.credential.source === binding.credential.source));
    if (!facts.scriptEnv.some(known)) facts.scriptEnv.push({ script, name, credential: binding.credential });
  }
}

/** The API root a base URL holds after its host (`/api/v3`), lower-case; undefined for a bare host. */
function apiRootOf(value: string): string | undefined {
  const v = value.trim();
  if (!/^https?:\/\//i.test(v)) return undefined;
  const m = /^\/api(?:\/v[234])?(?=\/?$)/i.exec(splitUrl(v).path);
  return m ? m[0].toLowerCase() : undefined;
}

/** The dbt Cloud API host a setting names (`https://ab123.us1.dbt.com/api/v2`, `emea.dbt.com`). */
function dbtCloudHostOf(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v || v.length > 300) return undefined;
  const host = hostOfSetting(v)?.toLowerCase();
  return host && isDbtCloudHost(host) ? host : undefined;
}
