import { describe, expect, it } from 'vitest';
import { stripAuthScheme } from '../../src/credentials/auth-schemes.js';
import { BASES, basisOf, carried, evidenceOf, strengthOf } from '../../src/credentials/evidence.js';

describe('evidence order', () => {
  it('ranks: value here > declared > value elsewhere > described > name > slot > none', () => {
    const ranked = [...BASES].sort((a, b) => strengthOf(b) - strengthOf(a));
    expect(ranked).toEqual(['value', 'declared', 'linked-value', 'described', 'name', 'slot', 'none']);
  });

  it('maps to the contract vocabulary', () => {
    expect(BASES.map(evidenceOf)).toEqual(['format', 'declared', 'format', 'described', 'name', 'name', 'none']);
  });

  it('reads a basis back from evidence for credentials built without one', () => {
    expect(basisOf({ evidence: 'format' })).toBe('value');
    expect(basisOf({ evidence: 'format', evidenceAt: { file: 'a', line: 1 } })).toBe('linked-value');
    expect(basisOf({ evidence: 'name', basis: 'slot' })).toBe('slot');
    expect(basisOf({ evidence: 'none' })).toBe('none');
  });

  it('a value carried to another place becomes weaker than the config', () => {
    expect(carried('value')).toBe('linked-value');
    expect(strengthOf(carried('value'))).toBeLessThan(strengthOf('declared'));
    expect(carried('described')).toBe('described');
  });
});

describe('auth schemes', () => {
  const table: [string, string][] = [
    ['Token abc', 'abc'],
    ['Bearer  abc', 'abc'],
    ['  bearer abc', 'abc'],
    ['Api-Key abc', 'abc'],
    ['abc', 'abc'],
    ['Tokenabc', 'Tokenabc'],
  ];
  for (const [header, value] of table) it(header, () => expect(stripAuthScheme(header)).toBe(value));
});
