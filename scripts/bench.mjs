#!/usr/bin/env node
// npm run bench: how fast and how lean `dbt-token-scan scan` is, beside ripgrep's keyword pass. A
// measuring script, not a test: it prints figures and fails only when the scan itself fails.
//
//   node scripts/bench.mjs [FOLDER] [options]
//
// FOLDER              measure this existing folder (never modified; the warm cases use a copy)
// --tree DIR          where the synthetic tree is generated (default .bench/tree, gitignored); an
//                     existing DIR that this script did not generate is scanned as it is
// --files, --mb       size of the synthetic tree (default 30,000 files, 300 MB), --seed its seed (1)
// --keep              keep the generated trees for the next run (default: delete them at the end); a
//                     kept tree is reused when its size and seed match
// --runs N            timed runs of each full, warm and scale scan (default 3, the median is reported)
// --no-warm           skip the warm cases (a committed copy of the tree: --cache, --staged --cache)
// --scale N,N,N       sizes in files of the scale curve (default 10000,30000,90000; MB in proportion
//                     to --files and --mb); without FOLDER the curve runs by default
// --scale-dirs A,B,C  the scale curve on existing folders, in this order, instead of generated trees
//                     (e.g. ../shared/tools/real-tree --data-team 10|30|90)
// --no-scale          skip the scale curve
// --generate-only     build (and keep) the tree and stop; no CLI needed
// --precommit-only    only the mixed five-file pre-commit case (no tree)
// --json              also print every figure as one JSON object, last
// --no-history        skip the history case (scripts/bench/history.mjs: a synthetic repository of
//                     6,000 commits, `dbt-token-scan history` against `git log -p --all | rg`)
// --history-only      run only the history case
//
// Cases, commands run from inside the tree, like the acceptance check (../shared/tools/perf.sh):
// 1. cold: one check run (exit 0/1 and a JSON report, planted call sites found at their lines,
//    nothing under node_modules/, dist/, build/), then `node dist/cli/main.js scan . --format json
//    --fail-on none` (median wall time, MB/s, peak RSS from /usr/bin/time -v when present) and the
//    keyword floor `rg -l -i --hidden -g '!.git' PATTERN .`; five named files (pre-commit without
//    a cache), median of 10.
// 2. warm (scripts/bench/warm.mjs): the tree copied, committed to git, scanned with --cache; then
//    one file changed and `scan . --cache` timed against rg; then five staged files of mixed types
//    with `scan --staged --cache` against `node -e 0`.
// 3. five files of mixed types with a dbt Cloud call each (.py, .ts, a workflow, .tf, .sh:
//    scripts/bench/precommit.mjs) beside `node -e 0`, 10 alternating runs, code cache warm and off.
// 4. the scale curve (scripts/bench/scale.mjs): files, MB, scan and rg wall time, ratio, peak RSS
//    and cost per 1,000 files at each size.
// 5. the history case; then a summary table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, parseBenchArgs } from './bench/bench-args.mjs';
import { generateTree } from './bench/generate-tree.mjs';
import { benchHistory } from './bench/history.mjs';
import { CLI, MB, measureFolder, RG_PATTERN, TIME, timed, timeRipgrep, timeScan } from './bench/measure.mjs';
import { benchPreCommit } from './bench/precommit.mjs';
import { printScale, scalePoint } from './bench/scale.mjs';
import { fmt, fmtRange, median } from './bench/stats.mjs';
import { benchWarm } from './bench/warm.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_DIR = /(^|\/)(node_modules|dist|build)\//;
const LINE_TOLERANCE = 3;

/** The history case as `npm run bench` runs it (scripts/bench/history.mjs has its own options). */
const HISTORY_RUN = { commits: 6000, files: 1500, seed: 7, runs: 3, keep: false, json: false };

function parseArgs(argv) {
  try {
    const o = parseBenchArgs(argv);
    if (o.help) {
      console.log(helpText());
      process.exit(0);
    }
    return o;
  } catch (e) {
    if (e instanceof BenchUsageError) usage(e.message);
    throw e;
  }
}

function helpText() {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .slice(1);
  const end = lines.findIndex((l) => !l.startsWith('//'));
  return lines
    .slice(0, end)
    .map((l) => l.replace(/^\/\/ ?/, ''))
    .join('\n');
}

