import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { BIN, FAKE_PAT, deployWorkflow, nightlyRunsScript } from './helpers/run-cli.js';
import { GIT_ENV, commitWorkTreeCopy, run, userEnv } from './helpers/worktree-copy.js';

// The hook through the real pre-commit framework: a scratch repository whose
// .pre-commit-config.yaml names a committed copy of this work tree. pre-commit clones it,
// runs `npm install` and `npm pack` there (the prepare script builds dist/) and installs the tarball.

const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const required = Boolean(process.env.CI);
if (!available && !required) {
  console.warn(
    'pre-commit.e2e: SKIPPED, the pre-commit framework is not installed (apt-get install pre-commit, or pipx install pre-commit). CI installs it and fails without it.',
  );
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const workflow = deployWorkflow;

/** `file:line:column rule` of each finding in text output (a file's name, then its indented findings). */
function findingsInText(out: string): string[] {
  const found: string[] = [];
  let file = '';
  for (const line of out.split('\n')) {
    const at = /^ {2}(\d+):(\d+) {2}(?:error|warning|note) {2}.* {2}([a-z][a-z0-9-]+)$/.exec(line);
    if (at) found.push(`${file}:${at[1]}:${at[2]} ${at[3]}`);
    else if (/^[^\s-][^\s]*$/.test(line) && !/^(dbt-token-scan|hook|Passed|Failed)/.test(line)) file = line;
  }
  return found;
}

const leaks = (out: string): boolean => {
  const secret = FAKE_PAT.slice(5, -4);
  for (let i = 0; i + 6 <= secret.length; i++) if (out.includes(secret.slice(i, i + 6))) return true;
  return false;
};

describe('pre-commit hook', () => {
  it.skipIf(!available && !required)(
    'blocks a commit that stages a PAT in a workflow and lets a clean one through',
    () => {
      expect(available, 'pre-commit is not installed; .ci/run installs it (apt-get install pre-commit)').toBe(true);
      const hook = commitWorkTreeCopy('dts-hookrepo-');
      temp.push(hook.dir);
      const home = mkdtempSync(join(tmpdir(), 'dts-pre-commit-home-'));
      temp.push(home);
      const repo = mkdtempSync(join(tmpdir(), 'dts-pre-commit-repo-'));
      temp.push(repo);
      const env = userEnv({
        ...GIT_ENV,
        PRE_COMMIT_HOME: home,
        NO_COLOR: '1',
        CI: undefined,
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      });
      const sh = (cmd: string, ...args: string[]) => run(cmd, args, repo, env);
      const write = (rel: string, text: string): void => {
        mkdirSync(dirname(join(repo, rel)), { recursive: true });
        writeFileSync(join(repo, rel), text);
      };
      const head = (): string => sh('git', 'rev-parse', 'HEAD').stdout.trim();
      const ok = (r: { status: number | null; stdout: string; stderr: string }, what: string): void => {
        expect(r.status, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
      };

      ok(sh('git', 'init', '-q'), 'git init');
      write('.pre-commit-config.yaml', `repos:\n  - repo: ${hook.dir}\n    rev: ${hook.sha}\n    hooks:\n      - id: dbt-token-scan\n`);
      write('README.md', '# analytics\n');
      ok(sh('git', 'add', '-A'), 'git add');
      ok(sh('git', 'commit', '-q', '--no-verify', '-m', 'init'), 'first commit');
      ok(sh('pre-commit', 'install'), 'pre-commit install');
      // Builds the hook environment once (npm install and npm pack, each building through prepare, then npm install -g).
      ok(sh('pre-commit', 'install-hooks'), 'pre-commit install-hooks');

      // 1. A staged PAT in a CI workflow: the commit is refused, the message names file and rules.
      write('.github/workflows/deploy.yml', workflow(FAKE_PAT));
      ok(sh('git', 'add', '.github/workflows/deploy.yml'), 'git add');
      const before = head();
      const blocked = sh('git', 'commit', '-m', 'deploy job');
      const out = blocked.stdout + blocked.stderr;
      expect(blocked.status, out).toBe(1);
      expect(head()).toBe(before);
      expect(out).toMatch(/dbt-token-scan\.+Failed/);
      expect(out).toContain('- exit code: 1');
      expect(out).toContain('.github/workflows/deploy.yml');
      expect(out).toMatch(/10:\d+\s+error\s.*pat-in-production/);
      expect(out).toMatch(/10:\d+\s+error\s.*hardcoded-token/);
      expect(leaks(out), 'the hook output holds the token').toBe(false);

      // 2. The same change with a secret reference commits.
      write('.github/workflows/deploy.yml', workflow('${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}'));
      ok(sh('git', 'add', '.github/workflows/deploy.yml'), 'git add');
      const passed = sh('git', 'commit', '-m', 'deploy job');
      expect(passed.status, passed.stdout + passed.stderr).toBe(0);
      expect(passed.stdout + passed.stderr).toMatch(/dbt-token-scan\.+Passed/);
      expect(head()).not.toBe(before);

      // 3. Only what is committed counts: a clean staged version passes while the work tree holds a
      //    token (pre-commit stashes unstaged changes around the hook and puts them back).
      const script = 'scripts/trigger.sh';
      write(script, 'curl -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n');
      ok(sh('git', 'add', script), 'git add');
      const dirty = `curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`;
      write(script, dirty);
      const partial = sh('git', 'commit', '-m', 'trigger script');
      expect(partial.status, partial.stdout + partial.stderr).toBe(0);
      expect(readFileSync(join(repo, script), 'utf8')).toBe(dirty);
      expect(sh('git', 'show', `HEAD:${script}`).stdout).not.toContain('dbtu_');

      // 4. `pre-commit run --all-files` checks the whole tree, staged or not (why the hook's
      //    entry has no --staged: pre-commit already chose the files).
      ok(sh('git', 'commit', '-q', '--no-verify', '-am', 'leak, bypassing the hook'), 'commit --no-verify');
      const all = sh('pre-commit', 'run', '--all-files');
      expect(all.status, all.stdout + all.stderr).toBe(1);
      expect(all.stdout).toContain(script);
      expect(all.stdout).toContain('hardcoded-token');
      expect(leaks(all.stdout + all.stderr)).toBe(false);

      // 5. A run split over several processes (pre-commit splits the file list at 128 KB of
      //    arguments): each process reads the rest of the repository as context, so the CI file
      //    that hands a PAT to a script, passed to another process, still types the script's token.
      //    What the hook reports is what a full scan reports.
      for (let i = 0; i < 3000; i++)
        write(`pkg/module_with_a_rather_long_descriptive_name_${String(i).padStart(4, '0')}.py`, `VALUE = ${i}\n`);
      for (const [rel, text] of Object.entries(nightlyRunsScript('zz_jobs/trigger.py'))) write(rel, text);
      ok(sh('git', 'add', '-A'), 'git add');
      ok(sh('git', 'commit', '-q', '--no-verify', '-m', 'many modules'), 'commit --no-verify');
      const split = sh('pre-commit', 'run', '--all-files', '--verbose');
      const hookOut = split.stdout + split.stderr;
      expect(split.status, hookOut).toBe(1);
      // Each process prints its own summary line: more than one means the run was split.
      expect(hookOut.match(/files? scanned/g)?.length ?? 0, hookOut.slice(-2000)).toBeGreaterThan(1);
      const full = run(process.execPath, [BIN, 'scan', '.', '--format', 'json', '--fail-on', 'none'], repo, env);
      const expected = (JSON.parse(full.stdout) as Report).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
      expect(expected).toContain('zz_jobs/trigger.py:2:1 pat-in-production');
      expect(findingsInText(hookOut).sort()).toEqual(expected);
    },
    900_000,
  );
});
