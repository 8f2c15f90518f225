import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_PAT, makeRepo } from './helpers/run-cli.js';
import { REPO_ROOT, copyWorkTree, run, userEnv } from './helpers/worktree-copy.js';

// The package as users get it: `npm pack` from a clean copy of the work tree (prepare builds
// dist/), then the tarball through npx from an empty folder outside the repository. npx
// installs the runtime dependencies from the registry, through the user's ordinary npm cache.

const { name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const TARBALL = `${name}-${version}.tgz`;
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const workflow = `name: deploy
on:
  push:
    branches: [main]
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: bash scripts/trigger.sh
      - run: |
          curl -X POST -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/
`;

/** One file per parser the package ships: YAML, bash (tree-sitter), Python (tree-sitter), HCL (tree-sitter). */
const scanned = {
  '.github/workflows/deploy.yml': workflow,
  'scripts/trigger.sh':
    '#!/usr/bin/env bash\ncurl -sf -X POST -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" \\\n  "https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/"\n',
  'tools/list_jobs.py':
    'import os\nimport requests\n\nresp = requests.get(\n    "https://cloud.getdbt.com/api/v2/accounts/1/jobs/",\n    headers={"Authorization": f"Token {os.environ[\'DBT_CLOUD_PAT\']}"},\n)\nprint(resp.json())\n',
  'infra/prod/main.tf':
    'variable "dbt_cloud_token" {\n  type      = string\n  sensitive = true\n}\n\nprovider "dbtcloud" {\n  account_id = 1\n  token      = var.dbt_cloud_token\n  host_url   = "https://cloud.getdbt.com/api"\n}\n',
};

const leaks = (out: string): boolean => {
  const secret = FAKE_PAT.slice(5, -4);
  for (let i = 0; i + 6 <= secret.length; i++) if (out.includes(secret.slice(i, i + 6))) return true;
  return false;
};

describe('the npm package', () => {
  let packDir = '';

  it('packs from a clean copy of the work tree: prepare builds, stdout is only the tarball name', () => {
    const src = copyWorkTree('dts-pack-src-');
    temp.push(src);
    // A clean clone would run `npm ci` first; linking this checkout's node_modules saves that download.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
    const base = mkdtempSync(join(tmpdir(), 'dts-pack-'));
    temp.push(base);
    packDir = join(base, 'pack');
    mkdirSync(packDir);
    const r = run('npm', ['pack', '--pack-destination', packDir], src);
    expect(r.status, r.stderr).toBe(0);
    // pre-commit installs a node hook with `npm install -g "$(npm pack)"`: nothing else may reach stdout.
    expect(r.stdout.trim()).toBe(TARBALL);

    const list = run('tar', ['-tzf', join(packDir, TARBALL)], base);
    expect(list.status, list.stderr).toBe(0);
    const files = list.stdout
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    const outside = files.filter((f) => !/^(dist|rules|data)\//.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f));
    expect(outside, 'files outside dist/, rules/, data/, README.md, LICENSE, package.json').toEqual([]);
    for (const f of [
      'dist/cli/main.js',
      'dist/cli/program.js',
      'dist/cli/worker-main.js',
      'dist/cli/worker.js',
      'dist/package.json',
      'dist/rules-cache.json',
      'data/documented-endpoints.json',
      'README.md',
      'LICENSE',
      'package.json',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('rules/') && f.endsWith('.yml')).length).toBeGreaterThanOrEqual(8);
    expect(files.some((f) => /\.test\.|fixtures\/|^src\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toBe(false);
  }, 600_000);

  it('runs through npx from an empty folder outside the repository, parsing every language', () => {
    expect(packDir, 'the pack step failed').not.toBe('');
    const work = join(packDir, '..', 'empty');
    mkdirSync(work);
    const target = makeRepo(scanned);
    temp.push(target);
    // A relative tarball path: npm 11's npx runs an absolute path that exists as a local command.
    const spec = `../pack/${TARBALL}`;
    const env = userEnv({
      NO_COLOR: '1',
      CI: undefined,
      npm_config_yes: 'true',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    });

    const version = run('npx', ['--yes', spec, '--version'], work, env);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);

    const text = run('npx', ['--yes', spec, 'scan', target], work, env);
    expect(text.status, text.stderr).toBe(1);
    expect(text.stdout).toContain('hardcoded-token');
    expect(text.stdout).toContain('dbtu_…');
    expect(leaks(text.stdout + text.stderr), 'the token is printed').toBe(false);

    const json = run('npx', ['--yes', spec, 'scan', target, '--format', 'json'], work, env);
    expect(json.status, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as {
      errors: unknown[];
      callSites: { file: string }[];
      findings: { ruleId: string; file: string }[];
    };
    expect(report.errors).toEqual([]);
    const callFiles = new Set(report.callSites.map((c) => c.file.split('/').slice(-2).join('/')));
    // deploy.yml: the YAML reader; trigger.sh: tree-sitter-bash; list_jobs.py: tree-sitter-python; main.tf: tree-sitter-hcl.
    for (const f of ['workflows/deploy.yml', 'scripts/trigger.sh', 'tools/list_jobs.py', 'prod/main.tf']) expect(callFiles, f).toContain(f);
    expect(report.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['hardcoded-token', 'pat-in-production']));
    expect(leaks(json.stdout + json.stderr)).toBe(false);
    // The empty folder stays empty: npx installs into its cache, not here.
    expect(run('ls', ['-A'], work).stdout.trim()).toBe('');
  }, 600_000);
});
