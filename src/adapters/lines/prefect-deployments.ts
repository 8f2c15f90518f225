import type { FileFacts } from '../../model/raw-facts.js';
import { loadCiYaml } from '../shared/yaml-documents/document.js';
import { joinRelative } from '../shared/ci-yaml/script-location.js';
import { folderOf } from '../repo-path.js';

// Prefect's `prefect.yaml`: each deployment runs its `entrypoint` (`flows/dbt_cloud.py:run_nightly`)
// with the environment its work pool's `job_variables.env` sets. A token entry there is a config
// site of the file (the line reader makes it); the flow's `os.environ["DBT_CLOUD_API_KEY"]` reads
// it, so the entry is handed to the entrypoint's file as a CI step's environment is to a script.

export const PREFECT_DEPLOYMENTS = /(?:^|\/)prefect\.ya?ml$/i;

/** A Secret block a deployment's value is filled from: `{{ prefect.blocks.secret.dbt-cloud-pat }}`. */
const BLOCK_TEMPLATE = /\{\{\s*prefect\.blocks\.secret\.([\w-]{1,100})\s*\}\}/;

/** Hands the env entries each deployment sets (already sites of `facts`, by line) to its entrypoint's file. */
export async function handDeploymentEnv(path: string, text: string, facts: FileFacts): Promise<void> {
  const byLine = new Map(facts.callSites.filter((c) => c.kind === 'config' && c.credential).map((c) => [c.span.line, c.credential!]));
  if (byLine.size === 0 && !BLOCK_TEMPLATE.test(text)) return;
  const { docs } = await loadCiYaml(text);
  for (const doc of docs) {
    for (const deployment of doc.items(doc.value(doc.root, 'deployments')).slice(0, 200)) {
      const entry = doc.str(doc.value(deployment, 'entrypoint'))?.trim();
      const file =
        entry && /^[\w./-]+\.py:[A-Za-z_]\w*$/.test(entry)
          ? joinRelative(folderOf(path), entry.slice(0, entry.lastIndexOf(':')))
          : undefined;
      if (!file) continue;
      // `parameters: token: "{{ prefect.blocks.secret.dbt-cloud-pat }}"`: the flow's parameter holds that Secret block.
      for (const e of doc.entries(doc.value(deployment, 'parameters'))) {
        const block = BLOCK_TEMPLATE.exec(doc.str(e.value) ?? '')?.[1];
        const span = doc.valueSpan(e.value);
        if (!block || !span) continue;
        facts.scriptEnv ??= [];
        const name = `parameters.${e.key}`;
        if (!facts.scriptEnv.some((s) => s.script === file && s.name === name))
          facts.scriptEnv.push({
            script: file,
            name,
            credential: { source: 'config', name: block, span: { line: span.line, column: span.column } },
          });
      }
      const env = doc.value(doc.value(doc.value(deployment, 'work_pool'), 'job_variables'), 'env');
      for (const e of doc.entries(env)) {
        const line = doc.span(e.pair)?.line;
        const credential = line === undefined ? undefined : byLine.get(line);
        if (!credential) continue;
        facts.scriptEnv ??= [];
        if (!facts.scriptEnv.some((s) => s.script === file && s.name === e.key))
          facts.scriptEnv.push({ script: file, name: e.key, credential });
      }
    }
  }
}
