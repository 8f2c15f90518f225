import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Global setup: one folder outside this repository's work tree for the fixture copies that
// scanCase scans (see fixture-cases.ts), removed when the run ends.
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'dts-fixture-copies-'));
  process.env.DTS_FIXTURE_COPIES = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
