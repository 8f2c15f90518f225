import type { LanguageAdapter } from '../adapter.js';

// Python scripts, DAGs and services: HTTP calls to dbt Cloud, dbt Cloud clients, Airflow /
// Dagster / Prefect integrations. The parser (tree-sitter, wasm) loads on the first file.
export const adapter: LanguageAdapter = {
  id: 'python',
  async extract(file, ctx) {
    const { extractPythonSource } = await import('./extract.js');
    const facts = await extractPythonSource(file.text, { path: file.path, ctx });
    // A Databricks notebook exported as source: its `%sh` cells are shell scripts.
    if (file.text.includes('# MAGIC %sh')) {
      const [{ databricksShellCells }, { extractShellScript }] = await Promise.all([
        import('./databricks-source.js'),
        import('../shell/script.js'),
      ]);
      for (const cell of databricksShellCells(file.text)) {
        const shell = await extractShellScript(cell.script, cell.origin, new Map());
        facts.callSites.push(...shell.callSites);
        facts.credentialSites.push(...shell.credentialSites);
      }
      facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    }
    return facts;
  },
};
