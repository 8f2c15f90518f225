#!/usr/bin/env node
// npm run bench:hostile: the resource bounds of a scan (README "Limits") on hostile inputs at full
// size, with figures for each: exit code, wall-clock and CPU time, peak RSS, and whether the report
// is complete. A measuring script, not a test (test/security/ holds scaled-down tests); it fails
// only when a scan exits 2 or loses the findings of an ordinary file.
//
//   node scripts/bench/hostile.mjs [--cli dist/cli/main.js] [--only a,b,d,e] [--keep DIR]
//
// a  30 deploy scripts of 8 MB each (dense: calls, exported and inline tokens), default options
// b  one 200 MB script with --max-file-size 256, in a tree of 450 files read by reader threads
// d  a GitHub Actions workflow, a .gitlab-ci.yml and a Dockerfile of 1,000, 2,000 and 4,000 steps
// e  files of 1 MB in every language, written to be slow to parse, each scanned alone
//
// Peak RSS and CPU time are read by the CLI process itself at exit (a preloaded hook).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dockerfileWithRuns,
  gitlabWithJobs,
  pathologicalFiles,
  workflowWithSteps,
  writeDenseScripts,
  writeFiles,
  writeSparseScript,
  writeWitnesses,
} from './hostile-inputs.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const cli = resolve(opt('--cli', join(REPO, 'dist/cli/main.js')));
const only = new Set((opt('--only', 'a,b,d,e') ?? '').split(','));
const keep = opt('--keep');
const work = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'dts-hostile-'));
mkdirSync(work, { recursive: true });

const HOOK = join(work, 'usage-hook.cjs');
writeFileSync(
  HOOK,
  `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.DTS_USAGE_OUT, JSON.stringify({ rss: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime })); });\n`,
);

let failed = false;

function scan(cwd, extra = [], env = {}) {
  const usage = join(work, 'usage.json');
  rmSync(usage, { force: true });
  const started = performance.now();
  const res = spawnSync(process.execPath, ['--require', HOOK, cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', ...extra], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, ...env, DTS_USAGE_OUT: usage },
  });
  const wall = (performance.now() - started) / 1000;
  let u = { rss: NaN, cpu: NaN };
  try {
    u = JSON.parse(readFileSync(usage, 'utf8'));
  } catch {
    // no figures: the process died before exit
  }
  let report;
  try {
    report = JSON.parse(res.stdout);
  } catch {
    report = undefined;
  }
  if (res.status !== 0) failed = true;
  return { status: res.status, wall, cpu: u.cpu / 1e6, rssMb: u.rss / 1024, report, stderr: res.stderr };
}

const fmt = (r) => `exit ${r.status}, ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, peak RSS ${Math.round(r.rssMb)} MB`;

function witnessesFound(r, names) {
  const ok = names.every((n) => r.report?.findings.some((f) => f.file === n));
  if (!ok) failed = true;
  return ok;
}

if (only.has('a')) {
  const dir = join(work, 'a');
  writeDenseScripts(dir, 30, 8_000_000);
  writeWitnesses(dir, ['witness/a.py', 'witness/b.py']);
  const r = scan(dir);
  const files = new Set(r.report?.findings.map((f) => f.file));
  console.log(
    `(a) 30 dense scripts of 8 MB: ${fmt(r)}; findings ${r.report?.findings.length}, call sites ${r.report?.summary.callSites}, errors entries ${r.report?.errors.length}; findings in ${files.size} files; small files' findings kept: ${witnessesFound(r, ['witness/a.py', 'witness/b.py'])}`,
  );
}

if (only.has('b')) {
  const dir = join(work, 'b');
  for (let i = 0; i < 450; i++) writeFiles(dir, { [`src/m${String(i).padStart(3, '0')}.py`]: `def f${i}():\n    return ${i}\n` });
  writeWitnesses(dir, ['src/witness-dbt.py']);
  writeSparseScript(join(dir, 'big.sh'), 200_000_000, 1_000_000);
  const r = scan(dir, ['--max-file-size', '256']);
  const big = r.report?.callSites.filter((c) => c.file === 'big.sh').length;
  console.log(
    `(b) a 200 MB script, --max-file-size 256, 451 other files: ${fmt(r)}; call sites in the big file ${big}, errors ${JSON.stringify(r.report?.errors.map((e) => e.message))}; other findings kept: ${witnessesFound(r, ['src/witness-dbt.py'])}`,
  );
}

if (only.has('d')) {
  for (const [name, path, text] of [
    ['GitHub Actions steps', '.github/workflows/deploy.yml', workflowWithSteps],
    ['GitLab CI jobs', '.gitlab-ci.yml', gitlabWithJobs],
    ['Dockerfile RUN lines', 'Dockerfile', dockerfileWithRuns],
  ]) {
    const figures = [];
    for (const n of [1_000, 2_000, 4_000]) {
      const dir = join(work, 'd', name.replace(/\W+/g, '-'), String(n));
      writeFiles(dir, { [path]: text(n) });
      const r = scan(dir);
      const cut = r.report?.errors.map((e) => e.message).join('; ');
      figures.push(
        `${n}: ${r.cpu.toFixed(2)} s CPU, ${r.wall.toFixed(1)} s wall, ${r.report?.summary.callSites} call sites${cut ? ` (${cut})` : ''}`,
      );
    }
    console.log(`(d) ${name}: ${figures.join(' | ')}`);
  }
}

if (only.has('e')) {
  for (const [path, text] of Object.entries(pathologicalFiles(1))) {
    const dir = join(work, 'e', path.replace(/\W+/g, '-'));
    writeFiles(dir, { [path]: text });
    const r = scan(dir, [], { DTS_TIMING: '1' });
    const line = /dts-timing file (\d+) ms wall, (\d+) ms cpu/.exec(r.stderr);
    const errors = r.report?.errors.map((e) => e.message).join('; ');
    console.log(
      `(e) ${path} (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB): extraction ${line ? `${line[2]} ms CPU, ${line[1]} ms wall` : 'under 100 ms CPU'}; whole run ${fmt(r)}; call sites ${r.report?.summary.callSites}${errors ? `; errors: ${errors}` : ''}`,
    );
  }
}

if (!keep) rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
