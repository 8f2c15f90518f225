import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapterFor, mayHaveAdapter, parsersByPath } from '../src/adapters/registry.js';

// The pre-filter skips its keyword stage for a file no adapter may read (src/scan/prefilter-file.ts),
// so `mayHaveAdapter` must hold for every file some adapter reads, whatever the file holds.

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

function* filesUnder(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

describe('which paths an adapter may read', () => {
  it('holds for every fixture file an adapter reads, under its own path and under others of the same name', () => {
    let read = 0;
    for (const abs of filesUnder(FIXTURES)) {
      const rel = relative(FIXTURES, abs).split('\\').join('/');
      const text = readFileSync(abs, 'latin1');
      for (const path of [rel, rel.slice(rel.lastIndexOf('/') + 1), `deep/er/${rel}`]) {
        if (!adapterFor(path, text)) continue;
        read++;
        expect(mayHaveAdapter(path), path).toBe(true);
      }
    }
    expect(read).toBeGreaterThan(500);
  });

  it.each([
    ['docs/guide.md', false],
    ['data/seeds/accounts.csv', false],
    ['notes.txt', false],
    ['pyproject.toml', false],
    ['config/settings.json', true],
    ['.github/workflows/ci.yml', true],
    ['k8s/cronjob.yaml', true],
    ['bin/trigger', true],
    ['jobs/run.py', true],
    ['src/client.ts', true],
    ['main.tf', true],
    ['Makefile', true],
    ['cmd/sync.go', true],
  ])('%s: %s', (path, expected) => {
    expect(mayHaveAdapter(path)).toBe(expected);
  });
});

describe('which WebAssembly parsers a path may need (a cold scan starts them as the walk finds files)', () => {
  const COMPILED = ['python', 'bash', 'hcl'] as const;
  const wanted = parsersByPath(COMPILED);

  it('names every WebAssembly parser of the adapter that reads each fixture file', () => {
    let checked = 0;
    for (const abs of filesUnder(FIXTURES)) {
      const rel = relative(FIXTURES, abs).split('\\').join('/');
      const parsers = adapterFor(rel, readFileSync(abs, 'latin1'))?.parsers?.filter((p) => p !== 'babel') ?? [];
      if (!parsers.length) continue;
      checked++;
      expect(wanted(rel, new Set(COMPILED)), rel).toEqual(expect.arrayContaining(parsers));
    }
    expect(checked).toBeGreaterThan(300);
  });

  it.each([
    ['dags/sync.py', ['python']],
    ['.github/workflows/ci.yml', ['bash']],
    ['infra/main.tf', ['hcl']],
    ['notebooks/explore.ipynb', ['python', 'bash']],
    ['docs/guide.md', []],
    ['src/client.ts', []],
  ])('%s: %j', (path, expected) => {
    expect(wanted(path, new Set(COMPILED)).sort()).toEqual([...expected].sort());
  });

  it('asks only for parsers still pending', () => {
    expect(wanted('dags/sync.py', new Set(['bash', 'hcl']))).toEqual([]);
  });
});

describe('which files the .env reader reads', () => {
  it.each([
    ['.env', 'dotenv'],
    ['deploy/.env.production', 'dotenv'],
    ['.env.example', 'dotenv'],
    ['.env_template', 'dotenv'],
    ['.env-local', 'dotenv'],
    ['config/runtime.env', 'dotenv'],
    ['.environment', undefined],
    // direnv's file: `export NAME=value` lines a developer's shell loads.
    ['.envrc', 'dotenv'],
    ['.envrc.example', 'dotenv'],
    ['.envrcs', undefined],
    ['src/env.py', 'python'],
  ])('%s: %s', (path, expected) => {
    expect(adapterFor(path, 'DBT_CLOUD_API_TOKEN=x\n')?.id).toBe(expected);
  });
});
