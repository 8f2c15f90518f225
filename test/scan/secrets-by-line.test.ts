import { describe, expect, it } from 'vitest';
import { SecretsByLine } from '../../src/scan/secrets-by-line.js';

describe('SecretsByLine', () => {
  const many = Array.from({ length: 300 }, (_, i) => `secret-${i}-${'x'.repeat(i % 7)}`);

  it('gives every secret when there are few', () => {
    const few = ['abcdefgh1', 'ijklmnop2'];
    expect(new SecretsByLine(few).within('nothing here')).toEqual(few);
  });

  it('finds exactly the secrets a line holds, wherever they start', () => {
    const idx = new SecretsByLine(many);
    const line = `${many[5]} b ${many[250]}${many[17]} zz secret-9`;
    expect([...idx.within(line)].sort()).toEqual([many[5], many[17], many[250]].sort());
    expect(idx.within(many[299]!)).toEqual([many[299]]);
    expect(idx.within('short')).toEqual([]);
    expect(idx.within('ends with secret-1')).toEqual([]);
  });

  it('agrees with a plain search on random lines', () => {
    const idx = new SecretsByLine(many);
    for (let n = 0; n < 200; n++) {
      const picks = [many[(n * 7) % 300]!, many[(n * 13) % 300]!];
      const line = `x${'é'.repeat(n % 5)} ${picks.join(' -- ')} ${n}`;
      const plain = many.filter((s) => line.includes(s)).sort();
      expect([...idx.within(line)].sort()).toEqual(plain);
    }
  });
});

describe('SecretsByLine on secrets that share most of their text', () => {
  it('stays exact and quick when thousands of tokens share a prefix', () => {
    const tokens = Array.from({ length: 20_000 }, (_, i) => `dbtc_${'Fk0e'.repeat(10)}${String(i).padStart(10, '0')}`);
    const idx = new SecretsByLine(tokens);
    const started = performance.now();
    for (let i = 0; i < 2_000; i++) {
      const line = `curl -H "Authorization: Token ${tokens[i * 10]}" https://cloud.getdbt.com/api/v2/accounts/1/`;
      expect(idx.within(line)).toEqual([tokens[i * 10]]);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
