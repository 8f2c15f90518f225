#!/usr/bin/env node
// The history case of `npm run bench` (also alone: node scripts/bench/history.mjs): how fast
// `dbt-token-scan history` reads a long git history, side by side with the plain keyword pipe
// `git log -p --all | rg -i KEYWORDS` over the same repository. A measuring script, not a test: it
// prints figures and fails only when the history run itself fails or misses a planted token.
//
//   node scripts/bench/history.mjs [--commits N] [--files N] [--seed S] [--runs N] [--dir DIR] [--keep] [--json]
//
// --commits, --files  size of the synthetic repository (default 6,000 commits over 1,500 files)
// --dir DIR           where it is built (default .bench/history, gitignored); kept with --keep and
//                     reused when its size and seed match
// --runs N            timed runs of each side (default 3; the median and the fastest are shown)
//
// Figures: wall time (median and fastest of N, the machine may be shared), CPU time of the command
// and its children, the ratio history / pipe, and the check that every planted token is reported
// once, at its file, with its type, and said to be in HEAD or not as planted.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory, HISTORY_DEFAULTS } from './generate-history.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'dist/cli/main.js');
/** The keywords of the comparison: token prefixes and dbt Cloud hosts and names, as in the tree bench. */
export const KEYWORDS = 'getdbt|dbt\\.com|dbtc_|dbtu_|dbt_cloud|dbtcloud|dbt-cloud';

function parseArgs(argv) {
  const o = { ...HISTORY_DEFAULTS, runs: 3, dir: undefined, keep: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return Math.round(v);
    };
    if (a === '--commits') o.commits = num();
    else if (a === '--files') o.files = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--runs') o.runs = num();
    else if (a === '--dir') o.dir = argv[++i];
    else if (a === '--keep') o.keep = true;
    else if (a === '--json') o.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (n, d = 2) => n.toFixed(d);

/** Wall seconds and CPU seconds (this command and its children) of one run, via /usr/bin/time when present. */
function timed(script, cwd) {
  const time = existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const res = spawnSync(time ? '/usr/bin/time' : 'sh', time ? ['-f', 'cpu %U %S', 'sh', '-c', script] : ['-c', script], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(res.stderr ?? '');
  return { seconds, cpu: m ? Number(m[1]) + Number(m[2]) : NaN, status: res.status, stdout: res.stdout, stderr: res.stderr };
}

function prepare(o) {
  const dir = resolve(REPO, o.dir ?? '.bench/history');
  const manifestFile = `${dir}.manifest.json`;
  const params = { commits: o.commits, files: o.files, seed: o.seed };
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (existsSync(dir) && manifest && JSON.stringify(manifest.params) === JSON.stringify(params)) return { dir, manifest, kept: true };
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bench: building ${relative(process.cwd(), dir)} (${o.commits} commits, git fast-import)... `);
  const t0 = performance.now();
  manifest = generateHistory(dir, params);
  process.stderr.write(`${fmt((performance.now() - t0) / 1000, 1)} s\n`);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return { dir, manifest, kept: false };
}

/** Each planted token reported once, at its file, with its type and HEAD state. */
function check(report, manifest) {
  const found = report.findings ?? [];
  const problems = [];
  for (const p of manifest.planted) {
    const hits = found.filter((f) => f.credential?.redacted?.endsWith(p.last4) && f.credential.type === p.type);
    if (hits.length !== 1) problems.push(`${p.kind} ${p.type} …${p.last4}: reported ${hits.length} times`);
    else if (hits[0].history?.presentAtHead !== p.atHead)
      problems.push(`${p.kind} …${p.last4}: presentAtHead ${hits[0].history?.presentAtHead}, planted ${p.atHead}`);
  }
  const extra = found.length - manifest.planted.length;
  if (extra > 0) problems.push(`${extra} more token(s) reported than planted`);
  return problems;
}

/** Runs the case; its figures go to `sink.history` when given (npm run bench's one JSON object), else printed with --json. */
export function benchHistory(o = parseArgs([]), sink = undefined) {
  if (!existsSync(CLI)) {
    console.log('history bench: dist/cli/main.js is missing (npm run build)');
    return 1;
  }
  const repo = prepare(o);
  try {
    const objects = spawnSync('git', ['count-objects', '-v'], { cwd: repo.dir, encoding: 'utf8' }).stdout;
    const packMb = Number(/size-pack: (\d+)/.exec(objects)?.[1] ?? 0) / 1024;
    console.log(
      `history: ${repo.manifest.commits} commits, ${repo.manifest.planted.length} planted tokens, ${repo.manifest.openBranches} unmerged branches, pack ${fmt(packMb, 1)} MB${repo.kept ? ' (kept from an earlier run)' : ''}`,
    );
    const history = `"${process.execPath}" "${CLI}" history . --format json --fail-on none`;
    const pipe = `git -c core.pager=cat log -p --all | rg -i '${KEYWORDS}' > /dev/null`;
    const first = timed(history, repo.dir);
    if (first.status !== 0) {
      console.log(`history check run: exit ${first.status}\n${first.stderr.split('\n').slice(-5).join('\n')}`);
      return 1;
    }
    const problems = check(JSON.parse(first.stdout), repo.manifest);
    console.log(
      `history check run: ${problems.length ? `PROBLEMS: ${problems.join('; ')}` : `all ${repo.manifest.planted.length} planted tokens reported once, HEAD state right`}`,
    );
    timed(pipe, repo.dir); // warm-up: both sides read a warm object store
    const h = [];
    const p = [];
    // Interleaved, so that a busy spell of a shared machine falls on both sides.
    for (let i = 0; i < o.runs; i++) {
      h.push(timed(history, repo.dir));
      p.push(timed(pipe, repo.dir));
    }
    const hw = median(h.map((r) => r.seconds)),
      pw = median(p.map((r) => r.seconds));
    const hMin = Math.min(...h.map((r) => r.seconds)),
      pMin = Math.min(...p.map((r) => r.seconds));
    const hc = median(h.map((r) => r.cpu)),
      pc = median(p.map((r) => r.cpu));
    console.log(`dbt-token-scan history: ${fmt(hw)} s median of ${o.runs} (fastest ${fmt(hMin)} s), ${fmt(hc)} s CPU`);
    console.log(`git log -p --all | rg:  ${fmt(pw)} s median of ${o.runs} (fastest ${fmt(pMin)} s), ${fmt(pc)} s CPU`);
    console.log(`history / pipe: ${fmt(hw / pw)}x median, ${fmt(hMin / pMin)}x fastest (target: within 2x)`);
    const figures = {
      commits: repo.manifest.commits,
      historySeconds: hw,
      pipeSeconds: pw,
      ratio: hw / pw,
      historyCpu: hc,
      pipeCpu: pc,
      problems,
    };
    if (sink) sink.history = figures;
    else if (o.json) console.log(JSON.stringify(figures));
    return problems.length ? 1 : 0;
  } finally {
    if (!o.keep) {
      rmSync(repo.dir, { recursive: true, force: true });
      rmSync(`${repo.dir}.manifest.json`, { force: true });
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = benchHistory(parseArgs(process.argv.slice(2)));
  } catch (e) {
    console.error(`bench: ${e.message}`);
    process.exitCode = 2;
  }
}
