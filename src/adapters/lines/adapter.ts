import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts } from '../../model/raw-facts.js';
import { isYaml } from '../descriptor.js';

// The line-level adapter: Go, Java, Kotlin, Scala, C#, Rust, Swift, PHP, Ruby, PowerShell, R,
// Perl, Makefiles, justfiles and YAML files no other adapter claims (Helm values, Databricks
// bundles, other configuration). No parser: comments blanked, then one pass of line regexes
// (shared/line-facts/line-facts.ts), so it stays cheap on every file the pre-filter lets through.
/**
 * What any line-level fact of a YAML file needs somewhere in it: a dbt Cloud host or API path, a
 * token prefix, or a dbt Cloud token name (a YAML key naming a dbt token is a fact by itself).
 * Text the pre-filter passes for other words (`dbt_unique_key`, `DbtPath` in dbt's own source)
 * stops here, before the lexer reads it.
 */
const YAML_FACT_HINT =
  /getdbt|dbt\.com|dbt[uc]_|\/api\/v[23]\/|\/api\/ai\/v1\/mcp|dbt[\s_-]?cloud|dbt[_-]?(?:token|service|pat\b|personal|api[_-]?(?:key|token)|auth|access)/i;

/**
 * What a fact of a source file (Go, Java, Rust, ...) needs in its code: a call site is a URL on a
 * dbt Cloud API host or an `/api/v2|v3/` path (a `{base}` placeholder counts only beside a
 * literal dbt Cloud base URL); a token site is a token prefix, or 40 hex characters assigned to
 * a dbt token name. Documentation hosts (`docs.getdbt.com`, `www.getdbt.com`, `schemas.…`) and
 * dbt words alone give none: dbt's own Rust sources say `dbt_cloud` and link the docs everywhere.
 */
// Each test is one literal-led pattern: an alternation of differently led ones is slower than all of them.
const TOKEN_PREFIX = /dbt[uc]_/i;
const API_PATH = /api\/(?:v[23]|ai\/v1\/mcp)\//i;
const DBT_DOMAIN = /dbt\.com/gi;
/** Sub-domains of getdbt.com and dbt.com that serve pages, not the API. */
const SITE_LABELS = new Set(['docs', 'www', 'schemas', 'hub', 'blog', 'learn', 'discourse', 'community', 'courses', 'next', 'state']);

/** A host on getdbt.com or dbt.com that is not one of its web sites (`cloud.getdbt.com`, `ab123.us1.dbt.com`). */
function mentionsApiHost(code: string): boolean {
  DBT_DOMAIN.lastIndex = 0;
  for (let m = DBT_DOMAIN.exec(code); m; m = DBT_DOMAIN.exec(code)) {
    let end = m.index;
    if (code.slice(end - 3, end).toLowerCase() === 'get') end -= 3;
    if (code[end - 1] !== '.') continue;
    let start = end - 1;
    while (start > 0 && /[\w-]/.test(code[start - 1]!)) start--;
    if (start < end - 1 && !SITE_LABELS.has(code.slice(start, end - 1).toLowerCase())) return true;
  }
  return false;
}

const CODE_NAME_HINT = /dbt[\s_-]?(?:cloud|token|service|pat\b|personal|api[_-]?(?:key|token)|auth|access)/i;
const NAME_COMPANIONS = [/\/accounts\b/i, /graphql/i, /\/api\//i, /\b[0-9a-f]{40}\b/i];
const mayHoldCodeFact = (code: string): boolean =>
  TOKEN_PREFIX.test(code) ||
  API_PATH.test(code) ||
  mentionsApiHost(code) ||
  (CODE_NAME_HINT.test(code) && NAME_COMPANIONS.some((re) => re.test(code)));

export const adapter: LanguageAdapter = {
  id: 'lines',
  async extract(file) {
    const yaml = isYaml(file.path);
    if (!(yaml ? YAML_FACT_HINT.test(file.text) : mayHoldCodeFact(file.text))) return emptyFacts();
    const [{ syntaxFor }, { scanLinesForFacts }, { scanYamlLines }] = await Promise.all([
      import('../shared/line-facts/syntaxes.js'),
      import('../shared/line-facts/line-facts.js'),
      import('../shared/line-facts/yaml-lines.js'),
    ]);
    const found = syntaxFor(file.path);
    if (!found) return emptyFacts();
    // An OpenAPI document describes the API; its servers and examples are not calls.
    if (found.family === 'yaml') return /^(?:openapi|swagger):/m.test(file.text.slice(0, 4000)) ? emptyFacts() : scanYamlLines(file.text);
    return scanLinesForFacts(file.text, { ...found, needs: mayHoldCodeFact });
  },
};
