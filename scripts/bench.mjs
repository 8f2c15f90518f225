#!/usr/bin/env node
// npm run bench: how fast and how lean `dbt-token-scan scan` is on a big tree. A measuring
// script, not a test: it prints figures and fails only when the scan itself fails.
//
//   node scripts/bench.mjs [FOLDER] [--tree DIR] [--files N] [--mb M] [--seed S] [--runs N] [--keep] [--generate-only] [--precommit-only] [--json]
//
// FOLDER            scan this existing folder as it is (never modified or deleted)
// --tree DIR        where the synthetic tree is generated (default .bench/tree, gitignored); an
//                   existing DIR that this script did not generate is scanned as it is
// --files, --mb     size of the synthetic tree (default 30,000 files, 300 MB), --seed its seed (1)
// --keep            keep the generated tree for the next run (default: delete it at the end); a
//                   kept tree is reused when the size and seed match
// --runs N          timed full scans (default 3, the median is reported)
// --generate-only   build (and keep) the tree and stop; no CLI needed
// --precommit-only  only the mixed five-file pre-commit case below (no tree)
// --json            also print the figures as one JSON line
// --no-history      skip the history case (scripts/bench/history.mjs: a synthetic repository of
//                   6,000 commits, `dbt-token-scan history` against `git log -p --all | rg`)
// --history-only    run only the history case
//
// Figures, all from the same tree, commands run from inside it, like the acceptance check
// (../shared/tools/perf.sh): one check run (exit 0/1 and a JSON report, planted call sites found at
// their lines, nothing under node_modules/, dist/, build/), then the full scan
// `node dist/cli/main.js scan . --format json --fail-on none` (median wall time, MB/s, peak RSS
// from /usr/bin/time -v when present), the keyword floor `rg -l -i --hidden -g '!.git' PATTERN .`
// when ripgrep is installed, and the pre-commit case: five named files, wall time including Node
// start-up, median of 10. Last, five files of mixed types with a dbt Cloud call each (.py, .ts, a
// workflow, .tf, .sh: scripts/bench/precommit.mjs) beside `node -e 0`, median and range of 10
// alternating runs, with the code cache warm and off.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULTS, generateTree } from './bench/generate-tree.mjs';
import { benchHistory } from './bench/history.mjs';
import { benchPreCommit } from './bench/precommit.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO, 'dist/cli/main.js');
const MB = 1024 * 1024;
const RG_PATTERN = 'getdbt|dbt\\.com|dbtc_|dbtu_|dbt_cloud|dbtcloud|dbt-cloud';
const SKIPPED_DIR = /(^|\/)(node_modules|dist|build)\//;
const SCAN_TIMEOUT_MS = 15 * 60 * 1000;
const LINE_TOLERANCE = 3;

/** The history case as `npm run bench` runs it (scripts/bench/history.mjs has its own options). */
const HISTORY_RUN = { commits: 6000, files: 1500, seed: 7, runs: 3, keep: false, json: false };

function parseArgs(argv) {
  const o = { folder: undefined, tree: undefined, files: DEFAULTS.files, mb: DEFAULTS.mb, seed: DEFAULTS.seed, runs: 3, keep: false, generateOnly: false, precommitOnly: false, json: false, history: true, historyOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    const num = () => { const v = Number(value()); if (!Number.isFinite(v) || v <= 0) usage(`${a} needs a positive number`); return v; };
    if (a === '--tree') o.tree = value();
    else if (a === '--files') o.files = Math.round(num());
    else if (a === '--mb') o.mb = num();
    else if (a === '--seed') o.seed = Math.round(num());
    else if (a === '--runs') o.runs = Math.max(1, Math.round(num()));
    else if (a === '--keep') o.keep = true;
    else if (a === '--generate-only') { o.generateOnly = true; o.keep = true; }
    else if (a === '--precommit-only') o.precommitOnly = true;
    else if (a === '--json') o.json = true;
    else if (a === '--no-history') o.history = false;
    else if (a === '--history-only') o.historyOnly = true;
    else if (a === '-h' || a === '--help') { console.log(helpText()); process.exit(0); }
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (o.folder) usage('only one FOLDER');
    else o.folder = a;
  }
  return o;
}

function helpText() {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
  const end = lines.findIndex((l) => !l.startsWith('//'));
  return lines.slice(0, end).map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
}

function usage(message) {
  console.error(`bench: ${message} (see node scripts/bench.mjs --help)`);
  process.exit(2);
}

