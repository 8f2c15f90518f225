import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAKE_PAT, makeRepo } from './helpers/run-cli.js';
import { REPO_ROOT, userEnv } from './helpers/worktree-copy.js';

// action.yml without GitHub: its scan step's script, run by bash the way the runner runs a
// composite step (inputs substituted into `env`, GITHUB_OUTPUT a file, GITHUB_ACTION_PATH this
// checkout, whose dist/ the test run has built). How the action finds or builds the scanner is
// tested in action-release.e2e.test.ts.

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  shell?: string;
  if?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const workflow = (token: string): string => `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -X POST -H "Authorization: Token ${token}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/
`;

function runAction(
  cwd: string,
  inputs: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string; outputs: Record<string, string>; temp: string } {
  const step = action.runs.steps.find((s) => s.id === 'scan')!;
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) values[k] = v.default ?? '';
  Object.assign(values, inputs);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {})) {
    env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`action.yml uses an undeclared input: ${name}`);
      return values[name]!;
    });
  }
  const runnerTemp = mkdtempSync(join(tmpdir(), 'dts-runner-temp-'));
  temp.push(runnerTemp);
  const outputFile = join(runnerTemp, 'github-output');
  // `shell: bash` runs `bash --noprofile --norc -eo pipefail {0}`.
  const res = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: userEnv({
      ...env,
      GITHUB_ACTION_PATH: REPO_ROOT,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: runnerTemp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      NO_COLOR: undefined,
    }),
  });
  const outputs: Record<string, string> = {};
  if (existsSync(outputFile)) {
    for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, outputs, temp: runnerTemp };
}

describe('the GitHub Action (action.yml)', () => {
  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    for (const input of ['paths', 'format', 'fail-on', 'config', 'baseline']) expect(Object.keys(action.inputs)).toContain(input);
    expect(action.inputs.format!.default).toBe('sarif');
    expect(action.outputs['sarif-file']!.value).toBe('${{ steps.scan.outputs.sarif-file }}');
    for (const step of action.runs.steps) if (step.run) expect(step.shell, step.name).toBe('bash');
    // Inputs reach scripts only through env (no ${{ }} inside a script: that would be injection).
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('writes SARIF, sets sarif-file even when failing, and prints the findings', () => {
    const repo = makeRepo({ '.github/workflows/deploy.yml': workflow(FAKE_PAT) });
    temp.push(repo);
    const r = runAction(repo);
    expect(r.status, r.stderr).toBe(1);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.outputs['sarif-file']).toBe(join(r.temp, 'dbt-token-scan.sarif'));
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('hardcoded-token');
    expect(r.stdout).toMatch(/dbt-token-scan: 2 error\(s\), 0 warning\(s\), 0 note\(s\); SARIF written to /);
    expect(r.stdout).toContain('.github/workflows/deploy.yml');
    expect(r.stdout).toContain('pat-in-production');
    expect(r.stdout + r.stderr).not.toContain(FAKE_PAT.slice(5, 30));
  });

  it('passes on a clean repository and honours paths, fail-on, format and output', () => {
    const clean = makeRepo({ '.github/workflows/deploy.yml': workflow('${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}') });
    temp.push(clean);
    const ok = runAction(clean);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.outputs['exit-code']).toBe('0');
    expect(existsSync(ok.outputs['sarif-file']!)).toBe(true);

    const repo = makeRepo({
      'a/.github/workflows/deploy.yml': workflow(FAKE_PAT),
      'b/run.sh': 'echo hello\n',
      'c/ignored.sh': `TOKEN=${FAKE_PAT}\n`,
    });
    temp.push(repo);
    const two = runAction(repo, { paths: 'a\n b', format: 'json', output: 'report.json', 'fail-on': 'none' });
    expect(two.status, two.stderr).toBe(0);
    expect(two.outputs['sarif-file']).toBeUndefined();
    const report = JSON.parse(readFileSync(join(repo, 'report.json'), 'utf8'));
    expect(new Set(report.findings.map((f: { file: string }) => f.file.split('/')[0]))).toEqual(new Set(['a']));
    const gh = runAction(repo, { paths: 'c', format: 'github' });
    expect(gh.status).toBe(1);
    expect(gh.stdout).toMatch(/^::error /m);
  });

  it('fails with exit 2 and a message on a bad config', () => {
    const repo = makeRepo({ 'ci.yml': 'x: 1\n', 'bad.yml': 'tokens:\n  X: service\n' });
    temp.push(repo);
    const r = runAction(repo, { config: 'bad.yml' });
    expect(r.status).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.stderr).toContain('bad.yml:2: tokens.X: expected one of');
  });
});