function usage(message) {
  console.error(`bench: ${message} (see node scripts/bench.mjs --help)`);
  process.exit(2);
}

// ---------------------------------------------------------------- helpers

const int = (n) => n.toLocaleString('en-US');

/** For a folder without manifest: one file with a dbt Cloud URL and four ordinary ones. */
function pickPreCommit(root) {
  const byExt = new Map();
  const stack = [''];
  let withCall;
  let looked = 0;
  while (stack.length && looked < 20000) {
    const rel = stack.pop();
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? 1 : -1));
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!['.git', 'node_modules', 'dist', 'build'].includes(e.name)) stack.push(p);
        continue;
      }
      const ext = /\.(py|ts|md|yml)$/.exec(e.name)?.[1];
      if (!ext) continue;
      looked++;
      let text = '';
      try {
        text = readFileSync(join(root, p), 'utf8').slice(0, 200000);
      } catch {
        continue;
      }
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
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = undefined;
  }
  const ours = manifest?.generator === 'scripts/bench/generate-tree.mjs';
  if (existsSync(dir) && !ours)
    return { dir, manifest: undefined, generated: false, label: `${relative(process.cwd(), dir) || '.'} (as is)` };
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
  const results = {};
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
  const made = [tree];
  let exitCode = 0;
  try {
    const size = tree.manifest ?? measureFolder(tree.dir);
    console.log('dbt-token-scan benchmark');
    console.log(
      `tree: ${tree.label}: ${int(size.files)} files, ${fmt(size.bytes / MB)} MB; to scan ${int(size.scannedFiles)} files, ${fmt(size.scannedBytes / MB)} MB (node_modules/, dist/, build/: ${int(size.skippedFiles)} files, ${fmt(size.skippedBytes / MB)} MB)`,
    );
    if (o.generateOnly) {
      if (tree.manifest)
        console.log(`planted call sites: ${tree.manifest.callSites.length}; pre-commit sample: ${tree.manifest.preCommit.join(' ')}`);
      for (const n of o.scale) if (n !== o.files) made.push(scaleTree(o, n));
      return;
    }
    Object.assign(results, { tree: tree.label, files: size.scannedFiles, mb: size.scannedBytes / MB });
    exitCode = benchCold(o, tree, size, results);
    if (exitCode === 0 && o.warm) {
      const w = benchWarm({ dir: tree.dir, editFile: editTarget(tree), runs: o.runs });
      results.warm = w;
      if (w.failed) {
        console.log(`warm cases: FAILED (${w.failed})`);
        exitCode = 1;
      }
    }
    if (exitCode === 0) results.mixedPreCommit = benchPreCommit({ runs: 10 });
    if (exitCode === 0 && (o.scaleDirs || (o.scale.length && (!o.folder || o.scaleAsked)))) {
      results.scale = benchScaleCurve(o, tree, made);
      if (results.scale.some((p) => p.failed)) exitCode = 1;
    }
  } finally {
    for (const t of made) {
      if (t.generated && !o.keep) removeTree(t);
      else if (t.generated) console.log(`kept ${relative(process.cwd(), t.dir)} (delete it, or run without --keep, to rebuild)`);
    }
  }
  if (o.history && !o.folder) exitCode = Math.max(exitCode, benchHistory({ ...HISTORY_RUN, json: o.json }, results));
  printSummary(results);
  if (o.json) console.log(JSON.stringify(results));
  process.exitCode = exitCode;
}

/** The generated tree of `files` files for the scale curve, the main tree's density. */
function scaleTree(o, files) {
  const mb = Math.max(1, Math.round((files * o.mb) / o.files));
  return prepareTree({ tree: `.bench/scale-${files}`, files, mb, seed: o.seed });
}

