import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// A plain ES module, shared with the benchmark script (scripts/bench/hostile.mjs).
import { dockerfileWithRuns, gitlabWithJobs, workflowWithSteps } from '../../scripts/bench/hostile-inputs.mjs';
import { MAX_CALL_SITES_PER_FILE } from '../../src/facts/limits.js';
import type { Report } from '../../src/model/report.js';
import { runMeasured } from '../helpers/measured-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Issue 10, item 3: CI files of thousands of steps or jobs and Dockerfiles of thousands of RUN
// lines scan in time linear in their size. The build before merged each step's facts into the
// file's by serialising every fact found so far: four times the steps took sixteen times as long.
// CPU time is compared (the CLI's own, less a run on a tiny file for start-up), not wall-clock
// time, so that a busy machine does not decide.

interface Case {
  name: string;
  path: string;
  text: (n: number) => string;
}

// Every step, job or RUN line makes one call.
const CASES: Case[] = [
  {
    name: 'a GitHub Actions workflow of thousands of steps',
    path: '.github/workflows/deploy.yml',
    text: (n) => workflowWithSteps(n, { every: 1 }),
  },
  { name: 'a .gitlab-ci.yml of thousands of jobs', path: '.gitlab-ci.yml', text: (n) => gitlabWithJobs(n, { every: 1 }) },
  { name: 'a Dockerfile of thousands of RUN lines', path: 'Dockerfile', text: (n) => dockerfileWithRuns(n, { every: 1 }) },
];

function scanOne(path: string, text: string): { cpuMs: number; report: Report } {
  const root = tempDir('linear-');
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  const run = runMeasured(['scan', '.', '--format', 'json', '--fail-on', 'none'], root);
  expect(run.status, run.stderr).toBe(0);
  return { cpuMs: run.cpuMs, report: JSON.parse(run.stdout) as Report };
}

const TIME_CUT = /time limit/;

describe.each(CASES)('$name', ({ path, text }) => {
  it('scans in time linear in its size, every call found up to the per-file cap', () => {
    const small = 500;
    const base = scanOne(path, text(2));
    const one = scanOne(path, text(small));
    const four = scanOne(path, text(small * 4));
    expect(base.report.summary.callSites).toBe(2);
    if (!one.report.errors.length) expect(one.report.summary.callSites).toBe(small);
    expect(one.report.errors.filter((e) => !TIME_CUT.test(e.message))).toEqual([]);
    // 2,000 calls for a per-file cap of 1,000: the cut is said. On a very slow machine the time
    // budget may end the file first, which is said too.
    const said = four.report.errors.map((e) => e.message);
    const capCut = `dbt Cloud call sites in this file, over the limit of ${MAX_CALL_SITES_PER_FILE.toLocaleString('en-US')}: the most severe kept`;
    if (said.some((m) => TIME_CUT.test(m))) {
      expect(said.filter((m) => !TIME_CUT.test(m) && !m.endsWith(capCut))).toEqual([]);
    } else {
      expect(four.report.summary.callSites).toBe(MAX_CALL_SITES_PER_FILE);
      expect(said).toEqual([`2,000 ${capCut}`]);
    }
    const ratio = (four.cpuMs - base.cpuMs) / Math.max(1, one.cpuMs - base.cpuMs);
    // Linear is at most 4 (start-up work weighs more in the smaller run); the build before was 6.6 to 17.
    expect(
      ratio,
      `${Math.round(one.cpuMs - base.cpuMs)} ms for ${small}, ${Math.round(four.cpuMs - base.cpuMs)} ms for ${small * 4}`,
    ).toBeLessThan(5);
  }, 180_000);
});
