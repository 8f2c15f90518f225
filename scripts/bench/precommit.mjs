// The pre-commit case of `npm run bench` (scripts/bench.mjs), also runnable alone:
//
//   node scripts/bench/precommit.mjs [--runs N] [--json]
//
// Five files of mixed types, each with a dbt Cloud call (a .py, a .ts, a GitHub Actions workflow,
// a .tf and a .sh), written to a temporary folder and named on the command line as pre-commit
// names staged files. The CLI and `node -e 0` run alternately (so load on the machine falls on
// both alike), N times each after one untimed run that leaves the code cache warm; the figures
// are medians and ranges of wall time (and CPU time), Node start-up included. A third series runs with the code
// cache off (DTS_CODE_CACHE=off), to show what the cache saves.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summary } from './stats.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'dist/cli/main.js');

/** The five files: one per type a pre-commit hook commonly sees, each calling dbt Cloud. */
export const PRECOMMIT_FILES = {
  'scripts/list_runs.py': `import os

import requests

resp = requests.get(
    "https://cloud.getdbt.com/api/v2/accounts/43786/runs/",
    headers={"Authorization": f"Token {os.environ['DBT_CLOUD_SERVICE_TOKEN']}"},
    timeout=30,
)
for run in resp.json()["data"]:
    print(run["id"], run["status_humanized"])
`,
  'src/dbtCloud.ts': `const token = process.env.DBT_CLOUD_API_TOKEN;

export async function lastRunStatus(jobId: number): Promise<string> {
  const res = await fetch(\`https://cloud.getdbt.com/api/v2/accounts/43786/runs/?job_definition_id=\${jobId}&limit=1\`, {
    headers: { Authorization: \`Token \${token}\` },
  });
  const body = (await res.json()) as { data: { status_humanized: string }[] };
  return body.data[0]?.status_humanized ?? 'unknown';
}
`,
  '.github/workflows/nightly.yml': `name: Nightly dbt Cloud run
on:
  schedule:
    - cron: "0 5 * * *"
jobs:
  trigger:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Trigger the production job
        env:
          DBT_CLOUD_TOKEN: \${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}
        run: |
          curl --fail -sS -X POST -H "Authorization: Token $DBT_CLOUD_TOKEN" \\
            "https://cloud.getdbt.com/api/v2/accounts/43786/jobs/190551/run/" -d '{"cause": "nightly"}'
`,
  'infra/main.tf': `provider "dbtcloud" {
  account_id = 43786
  token      = var.dbt_cloud_token
  host_url   = "https://cloud.getdbt.com/api"
}

resource "dbtcloud_job" "nightly" {
  environment_id = 201234
  name           = "Nightly"
  project_id     = 270542
  execute_steps  = ["dbt build"]
}
`,
  'ci/trigger_job.sh': `#!/usr/bin/env bash
set -euo pipefail
curl --fail -sS -X POST \\
  -H "Authorization: Token \${DBT_CLOUD_TOKEN}" \\
  -H "Content-Type: application/json" \\
  "https://cloud.getdbt.com/api/v2/accounts/43786/jobs/\${1}/run/"
`,
};

// CPU time (user + system, from /usr/bin/time) beside wall time: on a busy machine wall time
// varies with the load, CPU time much less.
const TIME =
  existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%U', 'true'], { stdio: 'ignore' }).status === 0
    ? '/usr/bin/time'
    : undefined;
const CPU_MARK = 'dts-bench-cpu';

/** Wall and CPU milliseconds of one run of node with `args`. */
function timed(args, cwd, env) {
  const [file, argv] = TIME ? [TIME, ['-f', `${CPU_MARK} %U %S`, process.execPath, ...args]] : [process.execPath, args];
  const t0 = process.hrtime.bigint();
  const res = spawnSync(file, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0 && res.status !== 1) throw new Error(`${args.join(' ')}: exit ${res.status ?? res.signal}: ${res.stderr}`);
  const m = new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(res.stderr.toString());
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

const series = (rs) => ({ wall: summary(rs.map((r) => r.wall)), cpu: summary(rs.map((r) => r.cpu)) });
const range = (s) => `${s.median.toFixed(0)} ms median (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
const show = (s) => `${range(s.wall)}${Number.isFinite(s.cpu.median) ? `; CPU ${range(s.cpu)}` : ''}`;

/** Times the case; returns the figures and prints them unless `quiet`. */
export function benchPreCommit({ runs = 15, quiet = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dts-bench-precommit-'));
  try {
    for (const [rel, text] of Object.entries(PRECOMMIT_FILES)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const args = [CLI, 'scan', ...Object.keys(PRECOMMIT_FILES), '--format', 'json', '--fail-on', 'none'];
    timed(args, dir, {});
    const cli = [],
      bare = [],
      noCache = [];
    for (let i = 0; i < runs; i++) {
      cli.push(timed(args, dir, {}));
      bare.push(timed(['-e', '0'], dir, {}));
      noCache.push(timed(args, dir, { DTS_CODE_CACHE: 'off' }));
    }
    const r = { files: Object.keys(PRECOMMIT_FILES), runs, cli: series(cli), node: series(bare), noCodeCache: series(noCache) };
    r.ratio = r.cli.wall.median / r.node.wall.median;
    r.cpuRatio = r.cli.cpu.median / r.node.cpu.median;
    if (!quiet) {
      const x = (s) =>
        `${(s.wall.median / r.node.wall.median).toFixed(2)}x node -e 0${Number.isFinite(s.cpu.median) ? ` (CPU ${(s.cpu.median / r.node.cpu.median).toFixed(2)}x)` : ''}`;
      console.log(`pre-commit, 5 mixed files (.py .ts workflow .tf .sh), ${runs} runs each, Node start-up included:`);
      console.log(`  dbt-token-scan:  ${show(r.cli)}: ${x(r.cli)}`);
      console.log(`  node -e 0:       ${show(r.node)}`);
      console.log(`  code cache off:  ${show(r.noCodeCache)}: ${x(r.noCodeCache)}`);
    }
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Math.max(1, Number(argv[at + 1]) || 15) : 15;
  const r = benchPreCommit({ runs });
  if (argv.includes('--json')) console.log(JSON.stringify(r));
}
