import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_PAT, makeRepo, runCli } from './helpers/run-cli.js';

// The config that applies is the nearest `.dbt-token-scan.yml` at or above the scanned folder, up
// to the repository root, as with ESLint and gitleaks; its globs are relative to its own folder.

const script = 'curl -H "Authorization: Token $DBT_PAT" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n';
const literal = `curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n`;

function rules(dir: string, cwd: string, ...args: string[]): string[] {
  const r = runCli(['scan', '--format', 'json', ...args], join(dir, cwd));
  expect([0, 1], r.stderr).toContain(r.status);
  return (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] }).findings.map((f) => `${f.ruleId} ${f.file}`).sort();
}

function repo(files: Record<string, string>): string {
  const dir = makeRepo(files);
  mkdirSync(join(dir, '.git'));
  return dir;
}

describe('config discovery', () => {
  const rootConfig = 'tokens:\n  DBT_PAT: pat\nproduction:\n  - services/etl/jobs/**\n';

  it('applies the repository root config in a subfolder, its globs relative to its own folder', () => {
    const dir = repo({ '.dbt-token-scan.yml': rootConfig, 'services/etl/jobs/run.sh': script });
    expect(rules(dir, 'services/etl')).toEqual(['pat-in-production jobs/run.sh']);
    expect(rules(dir, '.')).toEqual(['pat-in-production services/etl/jobs/run.sh']);
  });

  it('prefers the nearest config, also when a subfolder is named on the command line', () => {
    const dir = repo({
      '.dbt-token-scan.yml': 'rules:\n  hardcoded-token: off\n',
      'team/.dbt-token-scan.yml': 'rules:\n  hardcoded-token: note\n',
      'team/deploy.sh': literal,
    });
    expect(rules(dir, '.', 'team')).toEqual(['hardcoded-token team/deploy.sh']);
    expect(rules(dir, 'team')).toEqual(['hardcoded-token deploy.sh']);
    const r = runCli(['scan', '--format', 'json'], join(dir, 'team'));
    expect((JSON.parse(r.stdout) as { findings: { severity: string }[] }).findings[0]?.severity).toBe('note');
  });

  it('never reaches above the repository root, nor above the scanned folder outside a repository', () => {
    const outer = makeRepo({ '.dbt-token-scan.yml': 'rules:\n  hardcoded-token: off\n', 'inner/deploy.sh': literal });
    // outside git: only the scanned folder's own config
    expect(rules(outer, 'inner')).toEqual(['hardcoded-token deploy.sh']);
    mkdirSync(join(outer, 'inner/.git'));
    expect(rules(outer, 'inner')).toEqual(['hardcoded-token deploy.sh']);
  });

  it('--config overrides discovery, its globs relative to the current folder as before', () => {
    const dir = repo({ '.dbt-token-scan.yml': 'rules:\n  hardcoded-token: off\n', 'ci/dts.yml': 'rules: {}\n', 'deploy.sh': literal });
    expect(rules(dir, '.')).toEqual([]);
    expect(rules(dir, '.', '--config', 'ci/dts.yml')).toEqual(['hardcoded-token deploy.sh']);
  });

  it('--verbose names the config used, or says there is none', () => {
    const dir = repo({ '.dbt-token-scan.yml': rootConfig, 'services/etl/jobs/run.sh': script });
    expect(runCli(['scan', '--verbose'], join(dir, 'services/etl')).stderr).toContain(
      'dbt-token-scan: config: ../../.dbt-token-scan.yml (its globs are relative to its own folder)',
    );
    expect(runCli(['scan', '--verbose'], makeRepo({ 'a.sh': script })).stderr).toContain(
      'dbt-token-scan: config: none found, built-in defaults',
    );
  });
});

describe('config discovery for a named subfolder', () => {
  it('reads the globs of a config below the current folder relative to that config', () => {
    const dir = repo({
      '.dbt-token-scan.yml': 'tokens:\n  DBT_PAT: pat\n',
      'team/.dbt-token-scan.yml': 'tokens:\n  DBT_PAT: pat\nproduction:\n  - jobs/**\n',
      'team/jobs/run.sh': script,
      'jobs/run.sh': script,
    });
    expect(rules(dir, '.', 'team')).toEqual(['pat-in-production team/jobs/run.sh']);
  });
});
