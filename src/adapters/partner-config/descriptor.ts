import { type AdapterDescriptor, isYaml } from '../descriptor.js';

/**
 * A partner tool's dbt Cloud block: OpenMetadata's `dbtCloudAuthToken` or `type: DBTCloud`,
 * DataHub's `type: dbt-cloud`, Metaphor's top-level `service_token` beside `account_id`, a Dagster
 * component's `token` and `account_id`, a Kestra flow's dbt Cloud task, Meltano's `tap-dbt`, dbt-loom's
 * `type: dbt_cloud` manifests. A hint
 * only: a file without such a block goes to the adapter that would read it otherwise.
 */
const isPartnerConfig = (t: string): boolean =>
  /\bdbtCloudAuthToken[ \t]*:|^[ \t]*type:[ \t]*["']?(?:dbtcloud|dbt-cloud)["']?[ \t]*(?:#.*)?$/im.test(t) ||
  (/^service_token:/m.test(t) && /^account_id:/m.test(t)) ||
  // a Dagster component with dbt Cloud workspace credentials
  (/^type:[ \t]*["']?[\w.]*dbt/im.test(t) && /^[ \t]+token:/m.test(t) && /^[ \t]+account_id:/m.test(t)) ||
  // a Kestra flow's dbt Cloud task
  KESTRA_DBT_CLOUD_TASK.test(t) ||
  // dbt-loom's manifests read from dbt Cloud
  (/^manifests:/m.test(t) && /^[ \t]*(?:-[ \t]+)?type:[ \t]*["']?dbt_cloud["']?[ \t]*(?:#.*)?$/m.test(t)) ||
  // Meltano's dbt Cloud extractor
  (/^[ \t]*(?:-[ \t]+)?(?:name|inherit_from):[ \t]*["']?tap-dbt/m.test(t) && /^[ \t]+(?:api_key|token|service_token|api_token):/m.test(t));

/** A Kestra flow task of the dbt Cloud plugin: `type: io.kestra.plugin.dbt.cloud.TriggerRun`. */
export const KESTRA_DBT_CLOUD_TYPE = /^io\.kestra\.plugin\.dbt\.cloud\.\w+$/;
const KESTRA_DBT_CLOUD_TASK = /^[ \t]*(?:-[ \t]+)?type:[ \t]*["']?io\.kestra\.plugin\.dbt\.cloud\./m;

export const descriptor: AdapterDescriptor = {
  id: 'partner-config',
  matches: (p, t) => isYaml(p) && isPartnerConfig(t),
  mayRead: isYaml,
  // Kestra's dbt Cloud plugin, whose flows may name dbt nowhere else.
  keywords: [{ pattern: /kestra\.plugin\.dbt\.cloud/, example: 'type: io.kestra.plugin.dbt.cloud.TriggerRun' }],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
  hint: true,
};
