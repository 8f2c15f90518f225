import type { LanguageAdapter } from '../adapter.js';

// Python scripts, DAGs and services: HTTP calls to dbt Cloud, dbt Cloud clients, Airflow /
// Dagster / Prefect integrations. The parser (tree-sitter, wasm) loads on the first file.
export const adapter: LanguageAdapter = {
  id: 'python',
  async extract(file, ctx) {
    const { extractPythonSource } = await import('./extract.js');
    return extractPythonSource(file.text, { path: file.path, ctx });
  },
};
