import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The shared contract check (../shared/tools/check-contract) against the built CLI, when the
// steering folder sits beside the repository (it does in CI). The package never needs it to run.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHECK = fileURLToPath(new URL('../../shared/tools/check-contract', import.meta.url));

describe('shared contract check', () => {
  it.skipIf(!existsSync(CHECK))('passes against the built CLI', () => {
    const r = spawnSync(CHECK, [], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    expect(r.stdout, r.stdout + r.stderr).toContain('contract checks passed');
    expect(r.status).toBe(0);
  });
});
