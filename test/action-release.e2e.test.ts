import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAKE_PAT, makeRepo } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';
import { GIT_ENV, REPO_ROOT, copyWorkTree, run, userEnv } from './helpers/worktree-copy.js';

// How the GitHub Action gets a runnable scanner, run as the runner runs a composite action's
// steps (bash, GITHUB_ACTION_PATH a checkout of the action's ref, inputs through env):
// - at a release commit (scripts/release-action-commit.sh, what the major tag points to) it runs
//   the committed dist/ and node_modules: npm is never started, nothing is built;
// - at any other ref (a source checkout, as before a release) it builds from source first;
// - it never sets up Node.js: the node on the PATH runs it, and one older than 20 is refused.

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { steps: Step[] };
};
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
}, 120_000);

const workflow = `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: curl -X POST -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/
`;

/** A folder of stand-ins put first on the PATH: each records that it ran, then fails. */
function trapBin(names: string[]): { dir: string; ran: () => string[] } {
  const dir = tempDir('dts-trap-bin-');
  const log = join(dir, 'ran.log');
  for (const n of names) {
    writeFileSync(join(dir, n), `#!/bin/sh\necho "${n} $*" >> "${log}"\nexit 97\n`);
    chmodSync(join(dir, n), 0o755);
  }
  return { dir, ran: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}

/** Runs every `run` step of action.yml in order, as the runner does, stopping at the first failure. */
function runAction(
  actionPath: string,
  cwd: string,
  path: string,
): { status: number | null; stdout: string; stderr: string; outputs: Record<string, string> } {
  const runnerTemp = tempDir('dts-runner-temp-');
  const outputFile = join(runnerTemp, 'github-output');
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = v.default ?? '';
  let stdout = '';
  let stderr = '';
  let status: number | null = 0;
  for (const step of action.runs.steps) {
    expect(step.uses, `${step.name}: a composite step that uses another action`).toBeUndefined();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.env ?? {}))
      env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, n: string) => inputs[n]!);
    const res = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      cwd,
      encoding: 'utf8',
      timeout: 300_000,
      env: userEnv({
        ...env,
        PATH: path,
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: runnerTemp,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        NO_COLOR: undefined,
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      }),
    });
    stdout += res.stdout;
    stderr += res.stderr;
    status = res.status;
    if (status !== 0) break;
  }
  const outputs: Record<string, string> = {};
  if (existsSync(outputFile)) {
    for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return { status, stdout, stderr, outputs };
}

function gitCommitAll(dir: string): void {
  const env = userEnv(GIT_ENV);
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-q', '--no-verify', '-m', 'source'],
  ]) {
    const r = run('git', args, dir, env);
    expect(r.status, r.stderr).toBe(0);
  }
}

describe('the Action ships a built scanner', () => {
  it('at a release commit it runs the committed dist/ and node_modules, never npm', () => {
    // The release job: a clean checkout of the tag, npm ci (which builds), the release commit.
    const src = copyWorkTree('dts-action-release-');
    temp.push(src);
    gitCommitAll(src);
    const ci = run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], src, userEnv({ CI: 'true' }));
    expect(ci.status, ci.stderr).toBe(0);
    expect(existsSync(join(src, 'dist/cli/main.js')), 'npm ci builds through the prepare script').toBe(true);
    const made = run(
      'bash',
      ['scripts/release-action-commit.sh', '--throwaway-checkout'],
      src,
      userEnv({ ...GIT_ENV, GITHUB_ACTIONS: undefined }),
    );
    expect(made.status, made.stderr).toBe(0);
    const sha = made.stdout.trim();
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    const tree = run('git', ['ls-tree', '-r', '--name-only', sha], src).stdout.split('\n');
    expect(tree).toContain('dist/cli/main.js');
    expect(tree).toContain('node_modules/web-tree-sitter/package.json');
    expect(
      tree.some((f) => f.startsWith('node_modules/vitest/')),
      'no development dependencies',
    ).toBe(false);
    expect(run('git', ['rev-parse', 'HEAD~1'], src).stdout.trim(), 'the release commit sits on the source commit').toBe(
      run('git', ['rev-parse', 'main'], src).stdout.trim(),
    );

    // What the runner downloads for `uses: owner/repo@v0`: the commit's files, nothing else.
    const actionPath = tempDir('dts-action-at-tag-');
    const archive = spawnSync('bash', ['-c', `git archive ${sha} | tar -x -C "${actionPath}"`], { cwd: src, encoding: 'utf8' });
    expect(archive.status, archive.stderr).toBe(0);
    const trap = trapBin(['npm', 'npx', 'pnpm', 'yarn']);
    const repo = makeRepo({ '.github/workflows/deploy.yml': workflow });
    temp.push(repo);
    const r = runAction(actionPath, repo, `${trap.dir}:${process.env.PATH}`);
    expect(trap.ran(), 'npm or another package manager was started').toEqual([]);
    expect(r.stdout).not.toContain('building it from source');
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.outputs['exit-code']).toBe('1');
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8'));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('hardcoded-token');
  }, 600_000);

  it('at a source ref (no dist/) it builds first, with a notice, then scans', () => {
    const actionPath = copyWorkTree('dts-action-source-');
    temp.push(actionPath);
    const repo = makeRepo({ '.github/workflows/deploy.yml': workflow });
    temp.push(repo);
    const r = runAction(actionPath, repo, process.env.PATH!);
    expect(r.stdout).toMatch(/^::notice title=dbt-token-scan::this ref of the action is not a release commit: building it from source/m);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(existsSync(join(actionPath, 'dist/cli/main.js'))).toBe(true);
    expect(r.outputs['sarif-file']).toBeTruthy();
  }, 600_000);

  it('uses the node on the PATH and refuses one older than 20, saying how to fix it', () => {
    const bin = tempDir('dts-old-node-');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'node'), '#!/bin/sh\nif [ "$1" = -p ]; then echo 18; else echo v18.20.4; fi\n');
    chmodSync(join(bin, 'node'), 0o755);
    const repo = makeRepo({ 'README.md': '# x\n' });
    temp.push(repo);
    const r = runAction(REPO_ROOT, repo, `${bin}:${process.env.PATH}`);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('::error title=dbt-token-scan::node on the PATH is v18.20.4; dbt-token-scan needs Node.js 20 or later');

    // No node at all: the same kind of message, not "command not found".
    const empty = tempDir('dts-no-node-');
    symlinkSync('/bin/bash', join(empty, 'bash'));
    const none = runAction(REPO_ROOT, repo, empty);
    expect(none.status).toBe(2);
    expect(none.stdout).toContain('::error title=dbt-token-scan::node is not on the PATH');
  });
});
