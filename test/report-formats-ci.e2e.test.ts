import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { render as renderJunit } from '../src/report/reporters/junit.js';
import type { Finding } from '../src/model/findings.js';
import type { Report } from '../src/model/report.js';
import { parse as parseYaml } from 'yaml';
import { codeQualityProblems } from './helpers/code-quality-rules.js';
import { readmeBlocks, readmeText } from './helpers/readme-blocks.js';
import { deployWorkflow, FAKE_PAT, makeRepo, runCli } from './helpers/run-cli.js';

// The formats CI services collect: `gitlab` (GitLab Code Quality) and `junit` (JUnit XML for
// Jenkins, GitLab and Azure Pipelines), run through the built CLI on repositories built here.
// The JUnit output is validated against the Jenkins JUnit schema (test/schemas/junit-10.xsd)
// with libxml2's xmllint (compiled to WebAssembly); the Code Quality output against the field
// rules GitLab documents (test/helpers/code-quality-rules.ts).

const XSD = readFileSync(fileURLToPath(new URL('./schemas/junit-10.xsd', import.meta.url)), 'utf8');

async function junitErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [XSD] });
  return result.errors.map((e) => e.rawMessage);
}

const URL_V4 = 'https://cloud.getdbt.com/api/v4/accounts/1/runs/';
const LEGACY = ['0123456789', 'abcdef0123', '456789abcd', 'ef01234567'].join('');
/** Names a dashboard must show as they are, or escaped: markup, quotes, `]]>`, controls, a bidi override. */
const HOSTILE = 'scripts/a&b <c> "d" \'e\' ]]> \u0001\u001b[31m\u202e.sh';

function repository(): string {
  return makeRepo({
    '.github/workflows/deploy.yml': deployWorkflow(FAKE_PAT),
    'scripts/twice.sh': `curl -H "Authorization: Token $DBT_CLOUD_PAT" ${URL_V4}\ncurl -H "Authorization: Token $DBT_CLOUD_PAT" ${URL_V4}\n`,
    'scripts/quiet.sh': `# dbt-token-scan-ignore undocumented-endpoint -- migrating next sprint\ncurl -H "Authorization: Token $DBT_CLOUD_PAT" ${URL_V4}\n`,
    [HOSTILE]: `curl -H "Authorization: Token $DBT_CLOUD_PAT" ${URL_V4}\n`,
    '.env': `DBT_CLOUD_HOST=https://cloud.getdbt.com\nDBT_CLOUD_API_KEY=${LEGACY}\n`,
    'notebooks/broken.ipynb': `{ "cells": [ "${URL_V4}"\n`,
  });
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  fingerprint: string;
}

let repo = '';
let findings: JsonFinding[] = [];

beforeAll(() => {
  repo = repository();
  const r = runCli(['scan', '--format', 'json'], repo);
  expect(r.status, r.stderr).toBe(1);
  findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  // The repository gives what the checks below rely on.
  expect(new Set(findings.map((f) => f.ruleId))).toEqual(
    new Set(['hardcoded-token', 'pat-in-production', 'undocumented-endpoint', 'legacy-user-api-key']),
  );
}, 120_000);

