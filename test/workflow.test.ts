import { describe, expect, it } from 'vitest';
import { listCases, pinCallSite, pinFinding, readExpected, scanCase } from './helpers/fixture-cases.js';

// fixtures/workflow/<pattern>/{positive,negative}/<case>/: a mini repository and the workflow
// its calls and tokens are placed in. A positive case shows the pattern's evidence deciding the
// workflow; a negative case shows the same layout without that evidence, where it must not.
// Call sites and findings (all rules) are pinned: count exact, listed fields equal.

const cases = listCases('workflow');

describe('workflow fixtures', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(c.name, async () => {
      const report = await scanCase(c.dir);
      const expected = readExpected(c.dir, () => ({
        callSites: report.callSites.map(pinCallSite),
        findings: report.findings.map(pinFinding),
      }));
      expect(expected.callSites, 'expected.json needs a callSites list').toBeDefined();
      expect(expected.findings, 'expected.json needs a findings list').toBeDefined();
      expect(report.callSites.map(pinCallSite)).toHaveLength(expected.callSites!.length);
      expected.callSites!.forEach((want, i) => expect(report.callSites[i]).toMatchObject(want));
      expect(report.findings.map(pinFinding)).toHaveLength(expected.findings!.length);
      expected.findings!.forEach((want, i) => expect(report.findings[i]).toMatchObject(want));
    });
  }
});
