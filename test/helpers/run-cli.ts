import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dir.js';

export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would, without colour unless `env` says otherwise. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): CliResult {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined, ...env },
    timeout: 120_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A throw-away repository made of the given files. */
export function makeRepo(files: Record<string, string>): string {
  const root = tempDir('dts-e2e-');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

/** Synthetic tokens of the right shape, built at run time so no test file holds one whole. */
export const FAKE_PAT = `dbtu_${'Tst0PatX'.repeat(7).slice(0, 50)}`;
export const FAKE_SERVICE = `dbtc_${'Tst0SvcX'.repeat(7).slice(0, 50)}`;

/** A GitHub Actions deploy workflow whose run step calls the dbt Cloud API with `token` (a value or `$VAR`). */
export const deployWorkflow = (token: string, job = 2): string => `name: deploy
on:
  push:
    branches: [main]
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -X POST -H "Authorization: Token ${token}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/${job}/run/
`;

/**
 * A nightly workflow that runs a Python script and hands it a PAT-named secret as DBT_TOKEN, with
 * the script: only the workflow says what the script's token is (context for partial scans).
 */
export const nightlyRunsScript = (script: string): Record<string, string> => ({
  '.github/workflows/nightly.yml': `name: nightly
on:
  schedule:
    - cron: "0 3 * * *"
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python ${script}
        env:
          DBT_TOKEN: \${{ secrets.DBT_CLOUD_PAT }}
`,
  [script]:
    'import os, requests\nrequests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": f"Token {os.environ[\'DBT_TOKEN\']}"})\n',
});