// ---------------------------------------------------------------- helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const int = (n) => n.toLocaleString('en-US');
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true'], { stdio: 'ignore' }).status === 0 ? '/usr/bin/time' : undefined;

/**
 * Runs a command with stdout to `outFile` (or discarded) and returns wall seconds, exit code,
 * stderr, and peak RSS in MB when /usr/bin/time is used.
 */
function timed(cmd, args, { cwd, outFile, withTime = false }) {
  const fd = outFile ? openSync(outFile, 'w') : 'ignore';
  const [file, argv] = withTime && TIME ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const res = spawnSync(file, argv, { cwd, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1' }, timeout: SCAN_TIMEOUT_MS, maxBuffer: 64 * MB });
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

/** Files and bytes a scanner should read: everything but .git and the skipped build folders. */
function measureFolder(root) {
  let files = 0, bytes = 0, skippedFiles = 0, skippedBytes = 0;
  const stack = [['', false]];
  while (stack.length) {
    const [rel, skipped] = stack.pop();
    let entries;
    try { entries = readdirSync(join(root, rel), { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name === '.git') continue;
        stack.push([p, skipped || ['node_modules', 'dist', 'build'].includes(e.name)]);
      } else if (e.isFile()) {
        let size = 0;
        try { size = lstatSync(join(root, p)).size; } catch { /* vanished */ }
        if (skipped) { skippedFiles++; skippedBytes += size; } else { files++; bytes += size; }
      }
    }
  }
  return { scannedFiles: files, scannedBytes: bytes, skippedFiles, skippedBytes, files: files + skippedFiles, bytes: bytes + skippedBytes };
}

/** For a folder without manifest: one file with a dbt Cloud URL and four ordinary ones. */
function pickPreCommit(root) {
  const byExt = new Map();
  const stack = [''];
  let withCall;
  let looked = 0;
  while (stack.length && looked < 20000) {
    const rel = stack.pop();
    let entries;
    try { entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? 1 : -1)); } catch { continue; }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) { if (!['.git', 'node_modules', 'dist', 'build'].includes(e.name)) stack.push(p); continue; }
      const ext = /\.(py|ts|md|yml)$/.exec(e.name)?.[1];
      if (!ext) continue;
      looked++;
      let text = '';
      try { text = readFileSync(join(root, p), 'utf8').slice(0, 200000); } catch { continue; }
      if (!withCall && ext === 'py' && /(getdbt|\.dbt)\.com\/api\//i.test(text)) withCall = p;
      else if (!byExt.has(ext) && !new RegExp(RG_PATTERN, 'i').test(text)) byExt.set(ext, p);
    }
  }
  return [withCall, ...byExt.values()].filter(Boolean).slice(0, 5);
}

// ---------------------------------------------------------------- the tree