describe('--format gitlab (Code Quality)', () => {
  it('follows the field rules GitLab documents, one issue per active finding, exit codes as other formats', () => {
    const r = runCli(['scan', '--format', 'gitlab'], repo);
    expect(r.status).toBe(1);
    expect(codeQualityProblems(r.stdout)).toEqual([]);
    const issues = JSON.parse(r.stdout) as {
      check_name: string;
      severity: string;
      fingerprint: string;
      description: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(issues.map((i) => [i.check_name, i.location.path, i.location.lines.begin, i.fingerprint])).toEqual(
      findings.map((f) => [f.ruleId, f.file, f.line, f.fingerprint]),
    );
    // Our three severities on GitLab's scale.
    const bySeverity = { error: 'critical', warning: 'major', note: 'minor' } as Record<string, string>;
    expect(issues.map((i) => i.severity)).toEqual(findings.map((f) => bySeverity[f.severity]));
    // The suppressed finding is not an issue; the message and the fix are both in the description.
    expect(issues.some((i) => i.location.path === 'scripts/quiet.sh')).toBe(false);
    expect(issues.find((i) => i.check_name === 'undocumented-endpoint')!.description).toMatch(
      /not in the documented dbt Cloud API.*\. Move to a documented endpoint/,
    );
    expect(runCli(['scan', '--format', 'gitlab', '--fail-on', 'none'], repo).status).toBe(0);
  });

  it('fingerprints: unique for equal lines, the same on the next run and when the finding moves', () => {
    const first = JSON.parse(runCli(['scan', '--format', 'gitlab'], repo).stdout) as {
      fingerprint: string;
      location: { path: string; lines: { begin: number } };
    }[];
    const twice = first.filter((i) => i.location.path === 'scripts/twice.sh');
    expect(twice).toHaveLength(2);
    expect(twice[0]!.fingerprint).not.toBe(twice[1]!.fingerprint);

    const moved = repository();
    const file = join(moved, 'scripts/twice.sh');
    writeFileSync(file, `#!/bin/sh\n\n${readFileSync(file, 'utf8')}`);
    const after = JSON.parse(runCli(['scan', '--format', 'gitlab'], moved).stdout) as typeof first;
    expect(after.map((i) => i.fingerprint)).toEqual(first.map((i) => i.fingerprint));
    expect(after.filter((i) => i.location.path === 'scripts/twice.sh').map((i) => i.location.lines.begin)).toEqual([3, 4]);
  });

  it('an empty array for a clean repository, written with --output', () => {
    const clean = makeRepo({ 'models/orders.sql': 'select 1\n' });
    const r = runCli(['scan', '--format', 'gitlab', '--output', 'gl-code-quality-report.json'], clean);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('wrote the gitlab report to gl-code-quality-report.json');
    expect(readFileSync(join(clean, 'gl-code-quality-report.json'), 'utf8')).toBe('[]\n');
  });

  it('the checks are not a no-op', () => {
    const good = {
      description: 'd',
      check_name: 'c',
      fingerprint: 'f',
      severity: 'minor',
      location: { path: 'a.py', lines: { begin: 1 } },
    };
    expect(codeQualityProblems(JSON.stringify([good]))).toEqual([]);
    expect(codeQualityProblems(JSON.stringify([{ ...good, location: { path: 'a.py', positions: { begin: { line: 2 } } } }]))).toEqual([]);
    expect(codeQualityProblems(`\uFEFF${JSON.stringify([good])}`)).toHaveLength(1);
    expect(codeQualityProblems(JSON.stringify(good))).toEqual(['the report is not a JSON array']);
    expect(codeQualityProblems(JSON.stringify([good, good]))).toEqual([`[1].fingerprint: same as [0]'s; GitLab would show them as one`]);
    expect(codeQualityProblems(JSON.stringify([{ ...good, severity: 'error' }]))).toHaveLength(1);
    expect(codeQualityProblems(JSON.stringify([{ ...good, check_name: undefined }]))).toHaveLength(1);
    expect(codeQualityProblems(JSON.stringify([{ ...good, location: { path: './a.py', lines: { begin: 0 } } }]))).toHaveLength(2);
    expect(codeQualityProblems(JSON.stringify([{ ...good, location: { path: '/abs/a.py', lines: { begin: 3, end: 2 } } }]))).toHaveLength(
      2,
    );
  });
});

describe('--format junit', () => {
  let xml = '';
  beforeAll(() => {
    const r = runCli(['scan', '--format', 'junit'], repo);
    expect(r.status).toBe(1);
    xml = r.stdout;
  });

  it('validates against the Jenkins JUnit schema', async () => {
    expect(await junitErrors(xml)).toEqual([]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dbt-token-scan" ')).toBe(true);
  });

  it('one test case per rule and file: failures for findings, skipped for suppressed ones and for files not scanned', () => {
    const cases = [
      ...xml.matchAll(/<testcase name="([^"]*)" classname="dbt-token-scan\.([^"]+)"(\/>|>\n\s*<(failure|skipped)[^>]*>)/g),
    ].map((m) => ({ file: m[1]!, rule: m[2]!, outcome: m[4] ?? 'passed' }));
    const failed = new Set(cases.filter((c) => c.outcome === 'failure').map((c) => `${c.rule} ${c.file}`));
    expect(failed).toEqual(new Set(findings.map((f) => `${f.ruleId} ${xmlAttr(f.file)}`)));
    // Every rule has a case for every file the report names.
    const rules = new Set(cases.map((c) => c.rule));
    const files = new Set(cases.filter((c) => c.rule !== 'not-scanned').map((c) => c.file));
    for (const rule of [...rules].filter((r) => r !== 'not-scanned')) {
      expect(
        cases
          .filter((c) => c.rule === rule)
          .map((c) => c.file)
          .sort(),
      ).toEqual([...files].sort());
    }
    expect(cases).toContainEqual({ file: 'scripts/quiet.sh', rule: 'undocumented-endpoint', outcome: 'skipped' });
    expect(xml).toContain('<skipped message="1 finding suppressed (inline): migrating next sprint"/>');
    expect(cases).toContainEqual({ file: 'notebooks/broken.ipynb', rule: 'not-scanned', outcome: 'skipped' });
    // Totals agree with the cases.
    const total = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="0"/.exec(xml)!;
    expect([Number(total[1]), Number(total[2])]).toEqual([cases.length, failed.size]);
  });

  it('a failure gives each finding with its location, message, fix and source line', () => {
    const twice =
      /<testcase name="scripts\/twice.sh" classname="dbt-token-scan.undocumented-endpoint">\n\s*<failure type="warning" message="([^"]*)">([^<]*)<\/failure>/.exec(
        xml,
      )!;
    expect(twice[1]).toMatch(/^2 findings, the first at line 1: Endpoint \/api\/v4\/accounts\/1\/runs\/ is not in the documented/);
    expect(twice[2]).toContain('scripts/twice.sh:1:1: warning: Endpoint');
    expect(twice[2]).toContain('scripts/twice.sh:2:1: warning: Endpoint');
    expect(twice[2]).toContain('How to fix: Move to a documented endpoint');
    expect(twice[2]).toContain('2 | curl -H &quot;Authorization: Token $DBT_CLOUD_PAT&quot;'.replace(/&quot;/g, '"'));
  });

  it('escapes file names for XML and shows control and bidirectional characters as text', () => {
    expect(xml).toContain('name="scripts/a&amp;b &lt;c&gt; &quot;d&quot; \'e\' ]]&gt; \\u{1}\\u{1b}[31m\\u{202e}.sh"');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202e]/);
  });

  it('a clean repository: every rule passes once, exit 0', async () => {
    const r = runCli(['scan', '--format', 'junit'], makeRepo({ 'models/orders.sql': 'select 1\n' }));
    expect(r.status).toBe(0);
    expect(await junitErrors(r.stdout)).toEqual([]);
    expect(r.stdout).toMatch(/<testsuites name="dbt-token-scan" tests="\d+" failures="0" errors="0"/);
    expect(r.stdout).toContain('<testcase name="1 file scanned" classname="dbt-token-scan.hardcoded-token"/>');
  });

  it('characters XML 1.0 cannot hold at all, from any field, become text and the output stays valid', async () => {
    const bad = 'x\u0000\u0008\u000b\u000c\uFFFE\uFFFF\uD800y';
    const finding: Finding = {
      ruleId: 'undocumented-endpoint',
      severity: 'warning',
      message: `msg ${bad}`,
      file: `dir/${bad}.py`,
      line: 1,
      column: 1,
      workflow: 'unknown',
      production: false,
      credential: { type: 'unknown', source: 'unknown', evidence: 'none' },
      recommendation: { text: `fix ${bad}` },
      fingerprint: 'fp',
    };
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'dbt-token-scan', version: '0' },
      findings: [finding],
      suppressed: [],
      callSites: [],
      errors: [{ file: `e/${bad}`, message: `m ${bad}` }],
      summary: { filesScanned: 2, callSites: 0, findings: { error: 0, warning: 1, note: 0 } },
      rules: [],
      snippets: { [finding.file]: { 1: `code ${bad} ]]> <x>` } },
    };
    const out = renderJunit(report, { color: false, quiet: false });
    expect(await junitErrors(out)).toEqual([]);
    expect(out).toContain('x\\u{0}\\u{8}\\u{b}\\u{c}\\u{fffe}\\u{ffff}\\u{d800}y');
    expect(out).toContain('code x\\u{0}');
    expect(out).toContain(']]&gt; &lt;x&gt;');
  });

  it('the validator is not a no-op', async () => {
    expect(await junitErrors('<testsuites><testsuite name="s" tests="1"><testcase/></testsuite></testsuites>')).not.toEqual([]);
    expect(
      await junitErrors(
        '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="a" file="x"/></testsuite></testsuites>',
      ),
    ).not.toEqual([]);
  });
});

