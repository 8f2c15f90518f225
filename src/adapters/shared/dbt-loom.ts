import type { AdapterContext } from '../adapter.js';
import { joinRelative } from './ci-yaml/script-location.js';

// dbt-loom, the dbt Core plugin for cross-project refs: with a `type: dbt_cloud` manifest in its
// config (partner-config/adapter.ts reads the file), every dbt command the project runs fetches the
// upstream project's manifest from dbt Cloud with the token in `DBT_CLOUD_API_TOKEN`
// (nicholasyager/dbt-loom, dbt_loom/clients/dbt_cloud.py).

export const DBT_LOOM_TOKEN_ENV = 'DBT_CLOUD_API_TOKEN';

/** A dbt Core command that loads the project, and so its plugins: `dbt build`, `dbt run --select …`. */
const DBT_PROJECT_COMMAND =
  /(?:^|[\s;&|(])dbt\s+(?:[-\w=]+\s+)*?(?:build|run|compile|test|seed|snapshot|ls|list|parse|docs\s+generate|run-operation|show|retry|clone|source\s+freshness)\b/;
const PROJECT_DIR = /\s--project-dir(?:=|\s+)["']?([\w./-]{1,200})/;

/** The dbt-loom configs a step's `command` run from `dir` loads: `dbt_loom.config.yml` in the project's folder. */
export function dbtLoomConfigsRun(command: string, dir: string, ctx: AdapterContext): string[] {
  if (!DBT_PROJECT_COMMAND.test(command)) return [];
  const project = PROJECT_DIR.exec(command)?.[1];
  const folders = [project !== undefined ? joinRelative(dir, project) : undefined, dir].filter((f): f is string => f !== undefined);
  const out: string[] = [];
  for (const folder of folders)
    for (const name of ['dbt_loom.config.yml', 'dbt_loom.config.yaml']) {
      const path = folder ? `${folder}/${name}` : name;
      if (ctx.fileExists(path) && !out.includes(path)) out.push(path);
    }
  return out;
}
