import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, RULES_DIR } from '../src/rules/load-rules.js';
import type { RuleExample } from '../src/rules/rule-schema.js';
import { makeRepo, runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';

// Every rule's `docs.example` (shown by `explain` and in the README's rule reference) is scanned
// by the built CLI as the repository it describes: the "bad" file yields the rule, the "good" one
// does not. A `dbtu_…`/`dbtc_…` in an example stands for a whole token, built here from pieces.

const rules = await loadRules();

const wholeTokens = (text: string): string =>
  text.replace(/\b(dbt[uc])_…/g, (_, prefix: string) => `${prefix}_${'Ex4mpleT'.repeat(7).slice(0, 50)}`);

function rulesReported(example: RuleExample, version: 'bad' | 'good'): string[] {
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(example.also)) files[path] = wholeTokens(text);
  files[example.file] = wholeTokens(example[version]);
  const res = runCli(['scan', '--format', 'json', '--fail-on', 'none'], makeRepo(files));
  expect(res.status, res.stderr).toBe(0);
  const report = JSON.parse(res.stdout) as { findings: { ruleId: string }[]; errors: unknown[] };
  expect(report.errors).toEqual([]);
  return report.findings.map((f) => f.ruleId);
}

describe('rule examples', () => {
  it('every rule has one', () => {
    expect(rules.filter((r) => !r.docs.example).map((r) => r.id)).toEqual([]);
  });

  it('an example must name a file inside the repository, a bad and a good version', async () => {
    const edit = async (from: string, to: string): Promise<unknown> => {
      const dir = tempDir('dts-rules-');
      cpSync(RULES_DIR, dir, { recursive: true });
      const file = join(dir, 'pat-in-production.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
      return loadRules(dir).then(
        () => 'loaded',
        (e: Error) => e.message,
      );
    };
    expect(await edit('file: .github/workflows/deploy.yml', 'file: ../deploy.yml')).toMatch(
      /pat-in-production\.yml: docs\.example\.file: expected a relative path/,
    );
    expect(await edit('    good: |', '    fixed: |')).toMatch(/docs\.example\.fixed: unknown key/);
    expect(await edit('  example:\n', '  example: |\n')).toMatch(/docs\.example: expected a mapping/);
  });

  for (const rule of rules) {
    const example = rule.docs.example;
    if (!example) continue;
    it(`${rule.id}: the bad example is reported, the good one is not`, () => {
      expect(rulesReported(example, 'bad')).toContain(rule.id);
      expect(rulesReported(example, 'good')).not.toContain(rule.id);
    });
  }
});
