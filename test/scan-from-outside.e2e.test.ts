import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixture-cases.js';
import { FAKE_PAT, makeRepo, runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';

// A repository scanned from outside it (`dbt-token-scan scan ../repo`) is read as when scanned
// from inside: imports, the CI scripts a workflow runs and the repository's config are followed
// the same way, and fingerprints are the same, so its ignore file and baselines still match.
// Only the paths shown start from the current folder.

interface Shown {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  fingerprint: string;
}

function findings(args: readonly string[], cwd: string): { status: number | null; findings: Shown[]; suppressed: Shown[] } {
  const r = runCli(['scan', '--format', 'json', '--repository', 'acme/x', ...args], cwd);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as { findings: Shown[]; suppressed: Shown[] };
  const pick = (list: Shown[]): Shown[] =>
    list.map(({ ruleId, file, line, message, fingerprint }) => ({ ruleId, file, line, message, fingerprint }));
  return { status: r.status, findings: pick(report.findings), suppressed: pick(report.suppressed) };
}

/** `list` with `prefix/` put before each path, as a scan from elsewhere shows them. */
const under = (prefix: string, list: Shown[]): Shown[] => list.map((f) => ({ ...f, file: `${prefix}/${f.file}` }));

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

describe('scanning a repository from outside it', () => {
  it('finds what a scan from inside finds: imports and the scripts workflows run are followed', () => {
    const repo = tempDir('outside-demo-');
    cpSync(join(FIXTURES, 'demo'), repo, { recursive: true });
    const elsewhere = tempDir('outside-cwd-');
    const inside = findings(['.'], repo);
    const outside = findings([repo], elsewhere);
    // The demo's TypeScript service takes its token from an imported module, and its nightly
    // workflow runs ci/trigger_job.sh: both need reads of other files of the repository.
    expect(inside.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(
      expect.arrayContaining(['pat-in-production services/metrics-api/src/dbtCloud.ts', 'pat-in-production ci/trigger_job.sh']),
    );
    expect(outside.status).toBe(inside.status);
    expect(outside.findings).toEqual(under(relative(elsewhere, repo), inside.findings));
  });

  it('roots the scan in the work tree: a sub-folder named from outside reads as from the top, config and ignore file included', () => {
    const repo = makeRepo({
      '.dbt-token-scan.yml': 'production:\n  - "jobs/**"\n',
      'jobs/nightly.py': [
        'import os, requests',
        'from settings import TOKEN',
        'requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/",',
        '              headers={"Authorization": f"Token {TOKEN}"})',
        '',
      ].join('\n'),
      'jobs/settings.py': `TOKEN = "${FAKE_PAT}"\n`,
    });
    git(repo, 'init', '-q');
    const atTop = findings(['jobs'], repo);
    expect(atTop.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(
      expect.arrayContaining(['pat-in-production jobs/nightly.py', 'hardcoded-token jobs/settings.py']),
    );

    const elsewhere = tempDir('outside-cwd-');
    const prefix = relative(elsewhere, repo);
    expect(findings([join(repo, 'jobs')], elsewhere).findings).toEqual(under(prefix, atTop.findings));

    // The repository's ignore file lists fingerprints as a scan from its top makes them.
    const ignored = atTop.findings.find((f) => f.ruleId === 'hardcoded-token')!;
    writeFileSync(join(repo, '.dbt-token-scan-ignore'), `${ignored.fingerprint}\n`);
    const again = findings([join(repo, 'jobs')], elsewhere);
    expect(again.suppressed.map((f) => `${f.ruleId} ${f.file}`)).toEqual([`hardcoded-token ${prefix}/jobs/settings.py`]);
    expect(again.findings.some((f) => f.ruleId === 'hardcoded-token')).toBe(false);
  });

  it('names another file in a message by its path from the current folder', () => {
    const repo = tempDir('outside-cell-');
    cpSync(join(FIXTURES, 'rules/legacy-host-for-cell-account/positive/python-dag-shared-host-same-account'), repo, { recursive: true });
    const elsewhere = join(tempDir('outside-cwd-'), 'deeper');
    mkdirSync(elsewhere);
    const prefix = relative(elsewhere, repo);
    const [finding] = findings([repo], elsewhere).findings.filter((f) => f.ruleId === 'legacy-host-for-cell-account');
    expect(finding?.file).toBe(`${prefix}/dags/refresh_marts.py`);
    expect(finding?.message).toContain(`(${prefix}/scripts/backfill.py:7)`);
  });

  it("reads a repository named from the folder above it as from inside: the folders' names above it say nothing", () => {
    const parent = tempDir('outside-named-');
    // `acme-dev` is the checkout's own name, not a dev/ root of it.
    const project = join(parent, 'acme-dev');
    mkdirSync(project);
    git(project, 'init', '-q');
    writeFileSync(
      join(project, 'main.tf'),
      ['provider "dbtcloud" {', '  account_id = 70403', '  token      = var.dbt_cloud_pat', '}', 'variable "dbt_cloud_pat" {}', ''].join(
        '\n',
      ),
    );
    const fromParent = findings(['acme-dev'], parent);
    const inside = findings(['.'], project);
    expect(inside.findings.map((f) => f.ruleId)).toEqual(['pat-in-production']);
    expect(fromParent.findings).toEqual(under('acme-dev', inside.findings));
  });

  it('keeps paths inside the current folder as they were', () => {
    const repo = tempDir('outside-parent-');
    cpSync(join(FIXTURES, 'demo'), join(repo, 'demo'), { recursive: true });
    const fromParent = findings(['demo'], repo);
    const inside = findings(['.'], join(repo, 'demo'));
    expect(fromParent.findings.map((f) => f.file)).toEqual(inside.findings.map((f) => `demo/${f.file}`));
  });
});
