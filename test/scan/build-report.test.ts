import { beforeAll, describe, expect, it } from 'vitest';
import type { AdapterContext } from '../../src/adapters/adapter.js';
import type { CredentialFact, ExtractedCallSite, FileResult } from '../../src/model/extracted.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import type { RuleDefinition } from '../../src/rules/rule-schema.js';
import { loadRules } from '../../src/rules/load-rules.js';
import { emptyResult } from '../../src/scan/process-file.js';
import { buildReport, type CollectedFacts } from '../../src/scan/scan.js';

// buildReport, the part of a scan after the repository is read: facts in memory in, the report
// model out, with linking, workflow classification, rules, suppressions and errors in between.

let rules: RuleDefinition[];
beforeAll(async () => {
  rules = await loadRules();
});

const secret = (name: string, type: CredentialFact['type']): CredentialFact => ({
  type,
  source: 'secret',
  evidence: 'name',
  name,
  identity: `secret:${name}`,
  basis: 'name',
});
const envVar = (name: string): CredentialFact => ({
  type: 'unknown',
  source: 'env',
  evidence: 'none',
  name,
  identity: `env:${name}`,
  basis: 'none',
});

const call = (line: number, credential: CredentialFact, path = '/api/v2/accounts/1/jobs/2/run/'): ExtractedCallSite => ({
  kind: 'http',
  span: { line, column: 1 },
  endpoint: { host: 'cloud.getdbt.com', path, method: 'POST' },
  credential,
  accountIds: ['1'],
});

const file = (rel: string, parts: Partial<FileResult> = {}): FileResult => ({ ...emptyResult(rel, true), ...parts });

const facts = (results: FileResult[], more: Partial<CollectedFacts> = {}): CollectedFacts => ({
  rules,
  discovered: results.map((r) => r.rel),
  results,
  discoveryErrors: [],
  readAndDropped: 0,
  libraries: new Set(),
  ...more,
});

