import { combined, PLACEHOLDER_RE2, scannerPatterns } from './patterns.js';
import { tomlArray, tomlString } from './toml.js';

// A gitleaks config (https://github.com/gitleaks/gitleaks#configuration) with one rule per dbt
// Cloud token form. `[extend] useDefault = true` keeps gitleaks' own rules, so the file can be
// passed as `--config` on its own; to add the rules to an existing config, copy the [[rules]]
// tables. gitleaks runs Go's RE2, and matches `^`/`$` at the edges of the text it reads.

export function gitleaksConfig(version: string): string {
  const lines = [
    `# dbt Cloud token rules for gitleaks, exported by dbt-token-scan ${version} (dbt-token-scan export gitleaks).`,
    '# Use: gitleaks git --config THIS_FILE (or gitleaks dir --config THIS_FILE PATH).',
    "# The [extend] table keeps gitleaks' default rules; to merge into your own config, copy the [[rules]] tables.",
    '',
    `title = ${tomlString('dbt Cloud tokens (dbt-token-scan)')}`,
    '',
    '[extend]',
    'useDefault = true',
  ];
  for (const p of scannerPatterns({ start: '^', end: '$' })) {
    lines.push(
      '',
      '[[rules]]',
      `id = ${tomlString(p.id)}`,
      `description = ${tomlString(p.description)}`,
      `regex = ${tomlString(combined({ ...p, before: p.beforeInDbtText ?? p.before }))}`,
      'secretGroup = 1',
      `entropy = ${p.entropy.toFixed(1)}`,
      `keywords = ${tomlArray(p.keywords)}`,
      `tags = ${tomlArray(['dbt-cloud', p.tokenType])}`,
      '',
      '[[rules.allowlists]]',
      `description = ${tomlString('Placeholders: xxxx, your_token, example, redacted, ...')}`,
      `regexTarget = ${tomlString('secret')}`,
      `regexes = ${tomlArray([PLACEHOLDER_RE2])}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
