import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Every throw-away folder of a test file lives under one root, removed once the file's tests are
// done, and under the run's own folder (fixture-copies-setup.ts), removed when the run ends, so a
// test run leaves nothing behind in the system's temporary folder. (Vitest stops its
// worker processes without an 'exit' event, so this cannot wait for the process to end.)

let root: string | undefined;

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

export function tempDir(prefix: string): string {
  root ??= mkdtempSync(join(process.env.DTS_TEST_TMP ?? tmpdir(), 'dts-test-'));
  return mkdtempSync(join(root, prefix));
}
