import { type AdapterDescriptor, isYaml } from '../descriptor.js';

/** The Astro CLI's settings file. */
const AIRFLOW_SETTINGS = /(^|\/)airflow_settings\.ya?ml$/i;
/** Airflow's connections files: `airflow connections export`, the local filesystem secrets backend. */
const CONNECTIONS_FILE = /(^|\/)(?:airflow[_-])?connections\.(?:ya?ml|json)$/i;

/** The airflow-helm chart's values: `airflow: connections: - id: …, type: dbt_cloud`. */
const HELM_VALUES = (text: string): boolean =>
  /^airflow:[ \t]*(?:#.*)?$/m.test(text) && /^[ \t]*(?:-[ \t]+)?type:[ \t]*["']?dbt_cloud["']?[ \t]*(?:#.*)?$/m.test(text);

export const descriptor: AdapterDescriptor = {
  id: 'airflow-settings',
  matches: (p, text) =>
    AIRFLOW_SETTINGS.test(p) || (CONNECTIONS_FILE.test(p) && /\bconn_type\b|:\/\//.test(text)) || (isYaml(p) && HELM_VALUES(text)),
  mayRead: (p) => isYaml(p) || CONNECTIONS_FILE.test(p),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
