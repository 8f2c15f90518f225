import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Global setup: one folder outside this repository's work tree for the fixture copies that
// scanCase scans (see fixture-cases.ts), and one for the tests' throw-away folders (temp-dir.ts),
// both removed when the run ends: test files that share a thread (the unit project does not
// isolate them) share temp-dir.ts, whose own clean-up then runs only for the first of them.
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'dts-fixture-copies-'));
  const temp = mkdtempSync(join(tmpdir(), 'dts-test-run-'));
  process.env.DTS_FIXTURE_COPIES = dir;
  process.env.DTS_TEST_TMP = temp;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  };
}
