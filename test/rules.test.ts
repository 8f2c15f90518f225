import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../src/package-files.js';
import { RULES_DIR, rulesDigest } from '../src/rules/load-rules.js';
import type { RuleId } from '../src/model/vocabulary.js';
import { listCases, pinFinding, readExpected, scanCase } from './helpers/fixture-cases.js';

// fixtures/rules/<rule-id>/{positive,negative}/<case>/: only that rule runs; findings are pinned
// by rule, location, workflow, credential and recommended token type.

const cases = listCases('rules');

describe('rule fixtures', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(c.name, async () => {
      const rule = c.group as RuleId;
      const report = await scanCase(c.dir, new Set([rule]));
      const expected = readExpected(c.dir, () => ({ findings: report.findings.map(pinFinding) }));
      expect(expected.findings, 'expected.json needs a findings list').toBeDefined();
      if (c.polarity === 'positive') {
        expect(expected.findings!.length, 'a positive case expects findings').toBeGreaterThan(0);
        for (const f of expected.findings!) expect(f.ruleId).toBe(rule);
      } else {
        expect(expected.findings, 'a negative case expects no findings').toEqual([]);
      }
      expect(report.findings.map(pinFinding)).toHaveLength(expected.findings!.length);
      expected.findings!.forEach((want, i) => expect(report.findings[i]).toMatchObject(want));
    });
  }
});

describe('the parsed-rules cache the build writes', () => {
  it('is made from the rule files as they are, so the CLI uses it instead of parsing YAML', () => {
    const cache = JSON.parse(readFileSync(packagePath('dist', 'rules-cache.json'), 'utf8')) as {
      digest: string;
      rules: Record<string, unknown>;
    };
    const files = readdirSync(RULES_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    expect(cache.digest).toBe(rulesDigest(files.map((f) => [f, readFileSync(`${RULES_DIR}/${f}`, 'utf8')] as const)));
    expect(Object.keys(cache.rules)).toEqual(files);
  });
});
