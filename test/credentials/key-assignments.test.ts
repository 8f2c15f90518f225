import { describe, expect, it } from 'vitest';
import { dbtKeyAssignments } from '../../src/credentials/key-assignments.js';

// A legacy user API key (40 lowercase hex characters) assigned to a dbt token name, wherever it
// sits in a text full of shorter hex runs (commit ids cut short, colours, uuids): the quick test
// for a 40-character run that gates the search must never miss one.

/** A deterministic stream of numbers in [0, 1), so that a failure names its case. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const HEX = '0123456789abcdef';
const KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f00112233';

/** Lines of noise: words and hex runs of 1 to 39 characters, in any mix. */
function noise(next: () => number, lines: number): string[] {
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    let line = '';
    const parts = Math.floor(next() * 6);
    for (let p = 0; p < parts; p++) {
      const run = 1 + Math.floor(next() * 39);
      let hex = '';
      for (let i = 0; i < run; i++) hex += HEX[Math.floor(next() * 16)];
      line += next() < 0.5 ? `${hex} ` : `color_${hex}; `;
    }
    out.push(line);
  }
  return out;
}

describe('legacy key assignments', () => {
  it('finds the key whatever hex runs shorter than a key surround it', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const lines = noise(next, 1 + Math.floor(next() * 12));
      const at = Math.floor(next() * (lines.length + 1));
      lines.splice(at, 0, `DBT_CLOUD_API_KEY=${KEY}`);
      const text = lines.join('\n');
      const found = dbtKeyAssignments(text);
      expect(
        found.map((a) => a.value),
        `seed ${seed}`,
      ).toEqual([KEY]);
      expect(text.slice(found[0]!.at, found[0]!.at + 40)).toBe(KEY);
    }
  });

  it('finds nothing where every hex run is shorter than a key', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const text = [...noise(next, 8), `DBT_CLOUD_API_KEY=${KEY.slice(0, 39)}`].join('\n');
      expect(dbtKeyAssignments(text), `seed ${seed}`).toEqual([]);
    }
  });
});
