import type { ParsedArgs } from '../args.js';
import { UsageError } from '../../errors.js';
import { loadRules } from '../../rules/load-rules.js';
import { RULE_IDS } from '../../model/vocabulary.js';
import { writeOutput } from '../output.js';

const REFERENCES: Record<string, string> = {
  'user-tokens': 'https://docs.getdbt.com/docs/dbt-cloud-apis/user-tokens',
  authentication: 'https://docs.getdbt.com/docs/dbt-cloud-apis/authentication',
};

export async function runExplain(args: ParsedArgs, cwd: string): Promise<number> {
  const id = args.positionals[0];
  if (!id) throw new UsageError(`explain needs a rule id: ${RULE_IDS.join(', ')}`);
  if (args.positionals.length > 1) throw new UsageError('explain takes one rule id');
  const rule = (await loadRules()).find((r) => r.id === id);
  if (!rule) {
    const near = RULE_IDS.find((r) => r.startsWith(id) || id.startsWith(r) || r.includes(id));
    throw new UsageError(`unknown rule id "${id}"${near ? ` (did you mean ${near}?)` : ''}; expected one of ${RULE_IDS.join(', ')}`);
  }
  const indent = (s: string): string =>
    s
      .trim()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
  const parts = [
    `${rule.id} (${rule.severity})`,
    `  ${rule.summary.replace(/`/g, '')}`,
    '',
    'Why it matters:',
    indent(rule.docs.why),
    '',
    'How to fix it:',
    indent(rule.docs.fix),
  ];
  const rec = rule.recommendation;
  if (rec.tokenType !== 'none')
    parts.push(
      '',
      `Recommended token: ${rec.tokenType === 'workflow' ? "the one the call's workflow needs (service token in production, PAT for development and user context)" : rec.tokenType}`,
    );
  const example = rule.docs.example;
  // The example's files keep their own indentation (YAML, Python), blank lines included.
  const code = (s: string): string =>
    s
      .replace(/\s+$/, '')
      .split('\n')
      .map((l) => (l.trim() ? `    ${l}` : ''))
      .join('\n');
  if (example)
    parts.push('', `Example, in ${example.file}:`, '  Reported:', code(example.bad), '  Not reported, after the fix:', code(example.good));
  const refs = rule.docs.references.map((r) => REFERENCES[r] ?? r);
  if (refs.length) parts.push('', 'References:', ...refs.map((r) => `  ${r}`));
  parts.push('', `Turn it off or change its severity in .dbt-token-scan.yml:  rules: { ${rule.id}: off }`);
  await writeOutput(`${parts.join('\n')}\n`, cwd, args.output);
  return 0;
}
