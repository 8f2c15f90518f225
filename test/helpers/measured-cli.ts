import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, type CliResult } from './run-cli.js';
import { tempDir } from './temp-dir.js';

// Runs the built CLI as run-cli.ts does, and reports what the run cost: peak RSS and CPU time,
// read by the CLI's own process at exit (a preloaded hook), so no external tool is needed.

export interface MeasuredRun extends CliResult {
  /** Peak resident set size of the CLI process, in MB. */
  maxRssMb: number;
  /** CPU time (user + system) of the CLI process, all its threads, in ms. */
  cpuMs: number;
  wallMs: number;
}

const HOOK = `const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.DTS_TEST_USAGE_OUT, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
`;

export function runMeasured(
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
  timeoutMs = 120_000,
): MeasuredRun {
  const dir = tempDir('measure-');
  const hookPath = join(dir, 'usage-hook.cjs');
  writeFileSync(hookPath, HOOK);
  const out = join(dir, 'usage.json');
  const started = performance.now();
  const res = spawnSync(process.execPath, ['--require', hookPath, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined, ...env, DTS_TEST_USAGE_OUT: out },
  });
  const wallMs = performance.now() - started;
  let usage = { maxRssKb: Number.NaN, cpuUs: Number.NaN };
  try {
    usage = JSON.parse(readFileSync(out, 'utf8')) as typeof usage;
  } catch {
    // Killed by the timeout, or crashed before exit: the figures stay NaN, failing any bound.
  }
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, maxRssMb: usage.maxRssKb / 1024, cpuMs: usage.cpuUs / 1000, wallMs };
}
