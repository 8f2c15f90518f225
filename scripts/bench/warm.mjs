// The repeat-scan cases of `npm run bench` (scripts/bench.mjs), on a git repository made from a
// copy of the bench tree: the scan's cache (--cache) keys files by the blob ids git holds, so the
// copy is committed first (scripts/bench/bench-git.mjs: the bench's own copy, never the folder it
// was copied from).
//
// - warm re-scan: a full scan with --cache fills the cache; then, each run, one ordinary file is
//   edited (a comment appended, so the working tree differs from the index and from the cache) and
//   `scan . --cache` is timed. The last warm report must equal the cold one: same call sites, same
//   findings.
// - pre-commit, staged: five files of mixed types with a dbt Cloud call each
//   (scripts/bench/precommit.mjs) are written into the repository and staged; `scan --staged
//   --cache` (the rest of the repository as context, from the cache) is timed, warm, beside
//   `node -e 0`, alternately.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { benchGit } from './bench-git.mjs';
import { CLI, failure, scanned, timed, timeRipgrep, timeScan } from './measure.mjs';
import { PRECOMMIT_FILES } from './precommit.mjs';
import { fmt, fmtRange, summary } from './stats.mjs';

const STAGED_RUNS = 10;

/** A line that stays a comment in the edited file's language, so its facts stay the same. */
const editLine = (file, n) => `\n${/\.[cm]?[jt]sx?$/.test(file) ? '//' : '#'} bench edit ${n}\n`;

/** The parts of a JSON report a cached scan must give exactly as a cold one does. */
const verdict = (file) => {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    return JSON.stringify({ callSites: r.callSites, findings: r.findings, errors: r.errors });
  } catch {
    return undefined;
  }
};

/**
 * Times both cases on a committed copy of `dir`; `editFile` is the file (relative to `dir`) edited
 * before each warm run. Prints the figures and returns them, or `{ failed }`.
 */
export function benchWarm({ dir, editFile, runs }) {
  const work = mkdtempSync(join(tmpdir(), 'dts-bench-warm-'));
  const repo = join(work, 'repo');
  const cacheArgs = ['--cache', '--cache-location', join(work, 'facts.cache')];
  const json = ['--format', 'json', '--fail-on', 'none'];
  try {
    process.stderr.write('bench: copying the tree into a git repository for the warm cases... ');
    const t0 = performance.now();
    // Any .git of the source is left behind: the copy gets a repository of its own.
    cpSync(dir, repo, { recursive: true, verbatimSymlinks: true, filter: (src) => basename(src) !== '.git' });
    benchGit(repo, ['init', '-q', '-b', 'main']);
    benchGit(repo, ['add', '-A']);
    benchGit(repo, ['commit', '-q', '--no-verify', '-m', 'bench tree']);
    process.stderr.write(`${fmt((performance.now() - t0) / 1000)} s\n`);

    // Cold, filling the cache.
    const coldReport = join(work, 'cold.json');
    const cold = timed(process.execPath, [CLI, 'scan', '.', ...json, ...cacheArgs], { cwd: repo, outFile: coldReport, withTime: true });
    if (!scanned(cold)) return { failed: `cold scan with --cache: ${failure(cold)}` };

    const edited = join(repo, editFile);
    const warm = timeScan(['scan', '.', ...json, ...cacheArgs], repo, runs, {
      before: (i) => appendFileSync(edited, editLine(editFile, i + 1)),
    });
    if (warm.failed) return { failed: `warm scan: ${warm.failed}` };
    const warmReport = join(work, 'warm.json');
    appendFileSync(edited, editLine(editFile, 'last'));
    const last = timed(process.execPath, [CLI, 'scan', '.', ...json, ...cacheArgs], { cwd: repo, outFile: warmReport });
    const same = scanned(last) && verdict(warmReport) !== undefined && verdict(warmReport) === verdict(coldReport);
    const rg = timeRipgrep(repo);
    const out = {
      coldWithCacheSeconds: cold.seconds,
      coldWithCacheRssMb: cold.rssMb ?? null,
      editedFile: editFile,
      wall: warm.wall,
      rss: warm.rss,
      rg: rg ?? null,
      ratio: rg ? warm.wall.median / rg.median : null,
      sameAsCold: same,
    };
    console.log(`warm re-scan (--cache, git repository, one file changed each run: ${editFile}):`);
    console.log(`  cold scan filling the cache: ${fmt(cold.seconds, 2)} s, peak RSS ${fmt(cold.rssMb, 0)} MB`);
    console.log(
      `  warm: ${fmtRange(warm.wall)} s median (range) of ${runs}, peak RSS ${fmt(warm.rss.median, 0)} MB; rg ${fmt(rg?.median, 3)} s; warm / rg = ${fmt(out.ratio)}x; report ${same ? 'same as the cold scan' : 'DIFFERS from the cold scan'}`,
    );

    // Pre-commit: five staged files, the repository's context from the cache.
    for (const [rel, text] of Object.entries(PRECOMMIT_FILES)) {
      mkdirSync(dirname(join(repo, rel)), { recursive: true });
      writeFileSync(join(repo, rel), text);
    }
    benchGit(repo, ['add', '--', ...Object.keys(PRECOMMIT_FILES)]);
    const stagedArgs = [CLI, 'scan', '--staged', ...json, ...cacheArgs];
    const stagedReport = join(work, 'staged.json');
    const first = timed(process.execPath, stagedArgs, { cwd: repo, outFile: stagedReport });
    if (!scanned(first)) return { ...out, failed: `scan --staged --cache: ${failure(first)}` };
    const stagedCalls = (() => {
      try {
        return JSON.parse(readFileSync(stagedReport, 'utf8')).callSites?.length ?? 0;
      } catch {
        return 0;
      }
    })();
    const cli = [],
      bare = [];
    for (let i = 0; i < STAGED_RUNS; i++) {
      const r = timed(process.execPath, stagedArgs, { cwd: repo });
      if (!scanned(r)) return { ...out, failed: `scan --staged --cache: ${failure(r)}` };
      cli.push(r.seconds * 1000);
      bare.push(timed(process.execPath, ['-e', '0'], { cwd: repo }).seconds * 1000);
    }
    out.staged = {
      files: Object.keys(PRECOMMIT_FILES).length,
      callSites: stagedCalls,
      runs: STAGED_RUNS,
      ms: summary(cli),
      nodeMs: summary(bare),
    };
    out.staged.ratio = out.staged.ms.median / out.staged.nodeMs.median;
    console.log(`pre-commit, 5 staged files (.py .ts workflow .tf .sh) with --staged --cache, warm, ${STAGED_RUNS} runs each:`);
    console.log(
      `  dbt-token-scan: ${fmtRange(out.staged.ms, 0)} ms median (range); node -e 0: ${fmtRange(out.staged.nodeMs, 0)} ms; ${fmt(out.staged.ratio, 2)}x node -e 0; call sites ${stagedCalls}`,
    );
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
