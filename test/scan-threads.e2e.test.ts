import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { deployWorkflow, FAKE_PAT, FAKE_SERVICE, makeRepo, runCli } from './helpers/run-cli.js';

// A big tree is read and extracted by every thread: reader threads extract the candidates they
// find, and the main thread, once its walk is over, takes files from the back of their batches.
// Who reads which file depends on timing; the report must not.

/** 1,200 files: scripts importing a shared client module (Python, TypeScript), filler, a workflow, committed tokens. */
function bigRepo(): string {
  const files: Record<string, string> = {
    'jobs/dbt_client.py': `import os\nBASE = "https://cloud.getdbt.com/api/v2"\nTOKEN = os.environ["DBT_CLOUD_API_TOKEN"]\n`,
    'web/client.ts': `export const base = 'https://cloud.getdbt.com/api/v2';\nexport const token = process.env.DBT_CLOUD_TOKEN;\n`,
    '.github/workflows/deploy.yml': deployWorkflow('$DBT_CLOUD_TOKEN'),
  };
  for (let i = 0; i < 300; i++) {
    files[`jobs/run_${i}.py`] =
      `import requests\nfrom dbt_client import BASE, TOKEN\n\ndef run_${i}():\n    return requests.post(f"{BASE}/accounts/1/jobs/${i}/run/", headers={"Authorization": f"Token {TOKEN}"})\n`;
    files[`web/job${i}.ts`] =
      `import { base } from './client';\nexport const run${i} = () => fetch(\`\${base}/accounts/1/jobs/${i}/run/\`, { method: 'POST', headers: { Authorization: \`Bearer \${process.env.DBT_CLOUD_TOKEN}\` } });\n`;
    files[`filler/f${i}.txt`] = `nothing about the platform here ${i}\n`;
    files[`config/c${i}.env`] = i % 50 === 0 ? `DBT_CLOUD_TOKEN=${i % 100 === 0 ? FAKE_PAT : FAKE_SERVICE}\n` : `OTHER=${i}\n`;
  }
  return makeRepo(files);
}

/**
 * 900 files where what runs each call is told by entry points beside it: a container's start
 * command, a web app, a DAG, each importing a module with a call, among hundreds of other modules
 * (the reach judges those while reader threads read, some of them in a reader thread).
 */
function entryPointRepo(): string {
  const call = (id: number): string =>
    `import os\nimport requests\n\ndef trigger():\n    return requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/${id}/run/", headers={"Authorization": "Token " + os.environ["DBT_CLOUD_SERVICE_TOKEN"]})\n`;
  const files: Record<string, string> = {
    'services/api/Dockerfile': 'FROM python:3.12\nWORKDIR /srv\nCOPY app /srv/app\nCMD ["python", "/srv/app/server.py"]\n',
    'services/api/app/server.py': 'from dbt_calls import trigger\n\nif __name__ == "__main__":\n    trigger()\n',
    'services/api/app/dbt_calls.py': call(1),
    'web/app.py':
      'from flask import Flask\nfrom jobs_client import trigger\n\napp = Flask(__name__)\n\n@app.post("/run")\ndef run():\n    return trigger()\n',
    'web/jobs_client.py': call(2),
    'dags/nightly.py': 'from airflow import DAG\nfrom nightly_trigger import trigger\n\nwith DAG("nightly") as dag:\n    pass\n',
    'dags/nightly_trigger.py': call(3),
    'scripts/one_off.py': call(4),
  };
  for (let i = 0; i < 220; i++) {
    files[`web/view_${i}.py`] = `def view_${i}(context):\n    return {"page": ${i}}\n`;
    files[`dags/helpers_${i}.py`] = `def helper_${i}(context):\n    return ${i}\n`;
    files[`scripts/tool_${i}.py`] = `print(${i})\n`;
    files[`services/api/app/util_${i}.py`] = `VALUE_${i} = ${i}\n`;
  }
  return makeRepo(files);
}

const report = (stdout: string): Omit<Report, 'summary'> & { summary: Omit<Report['summary'], 'durationMs'> } => {
  const { summary, ...rest } = JSON.parse(stdout) as Report;
  const { durationMs: _, ...kept } = summary;
  return { ...rest, summary: kept };
};

describe('a big tree scanned by several threads', () => {
  it('gives the report of a scan in one thread, run after run', () => {
    const root = bigRepo();
    const single = runCli(['scan', '.', '--format', 'json', '--jobs', '1'], root);
    expect(single.status, single.stderr).toBe(1);
    const expected = report(single.stdout);
    expect(expected.callSites.length).toBeGreaterThanOrEqual(600);
    expect(expected.findings.some((f) => f.ruleId === 'hardcoded-token')).toBe(true);
    for (const jobs of ['2', '3', '2']) {
      const run = runCli(['scan', '.', '--format', 'json', '--jobs', jobs], root);
      expect(run.status, run.stderr).toBe(1);
      expect(report(run.stdout)).toEqual(expected);
    }
  }, 240_000);

  it('judges a file by what the scan knows of the tree, not by what a reader thread can see on disk', () => {
    // A Cloud Function (`main.py` taking the request, beside `requirements.txt`) whose
    // requirements.txt git tracks but the working tree has lost: the walk lists it from the index,
    // a reader thread judging main.py cannot see it.
    const files: Record<string, string> = {
      'app/main.py': 'import call\n\ndef handler(request):\n    return call.run()\n',
      'app/call.py':
        'import os\nimport requests\n\ndef run():\n    return requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": "Token " + os.environ["DBT_CLOUD_SERVICE_TOKEN"]})\n',
      'app/requirements.txt': 'requests\n',
    };
    for (let i = 0; i < 440; i++) files[`filler/f${i}.txt`] = `x${i}\n`;
    for (let i = 0; i < 10; i++) files[`cand/c${i}.py`] = "x = requests.get('https://example.com/api/v2/accounts/')  # dbt\n".repeat(20);
    const root = makeRepo(files);
    const git = (...args: string[]): void => {
      const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      });
      expect(r.status, r.stderr).toBe(0);
    };
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');
    rmSync(join(root, 'app/requirements.txt'));
    const single = runCli(['scan', '.', '--format', 'json', '--jobs', '1'], root);
    const expected = report(single.stdout);
    expect(expected.callSites.map((c) => [c.file, c.workflow])).toEqual([['app/call.py', 'application']]);
    for (const jobs of ['2', '3', '2', '3', '2', '3'])
      expect(report(runCli(['scan', '.', '--format', 'json', '--jobs', jobs], root).stdout)).toEqual(expected);
  }, 240_000);

  it('follows entry points to the calls they run as a scan in one thread does', () => {
    const root = entryPointRepo();
    const single = runCli(['scan', '.', '--format', 'json', '--jobs', '1'], root);
    expect(single.status, single.stderr).toBe(0);
    const expected = report(single.stdout);
    const workflowOf = (r: typeof expected, file: string): string | undefined => r.callSites.find((c) => c.file === file)?.workflow;
    expect(workflowOf(expected, 'services/api/app/dbt_calls.py')).toBe('application');
    expect(workflowOf(expected, 'web/jobs_client.py')).toBe('application');
    expect(workflowOf(expected, 'dags/nightly_trigger.py')).toBe('orchestrator');
    expect(workflowOf(expected, 'scripts/one_off.py')).toBe('script');
    for (const jobs of ['2', '3']) {
      const run = runCli(['scan', '.', '--format', 'json', '--jobs', jobs], root);
      expect(run.status, run.stderr).toBe(0);
      expect(report(run.stdout)).toEqual(expected);
    }
  }, 240_000);
});
