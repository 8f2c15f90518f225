import { describe, expect, it } from 'vitest';
import { listCases, pinCallSite, readExpected, scanCase } from './helpers/fixture-cases.js';

// fixtures/adapters/<adapter>/{positive,negative}/<case>/: a mini repository and the call sites
// the whole pipeline must report for it (count exact, listed fields equal).

const cases = listCases('adapters');

describe('adapter fixtures', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(c.name, async () => {
      const report = await scanCase(c.dir, new Set());
      const expected = readExpected(c.dir, () => ({ callSites: report.callSites.map(pinCallSite) }));
      expect(expected.callSites, 'expected.json needs a callSites list').toBeDefined();
      if (c.polarity === 'positive') expect(expected.callSites!.length, 'a positive case expects call sites').toBeGreaterThan(0);
      else expect(expected.callSites, 'a negative case expects no call sites').toEqual([]);
      expect(report.callSites.map(pinCallSite)).toHaveLength(expected.callSites!.length);
      expected.callSites!.forEach((want, i) => expect(report.callSites[i]).toMatchObject(want));
    });
  }
});