function benchScaleCurve(o, tree, made) {
  const points = [];
  if (o.scaleDirs) {
    for (const d of o.scaleDirs) {
      const dir = resolve(d);
      if (!existsSync(dir)) {
        points.push({ label: d, files: 0, mb: 0, failed: 'no such folder' });
        continue;
      }
      points.push(scalePoint({ label: d, dir, size: measureFolder(dir), runs: o.runs }));
    }
  } else {
    for (const n of o.scale) {
      // The main tree is the point of its own size, when it is a generated one of the same density.
      const same = tree.manifest && n === o.files && !o.folder;
      const t = same ? tree : scaleTree(o, n);
      if (!same) made.push(t);
      points.push(
        scalePoint({
          label: `synthetic ${n >= 1000 ? `${Math.round(n / 1000)}k` : n} files`,
          dir: t.dir,
          size: t.manifest ?? measureFolder(t.dir),
          runs: o.runs,
        }),
      );
    }
  }
  printScale(points);
  return points;
}

/** The file the warm case edits: an ordinary file (no call) of the pre-commit sample. */
function editTarget(tree) {
  const files = tree.manifest?.preCommit ?? pickPreCommit(tree.dir);
  return files.find((f) => /\.(py|ya?ml|md|sh)$/.test(f) && f !== files[0]) ?? files[files.length - 1];
}

