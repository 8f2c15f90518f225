import { describe, expect, it } from 'vitest';
import { mergeFacts } from '../../src/adapters/shared/embedded-shell/shell-facts.js';
import { emptyFacts, type FileFacts, type RawCallSite } from '../../src/model/raw-facts.js';

const site = (line: number): RawCallSite => ({
  kind: 'http',
  span: { line, column: 1 },
  endpoint: { url: `https://cloud.getdbt.com/api/v2/accounts/1/jobs/${line}/run/` },
});
const facts = (...lines: number[]): FileFacts => ({ ...emptyFacts(), callSites: lines.map(site) });

describe('mergeFacts', () => {
  it('skips what the target already holds, whether merged or pushed in between', () => {
    const into = facts(1, 2);
    mergeFacts(into, facts(2, 3));
    into.callSites.push(site(4));
    mergeFacts(into, facts(3, 4, 5));
    expect(into.callSites.map((c) => c.span.line)).toEqual([1, 2, 3, 4, 5]);
    // A replaced array is keyed anew.
    into.callSites = [site(9)];
    mergeFacts(into, facts(9, 10));
    expect(into.callSites.map((c) => c.span.line)).toEqual([9, 10]);
  });

  it('costs what it adds: thousands of merges into one file stay fast', () => {
    const into = emptyFacts();
    const started = performance.now();
    for (let i = 0; i < 5_000; i++) mergeFacts(into, facts(i, i + 1));
    expect(into.callSites).toHaveLength(5_001);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
