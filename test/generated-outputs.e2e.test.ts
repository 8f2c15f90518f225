import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/rules/load-rules.js';

// What scripts and the build generate is what the sources say: the documented endpoint list, the
// compiled keyword search, and the built CLI's rule list. Each runs a process, so these live with
// the end-to-end tests, out of the unit loop.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SPEC_DIR = resolve(ROOT, '../shared/knowledge/openapi');

describe('generated files and the built CLI', () => {
  it.skipIf(!existsSync(SPEC_DIR))(
    'data/documented-endpoints.json is up to date with ../shared/knowledge/openapi (skipped when absent)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'dts-endpoints-'));
      try {
        const out = join(dir, 'documented-endpoints.json');
        const run = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-endpoints.mjs'), SPEC_DIR, '--out', out], {
          encoding: 'utf8',
        });
        expect(run.status, run.stderr).toBe(0);
        expect(readFileSync(out, 'utf8'), 'data/documented-endpoints.json is stale: run npm run generate:endpoints').toBe(
          readFileSync(join(ROOT, 'data/documented-endpoints.json'), 'utf8'),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
  if (!existsSync(SPEC_DIR)) console.warn(`documented-endpoints: ${SPEC_DIR} is absent; not checking that the data file is current`);

  it('the compiled keyword search is what scripts/generate-wasm.mjs makes of keyword-search.wat', () => {
    const res = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-wasm.mjs'), '--check'], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  it('`rules` prints every rule with its severity', async () => {
    const rules = await loadRules();
    const res = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'rules'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(res.status).toBe(0);
    for (const r of rules) expect(res.stdout).toMatch(new RegExp(`^${r.id}\\s+${r.severity}\\s+\\S`, 'm'));
  });
});
