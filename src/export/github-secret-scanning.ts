import { PLACEHOLDER_RE2, scannerPatterns, type ScannerPattern } from './patterns.js';

// GitHub secret scanning custom patterns (organisation or repository settings → Code security →
// Secret scanning → Custom patterns): the fields of the form, in GitHub's Hyperscan syntax,
// where `\A` and `\z` are the edges of the text. A pattern sees no more than its own match, so
// a user API key is recognised in a dbt-named variable only (gitleaks also takes other
// secret-named variables in a text that mentions dbt).

interface CustomPattern {
  name: string;
  secret_format: string;
  before_secret: string;
  after_secret: string;
  additional_match_requirements: { must_not_match: string[] };
  test_string: string;
}

function customPatterns(): CustomPattern[] {
  return scannerPatterns({ start: '\\A', end: '\\z' }).map(toCustomPattern);
}

function toCustomPattern(p: ScannerPattern): CustomPattern {
  return {
    name: p.name,
    secret_format: p.secret,
    // GitHub puts its fields in sequence; an alternation must be grouped to stay one field.
    before_secret: p.before,
    after_secret: p.after,
    additional_match_requirements: { must_not_match: [PLACEHOLDER_RE2] },
    test_string: p.example,
  };
}

export function customPatternsJson(version: string): string {
  return `${JSON.stringify({ generator: `dbt-token-scan ${version}`, patterns: customPatterns() }, null, 2)}\n`;
}

export function customPatternsMarkdown(version: string): string {
  const out = [
    '# dbt Cloud token patterns for GitHub secret scanning',
    '',
    `Exported by dbt-token-scan ${version}. Add each as a custom pattern (organisation or repository`,
    '**Settings → Code security → Secret scanning → Custom patterns → New pattern**), open **More options**',
    'for the before/after fields and the additional match requirement, and paste the test string to check it.',
    'A pattern sees only its own match, so a user API key (40 hex) is recognised here in a dbt-named variable',
    '(the gitleaks export also takes other secret-named variables in files that mention dbt).',
  ];
  for (const p of customPatterns()) {
    out.push(
      '',
      `## ${p.name}`,
      ...field('Secret format', p.secret_format),
      ...field('Before secret', p.before_secret),
      ...field('After secret', p.after_secret),
      ...field('Additional match requirement: must not match', p.additional_match_requirements.must_not_match[0]!),
      ...field('Test string', p.test_string),
    );
  }
  return `${out.join('\n')}\n`;
}

/** A field as a fenced block: patterns hold `|` and backticks, which a table or inline code would break on. */
function field(label: string, value: string): string[] {
  return ['', `${label}:`, '', '````text', value, '````'];
}