function benchCold(o, tree, size, results) {
  const work = mkdtempSync(join(tmpdir(), 'dts-bench-'));
  try {
    const scanArgs = ['scan', '.', '--format', 'json', '--fail-on', 'none'];
    const node = process.execPath;

    // The check run: the scan must work before it is timed.
    const reportFile = join(work, 'report.json');
    const check = timed(node, [CLI, ...scanArgs], { cwd: tree.dir, outFile: reportFile });
    let report;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8'));
    } catch {
      report = undefined;
    }
    if ((check.status !== 0 && check.status !== 1) || !report) {
      const why = check.error ? check.error.message : check.signal ? `signal ${check.signal}` : `exit ${check.status}`;
      console.log(`check run: FAILED (${why}${report ? '' : ', no JSON report'}) after ${fmt(check.seconds, 2)} s`);
      const tail = check.stderr
        .split('\n')
        .filter((l) => l.trim())
        .slice(-5);
      if (tail.length) console.log(`  stderr: ${tail.join('\n          ')}`);
      return 1;
    }
    const cs = compareCallSites(report, tree.manifest);
    console.log(
      `check run: exit ${check.status}, ${fmt(check.seconds, 2)} s; files scanned ${report.summary?.filesScanned ?? 'n/a'}, call sites ${cs.reported}, findings ${(report.findings ?? []).length}, errors ${(report.errors ?? []).length}`,
    );
    if (cs.planted !== undefined) {
      console.log(
        `call sites found vs planted: ${cs.foundAtLine}/${cs.planted} at their line (±${LINE_TOLERANCE}), ${cs.foundByFile}/${cs.planted} by file; reported in decoy files ${cs.inDecoys}, in other files ${cs.elsewhere}`,
      );
      if (cs.missed.length)
        console.log(`  missed: ${cs.missed.slice(0, 8).join(', ')}${cs.missed.length > 8 ? `, and ${cs.missed.length - 8} more` : ''}`);
    }
    console.log(`entries under node_modules/, dist/, build/: ${cs.underSkipped}${cs.underSkipped ? '  <-- should be 0' : ''}`);
    Object.assign(results, { callSites: cs, checkSeconds: check.seconds });

    // The full scan, cold (no facts cache; V8's code cache is warm, as on any run after the first).
    const full = timeScan(scanArgs, tree.dir, o.runs);
    if (full.failed) {
      console.log(`full scan: ${full.failed}`);
      return 1;
    }
    const wall = full.wall.median;
    const mbps = size.scannedBytes / MB / wall;
    console.log(
      `full scan, cold: ${fmt(wall, 2)} s median of ${o.runs} (${full.walls.map((x) => fmt(x, 2)).join(', ')}), ${fmt(mbps)} MB/s, ${int(Math.round(size.scannedFiles / wall))} files/s`,
    );
    console.log(
      `peak RSS: ${TIME ? `${fmt(full.rss.median, 0)} MB median (${fmt(full.rss.min, 0)}–${fmt(full.rss.max, 0)})` : 'n/a (no /usr/bin/time; apt-get install -y time)'}`,
    );
    results.cold = { wall: full.wall, rss: full.rss, mbPerSecond: mbps };

    // The floor: a plain keyword search.
    const rg = timeRipgrep(tree.dir);
    if (rg) {
      console.log(`rg keyword search: ${fmt(rg.median, 3)} s median of 5; scan / rg = ${fmt(wall / rg.median)}x`);
      Object.assign(results.cold, { rg, ratio: wall / rg.median });
    } else {
      console.log('rg keyword search: n/a (ripgrep not installed; apt-get install -y ripgrep)');
    }

    // Pre-commit without a cache: five named files, Node start-up included.
    const files = tree.manifest?.preCommit ?? pickPreCommit(tree.dir);
    if (files.length) {
      const pcArgs = [CLI, 'scan', ...files, '--format', 'json', '--fail-on', 'none'];
      timed(node, pcArgs, { cwd: tree.dir });
      const pc = [];
      for (let i = 0; i < 10; i++) {
        const r = timed(node, pcArgs, { cwd: tree.dir });
        if (r.status !== 0 && r.status !== 1) {
          console.log(`pre-commit scan: exit ${r.status ?? r.signal}`);
          return 1;
        }
        pc.push(r.seconds);
      }
      const bare = [];
      for (let i = 0; i < 10; i++) bare.push(timed(node, ['-e', '0'], { cwd: tree.dir }).seconds);
      const pcMs = median(pc) * 1000;
      console.log(
        `pre-commit (${files.length} named files, no cache): ${fmt(pcMs, 0)} ms median of 10, Node start-up included (node -e 0: ${fmt(median(bare) * 1000, 0)} ms)`,
      );
      console.log(`  files: ${files.join(' ')}`);
      results.namedFiles = { files, ms: pcMs, nodeMs: median(bare) * 1000 };
    }
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- summary

function printSummary(r) {
  const rows = [];
  const x = (v) => (Number.isFinite(v) ? `${fmt(v)}x` : 'n/a');
  if (r.cold)
    rows.push([
      'cold full scan',
      `${fmtRange(r.cold.wall)} s`,
      `${fmt(r.cold.rg?.median, 3)} s`,
      `${x(r.cold.ratio)} rg`,
      `${fmt(r.cold.rss.median, 0)} MB`,
    ]);
  if (r.warm && !r.warm.failed)
    rows.push([
      'warm re-scan, 1 file changed',
      `${fmtRange(r.warm.wall)} s`,
      `${fmt(r.warm.rg?.median, 3)} s`,
      `${x(r.warm.ratio)} rg`,
      `${fmt(r.warm.rss.median, 0)} MB`,
    ]);
  if (r.warm?.staged)
    rows.push([
      '5 staged files, --cache, warm',
      `${fmtRange(r.warm.staged.ms, 0)} ms`,
      `node -e 0: ${fmt(r.warm.staged.nodeMs.median, 0)} ms`,
      `${fmt(r.warm.staged.ratio, 2)}x node`,
      '',
    ]);
  if (r.mixedPreCommit) {
    const m = r.mixedPreCommit;
    rows.push([
      '5 mixed files, no cache',
      `${fmtRange(m.cli.wall, 0)} ms`,
      `node -e 0: ${fmt(m.node.wall.median, 0)} ms`,
      `${fmt(m.ratio, 2)}x node`,
      '',
    ]);
  }
  for (const p of r.scale ?? []) {
    if (p.failed) continue;
    rows.push([
      `scale: ${p.label} (${int(p.files)}, ${fmt(p.mb, 0)} MB)`,
      `${fmtRange(p.wall)} s`,
      `${fmt(p.rg?.median, 3)} s`,
      `${x(p.ratio)} rg`,
      `${fmt(p.rss.median, 0)} MB`,
    ]);
  }
  if (r.history)
    rows.push([
      `history, ${int(r.history.commits)} commits`,
      `${fmt(r.history.historySeconds, 2)} s`,
      `git log | rg: ${fmt(r.history.pipeSeconds, 2)} s`,
      `${x(r.history.ratio)} pipe`,
      '',
    ]);
  if (!rows.length) return;
  const head = ['case', 'dbt-token-scan, median (range)', 'beside', 'ratio', 'peak RSS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (row) =>
    `  ${row
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd()}`;
  console.log('\nsummary');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}

main();