/** A file name as the JUnit reporter writes it in an attribute (the names used here need only these). */
function xmlAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0001\u001b\u202e]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

describe("the README's GitLab CI job", () => {
  interface Job {
    script: string[];
    artifacts: { reports: Record<string, string> };
  }
  const text = readmeText();
  const section = text.indexOf('\n### GitLab CI\n');
  const block = readmeBlocks(text).find((b) => b.lang === 'yaml' && text.split('\n').slice(0, b.line).join('\n').length > section);
  const job = (parseYaml(block!.body) as Record<string, Job>)['dbt-token-scan']!;

  /** The scan arguments of the script line that writes `file`. */
  const argsWriting = (file: string): string[] => {
    const line = job.script.find((l) => l.includes(`--output ${file}`))!;
    return line.replace(/^npx --yes dbt-token-scan@[^ ]+ /, '').split(' ');
  };

  it('uploads the gitlab report as codequality and the junit report as junit, and its commands write them', async () => {
    const { codequality, junit } = job.artifacts.reports;
    expect(argsWriting(codequality!)).toContain('gitlab');
    expect(argsWriting(junit!)).toContain('junit');
    const dir = repository();
    for (const file of [codequality!, junit!]) expect(runCli(argsWriting(file), dir).status).toBe(0);
    expect(codeQualityProblems(readFileSync(join(dir, codequality!), 'utf8'))).toEqual([]);
    expect(await junitErrors(readFileSync(join(dir, junit!), 'utf8'))).toEqual([]);
  });
});
