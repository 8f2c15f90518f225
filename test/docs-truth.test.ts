import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../src/model/vocabulary.js';

// What the documentation promises, held against the code: every workflow the README's table lists
// is one some fixture's scan produces (the fixtures are scanned by their own tests), and the prose
// speaks of the tool, never of the working sessions that wrote it.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

function filesUnder(dir: string, keep: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out;
}

describe('the documentation tells the truth', () => {
  const workflowRows = [...readme.matchAll(/^\| `([a-z-]+)` \| .+ \| (?:yes|no) \| [^|]+ \|$/gm)].map((m) => m[1]);

  it('the README lists every workflow of the contract, and only those', () => {
    expect([...workflowRows].sort()).toEqual([...WORKFLOWS].sort());
  });

  it('every listed workflow is produced by some fixture', () => {
    const produced = new Set<string>();
    for (const f of filesUnder(join(ROOT, 'fixtures'), (p) => p.endsWith('expected.json'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/"workflow": "([a-z-]+)"/g)) produced.add(m[1]!);
    }
    expect(workflowRows.filter((w) => !produced.has(w!))).toEqual([]);
  });

  it('no document, rule or source file speaks of the session that wrote it', () => {
    const texts = [
      ...['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md'].map((f) => join(ROOT, f)),
      ...filesUnder(join(ROOT, 'rules'), () => true),
      ...filesUnder(join(ROOT, 'src'), (p) => /\.(ts|wat)$/.test(p)),
    ];
    const said = texts.filter((f) =>
      /\b(?:this|that|the current|a previous|an earlier|the next|a later) (?:working )?session\b/i.test(readFileSync(f, 'utf8')),
    );
    expect(said.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
