import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { deployWorkflow, FAKE_PAT, makeRepo, runCli } from './helpers/run-cli.js';
import { GIT_ENV } from './helpers/worktree-copy.js';

// Errors are never swallowed (issue 14, item 5). An error no catch expects (a bug, injected here
// with DTS_TEST_ADAPTER_FAULT at the file's first deadline check, inside its adapter) becomes an
// `errors` entry naming the adapter and the file, and the scan reads on; with DTS_STRICT=1 (which
// the test suite sets for every other test) it ends the run instead, exit 2, naming both.

function git(cwd: string, ...args: string[]): void {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
}

function repo(): string {
  return makeRepo({
    '.github/workflows/deploy.yml': deployWorkflow('${{ secrets.DBT_PAT }}'),
    Dockerfile: 'FROM python:3.12\nRUN curl -H "Authorization: Token $DBT_PAT" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n',
    'scripts/run.py': `import requests\nrequests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": "Token ${FAKE_PAT}"})\n`,
  });
}

const scan = (cwd: string, env: Record<string, string>): { status: number | null; report?: Report; stderr: string } => {
  const r = runCli(['scan', '.', '--format', 'json'], cwd, env);
  return { status: r.status, stderr: r.stderr, ...(r.stdout ? { report: JSON.parse(r.stdout) as Report } : {}) };
};

describe('an unexpected error in an adapter', () => {
  it('caught inside the adapter: an errors entry naming the adapter and the file, and the rest of the scan stands', () => {
    const dir = repo();
    const clean = scan(dir, { DTS_STRICT: '0' });
    const r = scan(dir, { DTS_STRICT: '0', DTS_TEST_ADAPTER_FAULT: '.github/workflows/deploy.yml' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.report!.errors).toEqual([
      {
        file: '.github/workflows/deploy.yml',
        message: 'internal error in the github-actions adapter (TypeError); facts of this file may be missing',
      },
    ]);
    // never the error's own message, which could quote the input
    expect(JSON.stringify(r.report!.errors)).not.toContain('fault injected');
    // the other files' findings are those of a clean run
    const elsewhere = (rep: Report): string[] =>
      rep.findings.filter((f) => f.file !== '.github/workflows/deploy.yml').map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(clean.report!.errors).toEqual([]);
    expect(elsewhere(r.report!)).toEqual(elsewhere(clean.report!));
    expect(elsewhere(r.report!)).toContain('hardcoded-token scripts/run.py:2');
  });

  it('escaping the adapter: the file is skipped with an errors entry naming the adapter', () => {
    const r = scan(repo(), { DTS_STRICT: '0', DTS_TEST_ADAPTER_FAULT: 'Dockerfile' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.report!.errors).toEqual([
      { file: 'Dockerfile', message: 'internal error in the dockerfile adapter (TypeError); file skipped' },
    ]);
    expect(r.report!.callSites.some((c) => c.file === 'Dockerfile')).toBe(false);
    expect(r.report!.findings.some((f) => f.file === 'scripts/run.py' && f.ruleId === 'hardcoded-token')).toBe(true);
  });

  for (const file of ['.github/workflows/deploy.yml', 'Dockerfile']) {
    it(`with DTS_STRICT=1 ends the scan, exit 2, naming the adapter and the file (${file})`, () => {
      const r = scan(repo(), { DTS_STRICT: '1', DTS_TEST_ADAPTER_FAULT: file });
      expect(r.status).toBe(2);
      expect(r.report).toBeUndefined();
      const adapter = file === 'Dockerfile' ? 'dockerfile' : 'github-actions';
      expect(r.stderr).toContain(`dbt-token-scan: internal error: TypeError: the ${adapter} adapter on ${file}: fault injected for a test`);
    });
  }

  it('with DTS_STRICT=1 on a tree read by reader threads: exit 2, and the threads end with the run', () => {
    const files: Record<string, string> = { '.github/workflows/deploy.yml': deployWorkflow('${{ secrets.DBT_PAT }}') };
    for (let i = 0; i < 450; i++) files[`src/m${i}.py`] = `def f${i}():\n    return ${i}\n`;
    const r = runCli(['scan', '.', '--format', 'json', '--jobs', '3'], makeRepo(files), {
      DTS_STRICT: '1',
      DTS_TEST_ADAPTER_FAULT: '.github/workflows/deploy.yml',
    });
    // runCli's timeout would leave the status null had live threads kept the process up
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the github-actions adapter on .github/workflows/deploy.yml: fault injected for a test');
  });

  it('in an old version read by `history`: an errors entry for that version, or exit 2 with DTS_STRICT=1', () => {
    // A 40-hex value in a dbt context is what makes history run the adapter on a blob.
    const dir = makeRepo({
      '.github/workflows/deploy.yml': deployWorkflow(['0123456789', 'abcdef0123', '456789abcd', 'ef01234567'].join('')),
    });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'deploy');
    const r = runCli(['history', '.', '--format', 'json'], dir, {
      DTS_STRICT: '0',
      DTS_TEST_ADAPTER_FAULT: '.github/workflows/deploy.yml',
    });
    expect(r.status, r.stderr).not.toBe(2);
    const errors = (JSON.parse(r.stdout) as Report).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toBe('.github/workflows/deploy.yml');
    expect(errors[0]!.message).toMatch(
      /^a version \(blob [0-9a-f]{12}\): internal error in the github-actions adapter \(TypeError\); facts of this file may be missing$/,
    );
    const strict = runCli(['history', '.', '--format', 'json'], dir, {
      DTS_STRICT: '1',
      DTS_TEST_ADAPTER_FAULT: '.github/workflows/deploy.yml',
    });
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain(
      'internal error: TypeError: the github-actions adapter on .github/workflows/deploy.yml: fault injected for a test',
    );
  });
});
