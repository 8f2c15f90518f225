import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { listCases, pinCallSite, pinFinding, readExpected, scanCase } from '../helpers/fixture-cases.js';

// fixtures/credentials/<group>/{positive,negative}/<case>/: a mini repository where a call's token
// type depends on evidence beside or away from the call (a description, a placeholder, the same
// name set in another file). Positive cases decide the type from that evidence; negative ones
// look alike but must not. expected.json pins every call site with its evidence, and the findings.

const pin = (c: Report['callSites'][number]): Record<string, unknown> => {
  const p = pinCallSite(c);
  const credential: Record<string, unknown> = { ...(p.credential as Record<string, unknown>), evidence: c.credential.evidence };
  if (c.credential.evidenceAt) credential.evidenceAt = c.credential.evidenceAt;
  return { ...p, credential };
};

const cases = listCases('credentials');

describe('credential evidence fixtures', () => {
  it('has positive and negative cases for every group', () => {
    const groups = new Set(cases.map((c) => c.group));
    for (const g of groups) {
      expect(
        cases.some((c) => c.group === g && c.polarity === 'positive'),
        `${g} positive`,
      ).toBe(true);
      expect(
        cases.some((c) => c.group === g && c.polarity === 'negative'),
        `${g} negative`,
      ).toBe(true);
    }
  });
  for (const c of cases) {
    it(c.name, async () => {
      const report = await scanCase(c.dir);
      const expected = readExpected(c.dir, () => ({ callSites: report.callSites.map(pin), findings: report.findings.map(pinFinding) }));
      expect(report.callSites.map(pin)).toEqual(expected.callSites);
      expect(report.findings.map(pinFinding)).toEqual(expected.findings);
      if (c.polarity === 'positive') {
        // Decided by evidence away from the value itself: a description, or another place.
        expect(
          report.callSites.some(
            (s) => s.credential.type !== 'unknown' && (s.credential.evidence === 'described' || s.credential.evidenceAt !== undefined),
          ),
        ).toBe(true);
      }
    });
  }
});