describe('buildReport', () => {
  it("classifies a CI file's call as production and reports a PAT there, with the file's snippet", () => {
    const ci = file('.github/workflows/deploy.yml', {
      adapter: 'github-actions',
      role: 'ci-cd',
      callSites: [call(9, secret('DBT_PAT', 'pat'))],
      snippets: { 9: 'curl -H "Authorization: Token $DBT_PAT"' },
    });
    const report = buildReport(facts([ci]), { config: DEFAULT_CONFIG });
    expect(report.callSites).toMatchObject([
      { file: '.github/workflows/deploy.yml', line: 9, workflow: 'ci-cd', production: true, credential: { type: 'pat', name: 'DBT_PAT' } },
    ]);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line])).toContainEqual(['pat-in-production', '.github/workflows/deploy.yml', 9]);
    expect(report.findings.every((f) => /^[\w-]{22}$/.test(f.fingerprint))).toBe(true);
    expect(report.snippets['.github/workflows/deploy.yml']).toEqual({ 9: 'curl -H "Authorization: Token $DBT_PAT"' });
    expect(report.summary).toMatchObject({ filesScanned: 1, callSites: 1 });
    // no clock given: no duration
    expect(report.summary.durationMs).toBeUndefined();
  });

  it("links a script's env var to what the CI file that runs it hands over, and keeps the hand-off", () => {
    const ci = file('.github/workflows/nightly.yml', {
      adapter: 'github-actions',
      role: 'ci-cd',
      runsScripts: ['scripts/run.py'],
      callSites: [{ ...call(12, secret('DBT_PAT_ALICE', 'pat')), endpoint: undefined, kind: 'ci-step' }],
      scriptEnv: [{ script: 'scripts/run.py', name: 'DBT_TOKEN', credential: secret('DBT_PAT_ALICE', 'pat'), line: 12 }],
    });
    const script = file('scripts/run.py', { adapter: 'python', callSites: [call(4, envVar('DBT_TOKEN'))] });
    const report = buildReport(facts([ci, script]), { config: DEFAULT_CONFIG });
    // The step where the token enters the run is a site of its own, as the script's call is.
    expect(report.callSites.map((c) => [c.file, c.line])).toEqual([
      ['.github/workflows/nightly.yml', 12],
      ['scripts/run.py', 4],
    ]);
    expect(report.callSites[1]).toMatchObject({
      file: 'scripts/run.py',
      workflow: 'ci-cd',
      production: true,
      credential: { type: 'pat', source: 'secret', name: 'DBT_PAT_ALICE', evidenceAt: { file: '.github/workflows/nightly.yml', line: 12 } },
    });
    expect(report.findings.map((f) => [f.ruleId, f.file])).toContainEqual(['pat-in-production', 'scripts/run.py']);
  });

  it("gives a helper's request the token its callers in other files agree on, and none when they disagree", () => {
    const unknownToken: CredentialFact = { type: 'unknown', source: 'unknown', evidence: 'none', basis: 'none' };
    const helper = file('lib/dbt.py', { adapter: 'python', callSites: [call(4, unknownToken)] });
    const caller = (rel: string, credential: CredentialFact): FileResult =>
      file(rel, { adapter: 'python', callSites: [{ ...call(2, credential), requestAt: { file: 'lib/dbt.py', line: 4 } }] });
    const agreed = buildReport(
      facts([helper, caller('a.py', secret('DBT_SERVICE', 'service-token')), caller('b.py', secret('DBT_SERVICE', 'service-token'))]),
      {
        config: DEFAULT_CONFIG,
      },
    );
    expect(agreed.callSites.find((c) => c.file === 'lib/dbt.py')?.credential).toMatchObject({
      type: 'service-token',
      source: 'secret',
      name: 'DBT_SERVICE',
    });
    const helper2 = file('lib/dbt.py', { adapter: 'python', callSites: [call(4, unknownToken)] });
    const split = buildReport(
      facts([helper2, caller('a.py', secret('DBT_SERVICE', 'service-token')), caller('b.py', secret('DBT_PAT_BOB', 'pat'))]),
      {
        config: DEFAULT_CONFIG,
      },
    );
    expect(split.callSites.find((c) => c.file === 'lib/dbt.py')?.credential).toMatchObject({ type: 'unknown', source: 'unknown' });
  });

  it('lists discovery errors, read errors and cuts as errors, sorted by file', () => {
    const results = [
      file('b.py', {
        error: 'Python syntax error at line 3; parsed with recovery',
        cuts: ['more call sites than the limit of 1,000: the most severe kept'],
      }),
      emptyResult('a.bin', false, 'skipped: binary file'),
    ];
    const report = buildReport(
      facts(results, { discoveryErrors: [{ file: 'c/link', message: 'skipped: broken symbolic link' }], readAndDropped: 5 }),
      { config: DEFAULT_CONFIG },
    );
    expect(report.errors).toEqual([
      { file: 'a.bin', message: 'skipped: binary file' },
      { file: 'b.py', message: 'Python syntax error at line 3; parsed with recovery' },
      { file: 'b.py', message: 'more call sites than the limit of 1,000: the most severe kept' },
      { file: 'c/link', message: 'skipped: broken symbolic link' },
    ]);
    // a.bin was not read; the files the readers dropped count as scanned
    expect(report.summary.filesScanned).toBe(1 + 5);
  });

  it('moves an inline-suppressed finding to `suppressed`, and honours the config and onlyRules', () => {
    const ci = file('.github/workflows/deploy.yml', {
      adapter: 'github-actions',
      role: 'ci-cd',
      callSites: [call(9, secret('DBT_PAT', 'pat'))],
      suppressions: [{ line: 9, ruleId: 'pat-in-production', reason: 'rotated weekly' }],
    });
    const suppressed = buildReport(facts([ci]), { config: DEFAULT_CONFIG, onlyRules: new Set(['pat-in-production']) });
    expect(suppressed.findings).toEqual([]);
    expect(suppressed.suppressed).toMatchObject([
      { ruleId: 'pat-in-production', suppression: { kind: 'inline', reason: 'rotated weekly' } },
    ]);
    expect(suppressed.rules.map((r) => r.id)).toEqual(['pat-in-production']);

    const off = buildReport(facts([file('x.yml', { ...ci, rel: 'x.yml', suppressions: [] })]), {
      config: { ...DEFAULT_CONFIG, rules: new Map([['pat-in-production', 'off']]) },
    });
    expect(off.rules.map((r) => r.id)).not.toContain('pat-in-production');
    expect(off.findings.map((f) => f.ruleId)).not.toContain('pat-in-production');
  });

  it('reports only the files asked about, the others read as their context', () => {
    const ci = file('.github/workflows/nightly.yml', {
      adapter: 'github-actions',
      role: 'ci-cd',
      runsScripts: ['scripts/run.py'],
      scriptEnv: [{ script: 'scripts/run.py', name: 'DBT_TOKEN', credential: secret('DBT_PAT_ALICE', 'pat'), line: 12 }],
      callSites: [call(20, secret('DBT_PAT_BOB', 'pat'))],
    });
    const script = file('scripts/run.py', { adapter: 'python', callSites: [call(4, envVar('DBT_TOKEN'))] });
    const report = buildReport(facts([ci, script]), { config: DEFAULT_CONFIG, reportOnly: new Set(['scripts/run.py']) });
    expect(report.callSites.map((c) => [c.file, c.credential.name])).toEqual([['scripts/run.py', 'DBT_PAT_ALICE']]);
    expect(report.findings.every((f) => f.file === 'scripts/run.py')).toBe(true);
    expect(report.summary.filesScanned).toBe(1);
  });

  it('gives the duration and marks each stage when it is given a clock', () => {
    const marks: string[] = [];
    const report = buildReport(facts([]), { config: DEFAULT_CONFIG, timing: (label) => marks.push(label), elapsedMs: () => 42 });
    expect(report.summary.durationMs).toBe(42);
    expect(marks).toEqual(['linked', 'reached', 'evaluated']);
  });

  it('follows entry points only through the repository it is given', () => {
    // An Airflow DAG imports the module with the call: read through the repository, the call runs in an orchestrator.
    const texts: Record<string, string> = {
      'dags/etl.py': 'from airflow import DAG\nfrom include.dbt_client import trigger\n',
      'include/dbt_client.py': 'import requests\n',
    };
    const repo: AdapterContext = {
      readRepoFile: (p) => (texts[p] !== undefined ? { path: p, absPath: `/repo/${p}`, text: texts[p]! } : undefined),
      fileExists: (p) => texts[p] !== undefined,
    };
    const results = (): FileResult[] => [
      file('dags/etl.py', { adapter: 'python', role: 'orchestrator' }),
      file('include/dbt_client.py', { adapter: 'python', callSites: [call(3, secret('DBT_TOKEN', 'service-token'))] }),
    ];
    const withRepo = buildReport(facts(results(), { reachCtx: repo }), { config: DEFAULT_CONFIG });
    const without = buildReport(facts(results()), { config: DEFAULT_CONFIG });
    expect(withRepo.callSites[0]).toMatchObject({ file: 'include/dbt_client.py', workflow: 'orchestrator' });
    expect(without.callSites[0]?.workflow).not.toBe('orchestrator');
  });
});
