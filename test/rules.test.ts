import { describe, expect, it } from 'vitest';
import type { RuleId } from '../src/report/types.js';
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
