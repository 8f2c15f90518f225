import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// A plain ES module, shared with the benchmark script (scripts/bench/hostile.mjs).
import { writeSparseScript, writeWitnesses } from '../../scripts/bench/hostile-inputs.mjs';
import type { Report } from '../../src/model/report.js';
import { runMeasured } from '../helpers/measured-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Issue 10, item 3: the reader threads of a big scan. A reader that dies costs only the file it
// died on, never the findings of the other files of its batch; a file of hundreds of MB (allowed
// by --max-file-size) is not held by a reader, and big files are not all in memory at once.
// The full-size case (200 MB with --max-file-size 256) is `node scripts/bench/hostile.mjs`.

/** A tree big enough for reader threads (400 files or more), with committed PATs in some files. */
function treeWithWitnesses(root: string): string[] {
  mkdirSync(join(root, 'src'), { recursive: true });
  for (let i = 0; i < 450; i++) writeFileSync(join(root, 'src', `m${String(i).padStart(3, '0')}.py`), `def f${i}():\n    return ${i}\n`);
  const witnesses = Array.from({ length: 9 }, (_, i) => `src/m${String(i * 50 + 1).padStart(3, '0')}-dbt.py`);
  writeWitnesses(root, witnesses);
  return witnesses;
}

describe('a reader thread that dies', () => {
  it('loses only the file it died on: the other files of its batch are read again and their findings reported', () => {
    const root = tempDir('reader-fault-');
    const witnesses = treeWithWitnesses(root);
    const victim = 'src/m052.py';
    // What users get: the test suite's DTS_STRICT=1 would make the scan fail (the test below).
    const run = runMeasured(['scan', '.', '--format', 'json', '--jobs', '3'], root, { DTS_TEST_WORKER_FAULT: victim, DTS_STRICT: '0' });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    for (const w of witnesses)
      expect(
        report.findings.some((f) => f.file === w && f.ruleId === 'hardcoded-token'),
        w,
      ).toBe(true);
    expect(report.errors).toEqual([{ file: victim, message: 'cannot read: the reading thread failed on this file (internal error)' }]);
    expect(report.summary.filesScanned).toBe(450 + witnesses.length - 1);
  }, 120_000);

  it('under DTS_STRICT=1 fails the scan with the error it died of, and the scan ends', () => {
    const root = tempDir('reader-fault-strict-');
    treeWithWitnesses(root);
    const run = runMeasured(['scan', '.', '--format', 'json', '--jobs', '3'], root, {
      DTS_TEST_WORKER_FAULT: 'src/m052.py',
      DTS_STRICT: '1',
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('internal error: Error: fault injected for a test');
  }, 120_000);
});

describe('big files in a tree read by reader threads', () => {
  it('are read one at a time by the main thread, so memory does not grow with their number', () => {
    const root = tempDir('big-files-');
    const witnesses = treeWithWitnesses(root);
    // Four 40 MB scripts, allowed by --max-file-size 64, each with calls at its start, middle and end.
    const lines = 40_000_000 / 57;
    for (let k = 0; k < 4; k++) writeSparseScript(join(root, 'big', `run-${k}.sh`), 40_000_000, Math.floor(lines / 2));
    const run = runMeasured(['scan', '.', '--format', 'json', '--max-file-size', '64', '--jobs', '3'], root);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    for (const w of witnesses)
      expect(
        report.findings.some((f) => f.file === w),
        w,
      ).toBe(true);
    for (let k = 0; k < 4; k++) {
      const sites = report.callSites.filter((c) => c.file === `big/run-${k}.sh`);
      expect(sites.length, `big/run-${k}.sh`).toBeGreaterThanOrEqual(2);
      expect(report.errors.filter((e) => e.file === `big/run-${k}.sh`).map((e) => e.message)).toEqual([
        'shell script larger than 2 MB: scanned line by line',
      ]);
    }
    // The build before held every big file in a reader and again in the main thread (580 MB here).
    expect(run.maxRssMb).toBeLessThan(400);
  }, 120_000);
});
