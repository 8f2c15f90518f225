import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_PAT, FAKE_SERVICE, makeRepo, runCli } from './helpers/run-cli.js';
import { REPO_ROOT, run, userEnv } from './helpers/worktree-copy.js';

// Our SARIF through Microsoft's SARIF Multitool: the JSON schema plus the SARIF and GitHub
// ingestion rules (--rule-kind Sarif;Gh). Zero errors and zero warnings; notes are advice.
//
// The Multitool is not a devDependency: its platform package is ~100 MB, and pre-commit runs
// `npm install` with dev dependencies in every clone of this repository used as a hook. The
// test installs one pinned version into node_modules/.cache once (the registry must be
// reachable the first time). SARIF_MULTITOOL=/path/to/Sarif.Multitool uses an existing binary.

const MULTITOOL_VERSION = '5.7.0';
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'dbt-token-scan', `sarif-multitool-${MULTITOOL_VERSION}`);

function installMultitool(): string {
  if (process.env.SARIF_MULTITOOL) return process.env.SARIF_MULTITOOL;
  if (!existsSync(join(CACHE, 'node_modules', '@microsoft', 'sarif-multitool', 'package.json'))) {
    const staging = `${CACHE}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'package.json'), '{ "private": true }\n');
    const r = run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-package-lock', `@microsoft/sarif-multitool@${MULTITOOL_VERSION}`],
      staging,
    );
    if (r.status !== 0) throw new Error(`npm install @microsoft/sarif-multitool failed:\n${r.stderr}`);
    try {
      renameSync(staging, CACHE); // whole or not at all, so a broken install is never reused
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another run got there first
    }
  }
  // The package's index names the platform binary; calling it directly avoids its bin.js, which
  // goes through a shell and splits arguments such as "Sarif;Gh".
  const bin = createRequire(join(CACHE, 'package.json'))('@microsoft/sarif-multitool') as string;
  chmodSync(bin, 0o755); // its postinstall does this; not run under --ignore-scripts
  return bin;
}

interface ValidatorResult {
  level?: string;
  ruleId?: string;
  message: { text?: string; arguments?: string[] };
}

let multitool = '';
const work = mkdtempSync(join(tmpdir(), 'dts-sarif-'));
beforeAll(() => {
  multitool = installMultitool();
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function validate(sarifFile: string): { errors: string[]; warnings: string[]; notes: number } {
  const out = `${sarifFile}.validation.sarif`;
  const res = spawnSync(
    multitool,
    ['validate', sarifFile, '--output', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note', '--rule-kind', 'Sarif;Gh'],
    {
      encoding: 'utf8',
      timeout: 300_000,
      // No ICU needed, no telemetry, no first-run banner.
      env: userEnv({ DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' }),
    },
  );
  expect(existsSync(out), `the validator wrote no log (exit ${res.status}):\n${res.stdout}\n${res.stderr}`).toBe(true);
  const results = (JSON.parse(readFileSync(out, 'utf8')).runs[0].results ?? []) as ValidatorResult[];
  const say = (r: ValidatorResult): string => `${r.ruleId}: ${r.message.text ?? (r.message.arguments ?? []).join(' | ')}`;
  return {
    errors: results.filter((r) => (r.level ?? 'warning') === 'error').map(say),
    warnings: results.filter((r) => (r.level ?? 'warning') === 'warning').map(say),
    notes: results.filter((r) => r.level === 'note').length,
  };
}

function scanToSarif(
  cwd: string,
  name: string,
  extra: string[] = [],
): { file: string; sarif: { runs: { results: { suppressions?: unknown[] }[] }[] } } {
  const file = join(work, `${name}.sarif`);
  const r = runCli(['scan', '--format', 'sarif', '--output', file, ...extra], cwd);
  expect([0, 1], r.stderr).toContain(r.status);
  return { file, sarif: JSON.parse(readFileSync(file, 'utf8')) };
}

describe('SARIF output against the SARIF Multitool', () => {
  it('catches a broken log (the validator really runs)', () => {
    const bad = join(work, 'broken.sarif');
    writeFileSync(bad, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal', message: {} }] }] }));
    expect(validate(bad).errors.length).toBeGreaterThan(0);
  });

  it('validates the demo repository scan with zero errors and warnings', () => {
    const { file, sarif } = scanToSarif(join(REPO_ROOT, 'fixtures', 'demo'), 'demo');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    const v = validate(file);
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
  });

  it('validates suppressed findings, an unreadable file and an empty run', () => {
    const suppressed = makeRepo({
      'scripts/run.sh': `# dbt-token-scan-ignore hardcoded-token -- rotated test token\ncurl -H "Authorization: Token ${FAKE_SERVICE}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`,
      '.github/workflows/deploy.yml': `on: push\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n`,
      // over --max-file-size below: reported as not scanned
      'big/notes.txt': `${'x'.repeat(4096)}\n${FAKE_PAT}\n`,
    });
    const withSuppressions = scanToSarif(suppressed, 'suppressed', ['--max-file-size', '0.002']);
    expect(withSuppressions.sarif.runs[0]!.results.some((r) => (r.suppressions ?? []).length > 0)).toBe(true);
    expect(JSON.stringify(withSuppressions.sarif)).toContain('toolExecutionNotifications');
    const empty = scanToSarif(makeRepo({ 'models/orders.sql': 'select 1\n' }), 'empty');
    expect(empty.sarif.runs[0]!.results).toEqual([]);
    for (const { file } of [withSuppressions, empty]) {
      const v = validate(file);
      expect(v.errors, file).toEqual([]);
      expect(v.warnings, file).toEqual([]);
    }
  }, 60_000);
});

describe('SARIF that GitHub code scanning ranks', () => {
  it('gives every rule a helpUri to its README heading, a security-severity, a precision and tags', () => {
    const r = runCli(
      ['scan', '--format', 'sarif'],
      makeRepo({ 'a.sh': `curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n` }),
    );
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const rules = (
      JSON.parse(r.stdout) as {
        runs: { tool: { driver: { rules: { id: string; helpUri: string; properties: Record<string, unknown> }[] } } }[];
      }
    ).runs[0]!.tool.driver.rules;
    expect(rules).toHaveLength(10);
    for (const rule of rules) {
      expect(rule.helpUri).toMatch(new RegExp(`^https://github\\.com/[^#]+#${rule.id}$`));
      expect(readme).toContain(`\n#### \`${rule.id}\`\n`);
      const severity = Number(rule.properties['security-severity']);
      expect(severity, rule.id).toBeGreaterThan(0);
      expect(severity, rule.id).toBeLessThanOrEqual(10);
      expect(['very-high', 'high', 'medium', 'low']).toContain(rule.properties.precision);
      expect(rule.properties.tags).toEqual(expect.arrayContaining(['dbt-cloud', 'security']));
    }
    const rank = (id: string): number => Number(rules.find((x) => x.id === id)!.properties['security-severity']);
    // committed tokens, retired keys and PATs in production are high (7+); notes are low (under 4)
    for (const id of ['hardcoded-token', 'legacy-user-api-key', 'pat-in-production']) expect(rank(id), id).toBeGreaterThanOrEqual(7);
    expect(rank('unknown-token-in-production')).toBeLessThan(4);
  });
});
