import { type AdapterDescriptor } from '../descriptor.js';

/** The Astro CLI's settings file. */
const AIRFLOW_SETTINGS = /(^|\/)airflow_settings\.ya?ml$/i;
/** Airflow's connections files: `airflow connections export`, the local filesystem secrets backend. */
const CONNECTIONS_FILE = /(^|\/)(?:airflow[_-])?connections\.(?:ya?ml|json)$/i;

export const descriptor: AdapterDescriptor = {
  id: 'airflow-settings',
  matches: (p, text) => AIRFLOW_SETTINGS.test(p) || (CONNECTIONS_FILE.test(p) && /\bconn_type\b|:\/\//.test(text)),
  mayRead: (p) => AIRFLOW_SETTINGS.test(p) || CONNECTIONS_FILE.test(p),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
