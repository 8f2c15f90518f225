import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// The line-level adapter: Go, Java, Kotlin, Scala, C#, Rust, Swift, PHP, Ruby, PowerShell, R,
// Perl, Makefiles, justfiles and YAML files no other adapter claims (Helm values, Databricks
// bundles, other configuration). No parser: comments blanked, then one pass of line regexes
// (lines/line-facts.ts), so it stays cheap on every file the pre-filter lets through.
export const adapter: LanguageAdapter = {
  id: 'lines',
  async extract(file) {
    const [{ syntaxFor }, { scanLinesForFacts }, { scanYamlLines }] = await Promise.all([
      import('./lines/syntaxes.js'),
      import('./lines/line-facts.js'),
      import('./lines/yaml-lines.js'),
    ]);
    const found = syntaxFor(file.path);
    if (!found) return emptyFacts();
    // An OpenAPI document describes the API; its servers and examples are not calls.
    if (found.family === 'yaml') return /^(?:openapi|swagger):/m.test(file.text.slice(0, 4000)) ? emptyFacts() : scanYamlLines(file.text);
    return scanLinesForFacts(file.text, found);
  },
};