function prepareTree(o) {
  if (o.folder) {
    const dir = resolve(o.folder);
    if (!existsSync(dir)) usage(`no folder ${o.folder}`);
    return { dir, manifest: undefined, generated: false, label: `${o.folder} (as is)` };
  }
  const dir = resolve(REPO, o.tree ?? '.bench/tree');
  const manifestFile = `${dir}.manifest.json`;
  const params = { files: o.files, mb: o.mb, seed: o.seed };
  let manifest;
  try { manifest = JSON.parse(readFileSync(manifestFile, 'utf8')); } catch { manifest = undefined; }
  const ours = manifest?.generator === 'scripts/bench/generate-tree.mjs';
  if (existsSync(dir) && !ours) return { dir, manifest: undefined, generated: false, label: `${relative(process.cwd(), dir) || '.'} (as is)` };
  if (existsSync(dir) && JSON.stringify(manifest.params) === JSON.stringify(params)) {
    return { dir, manifest, generated: true, label: `${relative(process.cwd(), dir)} (kept from an earlier run, seed ${o.seed})` };
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bench: generating ${relative(process.cwd(), dir)} (${int(o.files)} files, ${o.mb} MB)... `);
  const t0 = performance.now();
  manifest = generateTree(dir, params);
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return { dir, manifest, generated: true, label: `${relative(process.cwd(), dir)} (generated, seed ${o.seed})` };
}

function removeTree(tree) {
  rmSync(tree.dir, { recursive: true, force: true });
  rmSync(`${tree.dir}.manifest.json`, { force: true });
  rmSync(`${tree.dir}.partial`, { recursive: true, force: true });
}

function ensureCli() {
  if (existsSync(CLI)) return true;
  console.error('bench: dist/cli/main.js is missing; running npm run build');
  const res = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (res.status !== 0 || !existsSync(CLI)) {
    console.error('bench: the build failed; nothing to time');
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- checks

function compareCallSites(report, manifest) {
  const sites = (report.callSites ?? []).map((c) => ({ file: String(c.file ?? '').replace(/^\.\//, ''), line: Number(c.line) }));
  const out = { reported: sites.length, underSkipped: sites.filter((s) => SKIPPED_DIR.test(s.file)).length };
  const errorsUnderSkipped = (report.errors ?? []).filter((e) => SKIPPED_DIR.test(String(e.file ?? '').replace(/^\.\//, ''))).length;
  const findingsUnderSkipped = (report.findings ?? []).filter((f) => SKIPPED_DIR.test(String(f.file ?? '').replace(/^\.\//, ''))).length;
  out.underSkipped += errorsUnderSkipped + findingsUnderSkipped;
  if (!manifest) return out;
  const planted = manifest.callSites;
  const plantedFiles = new Set(planted.map((p) => p.file));
  const decoys = new Set(manifest.decoys);
  out.planted = planted.length;
  out.foundAtLine = planted.filter((p) => sites.some((s) => s.file === p.file && Math.abs(s.line - p.line) <= LINE_TOLERANCE)).length;
  out.foundByFile = planted.filter((p) => sites.some((s) => s.file === p.file)).length;
  out.missed = planted.filter((p) => !sites.some((s) => s.file === p.file)).map((p) => `${p.shape} ${p.file}:${p.line}`);
  out.inDecoys = sites.filter((s) => decoys.has(s.file)).length;
  out.elsewhere = sites.filter((s) => !plantedFiles.has(s.file) && !decoys.has(s.file) && !SKIPPED_DIR.test(s.file)).length;
  return out;
}

// ---------------------------------------------------------------- main

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!o.generateOnly && !ensureCli()) process.exit(2);
  if (o.historyOnly) {
    process.exitCode = benchHistory({ ...HISTORY_RUN, json: o.json });
    return;
  }
  if (o.precommitOnly) {
    const r = benchPreCommit({ runs: 10 });
    if (o.json) console.log(JSON.stringify({ mixedPreCommit: r }));
    return;
  }
  const tree = prepareTree(o);
  let exitCode = 0;
  try {
    const size = tree.manifest ?? measureFolder(tree.dir);
    console.log('dbt-token-scan benchmark');
    console.log(`tree: ${tree.label}: ${int(size.files)} files, ${fmt(size.bytes / MB)} MB; to scan ${int(size.scannedFiles)} files, ${fmt(size.scannedBytes / MB)} MB (node_modules/, dist/, build/: ${int(size.skippedFiles)} files, ${fmt(size.skippedBytes / MB)} MB)`);
    if (o.generateOnly) {
      if (tree.manifest) console.log(`planted call sites: ${tree.manifest.callSites.length}; pre-commit sample: ${tree.manifest.preCommit.join(' ')}`);
      return;
    }
    exitCode = bench(o, tree, size);
  } finally {
    if (tree.generated && !o.keep) removeTree(tree);
    else if (tree.generated) console.log(`kept ${relative(process.cwd(), tree.dir)} (delete it, or run without --keep, to rebuild)`);
  }
  if (o.history && !o.folder) exitCode = Math.max(exitCode, benchHistory({ ...HISTORY_RUN, json: o.json }));
  process.exitCode = exitCode;
}

function bench(o, tree, size) {
  const work = mkdtempSync(join(tmpdir(), 'dts-bench-'));
  const results = { tree: tree.label, files: size.scannedFiles, mb: size.scannedBytes / MB };
  try {
    const scanArgs = [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'none'];
    const node = process.execPath;

    // The check run: the scan must work before it is timed.
    const reportFile = join(work, 'report.json');
    const check = timed(node, scanArgs, { cwd: tree.dir, outFile: reportFile });
    let report;
    try { report = JSON.parse(readFileSync(reportFile, 'utf8')); } catch { report = undefined; }
    if ((check.status !== 0 && check.status !== 1) || !report) {
      const why = check.error ? check.error.message : check.signal ? `signal ${check.signal}` : `exit ${check.status}`;
      console.log(`check run: FAILED (${why}${report ? '' : ', no JSON report'}) after ${fmt(check.seconds, 2)} s`);
      const tail = check.stderr.split('\n').filter((l) => l.trim()).slice(-5);
      if (tail.length) console.log(`  stderr: ${tail.join('\n          ')}`);
      return 1;
    }
    const cs = compareCallSites(report, tree.manifest);
    console.log(`check run: exit ${check.status}, ${fmt(check.seconds, 2)} s; files scanned ${report.summary?.filesScanned ?? 'n/a'}, call sites ${cs.reported}, findings ${(report.findings ?? []).length}, errors ${(report.errors ?? []).length}`);
    if (cs.planted !== undefined) {
      console.log(`call sites found vs planted: ${cs.foundAtLine}/${cs.planted} at their line (±${LINE_TOLERANCE}), ${cs.foundByFile}/${cs.planted} by file; reported in decoy files ${cs.inDecoys}, in other files ${cs.elsewhere}`);
      if (cs.missed.length) console.log(`  missed: ${cs.missed.slice(0, 8).join(', ')}${cs.missed.length > 8 ? `, and ${cs.missed.length - 8} more` : ''}`);
    }
    console.log(`entries under node_modules/, dist/, build/: ${cs.underSkipped}${cs.underSkipped ? '  <-- should be 0' : ''}`);
    Object.assign(results, { callSites: cs, checkSeconds: check.seconds });

    // The full scan.
    const runs = [];
    for (let i = 0; i < o.runs; i++) {
      const r = timed(node, scanArgs, { cwd: tree.dir, withTime: true });
      if (r.status !== 0 && r.status !== 1) { console.log(`full scan run ${i + 1}: exit ${r.status ?? r.signal}`); return 1; }
      runs.push(r);
    }
    const wall = median(runs.map((r) => r.seconds));
    const rss = TIME ? median(runs.map((r) => r.rssMb ?? NaN)) : NaN;
    const mbps = size.scannedBytes / MB / wall;
    console.log(`full scan: ${fmt(wall, 2)} s median of ${runs.length} (${runs.map((r) => fmt(r.seconds, 2)).join(', ')}), ${fmt(mbps)} MB/s, ${int(Math.round(size.scannedFiles / wall))} files/s`);
    console.log(`peak RSS: ${TIME ? `${fmt(rss, 0)} MB median (${runs.map((r) => fmt(r.rssMb, 0)).join(', ')})` : 'n/a (no /usr/bin/time; apt-get install -y time)'}`);
    Object.assign(results, { wallSeconds: wall, mbPerSecond: mbps, peakRssMb: Number.isFinite(rss) ? rss : null });

    // The floor: a plain keyword search.
    if (has('rg')) {
      const rgArgs = ['-l', '-i', '--hidden', '-g', '!.git', RG_PATTERN, '.'];
      timed('rg', rgArgs, { cwd: tree.dir }); // warm-up
      const rg = [];
      for (let i = 0; i < 5; i++) rg.push(timed('rg', rgArgs, { cwd: tree.dir }).seconds);
      const rgWall = median(rg);
      console.log(`rg keyword search: ${fmt(rgWall, 3)} s median of 5; scan / rg = ${fmt(wall / rgWall)}x`);
      Object.assign(results, { rgSeconds: rgWall, rgRatio: wall / rgWall });
    } else {
      console.log('rg keyword search: n/a (ripgrep not installed; apt-get install -y ripgrep)');
    }

    // Pre-commit: five named files, Node start-up included.
    const files = tree.manifest?.preCommit ?? pickPreCommit(tree.dir);
    if (files.length) {
      const pcArgs = [CLI, 'scan', ...files, '--format', 'json', '--fail-on', 'none'];
      timed(node, pcArgs, { cwd: tree.dir });
      const pc = [];
      for (let i = 0; i < 10; i++) {
        const r = timed(node, pcArgs, { cwd: tree.dir });
        if (r.status !== 0 && r.status !== 1) { console.log(`pre-commit scan: exit ${r.status ?? r.signal}`); return 1; }
        pc.push(r.seconds);
      }
      const bare = [];
      for (let i = 0; i < 10; i++) bare.push(timed(node, ['-e', '0'], { cwd: tree.dir }).seconds);
      const pcMs = median(pc) * 1000;
      console.log(`pre-commit (${files.length} files): ${fmt(pcMs, 0)} ms median of 10, Node start-up included (node -e 0: ${fmt(median(bare) * 1000, 0)} ms)`);
      console.log(`  files: ${files.join(' ')}`);
      Object.assign(results, { preCommitMs: pcMs, nodeStartMs: median(bare) * 1000 });
    }
    results.mixedPreCommit = benchPreCommit({ runs: 10 });
    if (o.json) console.log(JSON.stringify(results));
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
