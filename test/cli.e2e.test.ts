import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FAKE_PAT, FAKE_SERVICE, makeRepo, runCli, deployWorkflow } from './helpers/run-cli.js';

// The CLI through the built binary: real exit codes, real output.

const workflow = deployWorkflow;

const leaks = (out: string, token: string): boolean => {
  const secret = token.slice(5, -4);
  for (let i = 0; i + 6 <= secret.length; i++) if (out.includes(secret.slice(i, i + 6))) return true;
  return false;
};

describe('dbt-token-scan CLI', () => {
  it('prints its version', () => {
    const r = runCli(['--version'], process.cwd());
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs without WebAssembly (node --jitless): named files and folders, each parser that needs it reported', () => {
    // The launcher compiles the tree-sitter runtime ahead of a short run; without WebAssembly that
    // fails, and a failure no run waits for must not end the process.
    const repo = makeRepo({
      'jobs/trigger.py': 'import requests\nrequests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")\n',
      'src/client.ts': 'export const runs = () => fetch("https://cloud.getdbt.com/api/v2/accounts/1/runs/");\n',
    });
    for (const args of [
      ['scan', 'jobs/trigger.py', 'src/client.ts'],
      ['scan', '.'],
      ['scan', 'jobs/trigger.py', '--cache'],
    ]) {
      const r = spawnSync(process.execPath, ['--jitless', BIN, ...args, '--format', 'json', '--fail-on', 'none'], {
        cwd: repo,
        encoding: 'utf8',
        // The tree-sitter readers fail on such a Node: reported as errors, the scan going on.
        env: { ...process.env, NO_COLOR: '1', DTS_STRICT: '0' },
      });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const report = JSON.parse(r.stdout) as { callSites: { file: string }[] };
      // Babel needs no WebAssembly: the TypeScript call is found whatever the Python reader could do.
      if (!args.includes('--cache')) expect(report.callSites.map((c) => c.file)).toContain('src/client.ts');
    }
  });

  it('prints help per command', () => {
    expect(runCli(['--help'], process.cwd()).stdout).toContain('dbt-token-scan [scan] [PATH ...]');
    expect(runCli(['inventory', '--help'], process.cwd()).stdout).toContain('Usage: dbt-token-scan inventory');
    expect(runCli(['explain', '--help'], process.cwd()).stdout).toContain('Usage: dbt-token-scan explain');
  });

  it('exits 2 on a bad option, a bad value, an unknown rule and a missing path', () => {
    const dir = makeRepo({});
    for (const args of [
      ['scan', '--no-such-option'],
      ['scan', '--format', 'xml'],
      ['scan', '--fail-on', 'never'],
      ['explain', 'no-such-rule'],
      ['scan', 'missing-folder'],
    ]) {
      const r = runCli(args, dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^dbt-token-scan: /);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('exits 2 on an invalid config, naming the file, key and what was expected', () => {
    const dir = makeRepo({ '.dbt-token-scan.yml': 'tokens:\n  DBT_CLOUD_API_KEY: service\n' });
    const r = runCli(['scan', '.'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '.dbt-token-scan.yml:2: tokens.DBT_CLOUD_API_KEY: expected one of pat, service-token, legacy-user-api-key, got "service"',
    );
    const bad = makeRepo({ '.dbt-token-scan.yml': 'rules:\n  no-such-rule: off\n' });
    expect(runCli(['scan'], bad).stderr).toContain('rules.no-such-rule: unknown rule id');
  });

  it('exits 0 on an empty folder and on a repository without dbt Cloud calls', () => {
    expect(runCli(['scan', '.'], makeRepo({})).status).toBe(0);
    const r = runCli(
      ['scan'],
      makeRepo({ 'models/orders.sql': 'select * from {{ ref("stg_orders") }}\n', 'dbt_project.yml': 'name: shop\n' }),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No dbt Cloud token problems found');
  });

  it('finds a committed PAT in a CI workflow, exits 1 and never prints the token in any format', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': workflow(FAKE_PAT) });
    for (const format of ['text', 'json', 'sarif', 'github', 'markdown', 'gitlab', 'junit']) {
      const r = runCli(['scan', '.', '--format', format], dir);
      expect(r.status, format).toBe(1);
      expect(leaks(r.stdout + r.stderr, FAKE_PAT), `${format} leaks the token`).toBe(false);
    }
    const json = JSON.parse(runCli(['scan', '.', '--format', 'json'], dir).stdout);
    const rules = json.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(rules).toContain('hardcoded-token');
    expect(rules).toContain('pat-in-production');
    expect(json.findings.every((f: { file: string }) => f.file === '.github/workflows/deploy.yml')).toBe(true);
  });

  it('honours --fail-on and writes --output', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': workflow(FAKE_PAT) });
    expect(runCli(['scan', '--fail-on', 'none'], dir).status).toBe(0);
    const r = runCli(['scan', '--format', 'json', '--output', 'report.json'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('colours text only when asked or on a terminal', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': workflow(FAKE_PAT) });
    expect(runCli(['scan'], dir).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(['scan', '--color'], dir, { NO_COLOR: undefined }).stdout).toMatch(/\x1b\[/);
  });

  it('silences a finding with an inline comment and counts it as suppressed', () => {
    const dir = makeRepo({
      '.github/workflows/deploy.yml': workflow(FAKE_SERVICE).replace(
        '      - run: |',
        '      # dbt-token-scan-ignore hardcoded-token -- rotated, kept for the demo\n      - run: |',
      ),
    });
    let json = JSON.parse(runCli(['scan', '--format', 'json'], dir).stdout);
    // the directive sits two lines above the token: not applied
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('hardcoded-token');
    const inline = makeRepo({
      'scripts/run.sh': `# dbt-token-scan-ignore hardcoded-token -- rotated test token\ncurl -H "Authorization: Token ${FAKE_SERVICE}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`,
    });
    json = JSON.parse(runCli(['scan', '--format', 'json'], inline).stdout);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('hardcoded-token');
    expect(json.summary.suppressed).toBeGreaterThan(0);
    expect(json.suppressed[0].suppression).toEqual({ kind: 'inline', reason: 'rotated test token' });
  });

  it('records a baseline and then reports only new findings, counting fixed ones', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': workflow(FAKE_PAT) });
    expect(runCli(['scan', '--write-baseline', 'baseline.json'], dir).status).toBe(0);
    // an edit above the finding keeps it matched
    writeFileSync(join(dir, '.github/workflows/deploy.yml'), `# nightly deploy\n${workflow(FAKE_PAT)}`);
    let r = runCli(['scan', '--baseline', 'baseline.json', '--format', 'json'], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    writeFileSync(join(dir, '.github/workflows/deploy.yml'), workflow('${{ secrets.DBT_CLOUD_PAT }}'));
    r = runCli(['scan', '--baseline', 'baseline.json', '--format', 'json'], dir);
    const json = JSON.parse(r.stdout);
    expect(json.summary.fixed).toBeGreaterThan(0);
    expect(runCli(['scan', '--baseline', 'missing.json'], dir).status).toBe(2);
  });

  it('scans only what changed since a ref, and only staged content with --staged', () => {
    const dir = makeRepo({ 'README.md': '# repo\n', '.github/workflows/old.yml': workflow(FAKE_PAT) });
    const git = (...a: string[]): void => {
      const res = spawnSync('git', a, {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' },
      });
      expect(res.status, res.stderr).toBe(0);
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'init');
    writeFileSync(join(dir, 'new.sh'), `curl -H "Authorization: Token ${FAKE_SERVICE}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`);
    const changed = JSON.parse(runCli(['scan', '--changed', 'HEAD', '--format', 'json'], dir).stdout);
    expect([...new Set(changed.findings.map((f: { file: string }) => f.file))]).toEqual(['new.sh']);
    expect(runCli(['scan', '--changed', 'no-such-ref'], dir).status).toBe(2);
    // staged: the index holds a clean version, the working tree a token
    writeFileSync(
      join(dir, 'new.sh'),
      'curl -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n',
    );
    git('add', 'new.sh');
    writeFileSync(join(dir, 'new.sh'), `curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`);
    const staged = runCli(['scan', '--staged', '--format', 'json'], dir);
    expect(JSON.parse(staged.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'hardcoded-token')).toEqual([]);
  });

  it('--staged before the first commit scans every staged file', () => {
    const dir = makeRepo({ 'README.md': '# repo\n' });
    const git = (...a: string[]): void => {
      const res = spawnSync('git', a, { cwd: dir, encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(0);
    };
    git('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'new.sh'), `curl -H "Authorization: Token ${FAKE_SERVICE}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`);
    git('add', '-A');
    const staged = runCli(['scan', '--staged', '--format', 'json'], dir);
    expect(staged.status, staged.stderr).toBe(1);
    const findings = JSON.parse(staged.stdout).findings as { ruleId: string; file: string }[];
    expect(findings.filter((f) => f.ruleId === 'hardcoded-token').map((f) => f.file)).toEqual(['new.sh']);
  });

  it('lists rules and explains one', () => {
    const rules = runCli(['rules'], process.cwd());
    expect(rules.status).toBe(0);
    expect(rules.stdout.trim().split('\n')).toHaveLength(10);
    const explain = runCli(['explain', 'pat-in-production'], process.cwd());
    expect(explain.status).toBe(0);
    for (const part of [
      'Why it matters:',
      'How to fix it:',
      'Example, in .github/workflows/deploy.yml:',
      '  Reported:',
      '  Not reported, after the fix:',
    ])
      expect(explain.stdout).toContain(part);
  });

  it('writes the inventory grouped by credential in markdown, json and csv', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': workflow('$DBT_CLOUD_PAT') });
    const md = runCli(['inventory'], dir);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('# dbt Cloud token migration inventory');
    expect(md.stdout).toContain('- [ ] ');
    const json = JSON.parse(runCli(['inventory', '--format', 'json'], dir).stdout);
    expect(json.groups.length).toBeGreaterThan(0);
    expect(runCli(['inventory', '--format', 'csv'], dir).stdout.split('\n')[0]).toContain('file,line,column');
  });
});
