import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts } from '../../model/raw-facts.js';

// The line-level adapter: Go, Java, Kotlin, Scala, C#, Rust, Swift, PHP, Ruby, PowerShell, R,
// Perl, Makefiles, justfiles and YAML files no other adapter claims (Helm values, Databricks
// bundles, other configuration). No parser: comments blanked, then one pass of line regexes
// (shared/line-facts/line-facts.ts), so it stays cheap on every file the pre-filter lets through.
/**
 * What any line-level fact needs somewhere in the file: a dbt Cloud host or API path, a token
 * prefix, or a dbt Cloud token name. Text the pre-filter passes for other words (`dbt_unique_key`,
 * `DbtPath` in dbt's own source) stops here, before the lexer reads it.
 */
const LINE_FACT_HINT =
  /getdbt|dbt\.com|dbt[uc]_|\/api\/v[23]\/|\/api\/ai\/v1\/mcp|dbt[\s_-]?cloud|dbt[_-]?(?:token|service|pat\b|personal|api[_-]?(?:key|token)|auth|access)/i;

export const adapter: LanguageAdapter = {
  id: 'lines',
  async extract(file) {
    if (!LINE_FACT_HINT.test(file.text)) return emptyFacts();
    const [{ syntaxFor }, { scanLinesForFacts }, { scanYamlLines }] = await Promise.all([
      import('../shared/line-facts/syntaxes.js'),
      import('../shared/line-facts/line-facts.js'),
      import('../shared/line-facts/yaml-lines.js'),
    ]);
    const found = syntaxFor(file.path);
    if (!found) return emptyFacts();
    // An OpenAPI document describes the API; its servers and examples are not calls.
    if (found.family === 'yaml') return /^(?:openapi|swagger):/m.test(file.text.slice(0, 4000)) ? emptyFacts() : scanYamlLines(file.text);
    return scanLinesForFacts(file.text, { ...found, needs: LINE_FACT_HINT });
  },
};
