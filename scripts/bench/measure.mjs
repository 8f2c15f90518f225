// Timing and sizing for `npm run bench` (scripts/bench.mjs) and its cases: one place that runs a
// command with wall time and peak RSS, the full scan and ripgrep's keyword pass side by side, and
// the size of what a scanner reads.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, openSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summary } from './stats.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO, 'dist/cli/main.js');
export const MB = 1024 * 1024;
/** The keyword floor, the same search as ../shared/tools/perf.sh. */
export const RG_PATTERN = 'getdbt|dbt\\.com|dbtc_|dbtu_|dbt_cloud|dbtcloud|dbt-cloud';
export const RG_ARGS = ['-l', '-i', '--hidden', '-g', '!.git', RG_PATTERN, '.'];
const SCAN_TIMEOUT_MS = 15 * 60 * 1000;
/** Skipped by the scanner, whatever the tree's ignore files say. */
export const SKIPPED_DIRS = ['node_modules', 'dist', 'build'];

export const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
export const TIME =
  existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true'], { stdio: 'ignore' }).status === 0 ? '/usr/bin/time' : undefined;

/**
 * Runs a command with stdout to `outFile` (or discarded) and returns wall seconds, exit code,
 * stderr, and peak RSS in MB when /usr/bin/time is used.
 */
export function timed(cmd, args, { cwd, outFile, withTime = false, env = {} }) {
  const fd = outFile ? openSync(outFile, 'w') : 'ignore';
  const [file, argv] = withTime && TIME ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const res = spawnSync(file, argv, {
    cwd,
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: SCAN_TIMEOUT_MS,
    maxBuffer: 64 * MB,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (typeof fd === 'number') closeSync(fd);
  const stderr = res.stderr?.toString('utf8') ?? '';
  let rssMb;
  if (withTime && TIME) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (m) rssMb = Number(m[1]) / 1024;
  }
  return { seconds, status: res.status, signal: res.signal, error: res.error, stderr, rssMb };
}

/** Why a run failed, for a message. */
export const failure = (r) => (r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`);
/** A scan that ran: exit 0 (nothing to fail on) or 1 (findings). */
export const scanned = (r) => r.status === 0 || r.status === 1;

/**
 * `runs` timed runs of `node CLI args` in `cwd`: wall seconds and peak RSS (MB) as summaries, or
 * `{ failed }` with the reason when a run did not exit 0 or 1.
 */
export function timeScan(args, cwd, runs, { before } = {}) {
  const rs = [];
  for (let i = 0; i < runs; i++) {
    before?.(i);
    const r = timed(process.execPath, [CLI, ...args], { cwd, withTime: true });
    if (!scanned(r))
      return {
        failed: `${failure(r)}: ${r.stderr
          .split('\n')
          .filter((l) => l.trim())
          .slice(-3)
          .join(' / ')}`,
      };
    rs.push(r);
  }
  return { wall: summary(rs.map((r) => r.seconds)), rss: summary(rs.map((r) => r.rssMb ?? NaN)), walls: rs.map((r) => r.seconds) };
}

/** ripgrep's keyword pass over `cwd`, after one warm-up run: a summary of wall seconds, or undefined without rg. */
export function timeRipgrep(cwd, runs = 5) {
  if (!has('rg')) return undefined;
  timed('rg', RG_ARGS, { cwd });
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(timed('rg', RG_ARGS, { cwd }).seconds);
  return summary(rs);
}

/** Files and bytes a scanner should read: everything but .git and the skipped build folders. */
export function measureFolder(root) {
  let files = 0,
    bytes = 0,
    skippedFiles = 0,
    skippedBytes = 0;
  const stack = [['', false]];
  while (stack.length) {
    const [rel, skipped] = stack.pop();
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name === '.git') continue;
        stack.push([p, skipped || SKIPPED_DIRS.includes(e.name)]);
      } else if (e.isFile()) {
        let size = 0;
        try {
          size = lstatSync(join(root, p)).size;
        } catch {
          /* vanished */
        }
        if (skipped) {
          skippedFiles++;
          skippedBytes += size;
        } else {
          files++;
          bytes += size;
        }
      }
    }
  }
  return { scannedFiles: files, scannedBytes: bytes, skippedFiles, skippedBytes, files: files + skippedFiles, bytes: bytes + skippedBytes };
}
