import { validate, type SchemaNode } from './helpers/json-schema.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isReportFormat, loadReporter, REPORT_FORMATS, type ReportFormat } from '../src/report/reporters/index.js';
import { escapeData, escapeProperty } from '../src/report/reporters/github.js';
import { mdCell, mdCode } from '../src/report/reporters/markdown-escape.js';
import { artifactLocation, pascalCase } from '../src/report/reporters/sarif.js';
import { scrubSecrets } from '../src/report/reporters/scrub-secrets.js';
import type { Finding } from '../src/model/findings.js';
import type { RenderOptions } from '../src/report/render-options.js';
import type { Report } from '../src/model/report.js';

// Golden files for every format (fixtures/reporters/expected.*), plus targeted tests for what a
// golden file cannot show on its own: escaping of hostile file names, colour on/off, SARIF
// structure, the JSON contract, and the last-line token scrubber.

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures', 'reporters');
const PLAIN: RenderOptions = { color: false, quiet: false };

// The fake tokens of the briefing: obviously synthetic, the right length.
const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SERVICE = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

function sample(): Report {
  return JSON.parse(readFileSync(join(fixtures, 'sample-report.json'), 'utf8')) as Report;
}

async function render(format: ReportFormat, report: Report, opts: RenderOptions = PLAIN): Promise<string> {
  return (await loadReporter(format))(report, opts);
}

function emptyReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'dbt-token-scan', version: '0.1.0' },
    findings: [],
    suppressed: [],
    callSites: [],
    errors: [],
    summary: { filesScanned: 3, callSites: 0, findings: { error: 0, warning: 0, note: 0 } },
    rules: [],
    snippets: {},
    ...overrides,
  };
}

/** A finding copied from the sample and changed where needed. */
function finding(overrides: Partial<Finding>): Finding {
  return { ...sample().findings[1]!, ...overrides };
}

const GOLDEN: Record<ReportFormat, string> = {
  text: 'expected.txt',
  json: 'expected.json',
  sarif: 'expected.sarif',
  github: 'expected.github.txt',
  markdown: 'expected.md',
  gitlab: 'expected.gitlab.json',
  junit: 'expected.junit.xml',
};

describe('golden output for fixtures/reporters/sample-report.json', () => {
  const update = process.env.UPDATE_FIXTURES === '1';
  if (update && process.env.CI)
    throw new Error('UPDATE_FIXTURES=1 is refused when CI is set: regenerate goldens locally and review the diff');

  for (const format of REPORT_FORMATS) {
    it(`${format} matches ${GOLDEN[format]}`, async () => {
      const actual = await render(format, sample());
      const path = join(fixtures, GOLDEN[format]);
      if (update) writeFileSync(path, actual);
      if (!existsSync(path))
        throw new Error(`missing golden file ${path}; run UPDATE_FIXTURES=1 npx vitest run test/reporters.test.ts and review it`);
      expect(actual).toBe(readFileSync(path, 'utf8'));
    });
  }
});

describe('every format', () => {
  for (const format of REPORT_FORMATS) {
    it(`${format}: deterministic, newline-terminated, no unfilled values`, async () => {
      const a = await render(format, sample());
      expect(await render(format, sample())).toBe(a);
      expect(a.endsWith('\n')).toBe(true);
      expect(a).not.toMatch(/undefined|\[object Object\]|NaN/);
    });

    it(`${format}: never prints a whole token, even one that slipped into the report`, async () => {
      const report = sample();
      report.findings[0]!.message = `leaked ${PAT} and ${SERVICE} and ${LEGACY}`;
      report.findings[0]!.recommendation.text = `revoke ${PAT}`;
      report.findings[0]!.credential.redacted = SERVICE;
      report.callSites[0]!.credential.name = PAT;
      report.errors[0]!.message = `could not parse near ${LEGACY}`;
      report.snippets['.env']![2] = `DBT_CLOUD_API_KEY=${LEGACY}`;
      const out = await render(format, report);
      // The contract check's rule: any 6 characters in a row of a body, other than its last 4, is a leak.
      for (const secret of [PAT.slice(5, -4), SERVICE.slice(5, -4), LEGACY.slice(0, -4)]) {
        for (let i = 0; i + 6 <= secret.length; i++) expect(out).not.toContain(secret.slice(i, i + 6));
      }
    });
  }
});

describe('scrubSecrets', () => {
  it('keeps the prefix and the last 4 characters', () => {
    expect(scrubSecrets(`a ${PAT} b`)).toBe('a dbtu_…t0FA b');
    expect(scrubSecrets(`"${SERVICE}"`)).toBe('"dbtc_…c0FA"');
    expect(scrubSecrets(`KEY=${LEGACY}\n`)).toBe('KEY=…beef\n');
  });

  it('is idempotent and leaves redacted values, short placeholders and fingerprints alone', () => {
    const once = scrubSecrets(`${PAT} ${LEGACY}`);
    expect(scrubSecrets(once)).toBe(once);
    expect(scrubSecrets('dbtu_…t0FA dbtc_xxx …beef')).toBe('dbtu_…t0FA dbtc_xxx …beef');
    for (const f of [...sample().findings, ...sample().suppressed]) expect(scrubSecrets(f.fingerprint)).toBe(f.fingerprint);
  });

  it('catches a token after a JSON escape such as \\n', () => {
    expect(scrubSecrets(JSON.stringify(`line\n${PAT}`))).toBe('"line\\ndbtu_…t0FA"');
  });
});

describe('text', () => {
  it('has no escape sequences without colour and has them with colour', async () => {
    const plain = await render('text', sample(), { color: false, quiet: false });
    const coloured = await render('text', sample(), { color: true, quiet: false });
    expect(plain).not.toContain('\u001b');
    expect(coloured).toContain('\u001b[');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('shows the source line with a caret under the column, tabs kept for alignment', async () => {
    const report = emptyReport({
      findings: [finding({ file: 'a.sh', line: 3, column: 8, endLine: undefined, endColumn: undefined })],
      snippets: { 'a.sh': { 3: '\tcurl  -H "$AUTH"' } },
      summary: { filesScanned: 1, callSites: 0, findings: { error: 1, warning: 0, note: 0 } },
    });
    const lines = (await render('text', report)).split('\n');
    const code = lines.findIndex((l) => l.includes('curl'));
    expect(lines[code]).toBe('    3 | \tcurl  -H "$AUTH"');
    expect(lines[code + 1]).toBe('      | \t      ^');
    expect(lines[code + 2]).toMatch(/^ {4}→ .+ \(use a service token\)$/);
  });

  it('cuts very long lines around the column', async () => {
    const long = `${'x'.repeat(5000)}TARGET${'y'.repeat(5000)}`;
    const report = emptyReport({
      findings: [finding({ file: 'min.js', line: 1, column: 5001 })],
      snippets: { 'min.js': { 1: long } },
    });
    const out = await render('text', report);
    const code = out.split('\n').find((l) => l.includes('TARGET'))!;
    expect(code.length).toBeLessThan(200);
    const caret = out.split('\n')[out.split('\n').indexOf(code) + 1]!;
    expect(caret.indexOf('^')).toBe(code.indexOf('TARGET'));
  });

  it('prints control characters in file names, messages and source as escapes', async () => {
    const report = emptyReport({
      findings: [finding({ file: 'evil\u001b[2J\nname.py', message: 'bad\u202eyrt', line: 1, column: 1 })],
      snippets: { 'evil\u001b[2J\nname.py': { 1: 'x = "\u001b[31m"' } },
      errors: [{ file: 'e\rvil', message: 'oops' }],
    });
    const out = await render('text', report);
    expect(out).not.toMatch(/[\u001b\r\u202e]/);
    expect(out).toContain('evil\\u{1b}[2J\\nname.py');
    expect(out).toContain('bad\\u{202e}yrt');
    expect(out).toContain('e\\rvil: oops');
  });

  it('says clearly when nothing was found, and prints nothing in quiet mode', async () => {
    const report = emptyReport({ summary: { filesScanned: 3, callSites: 1, findings: { error: 0, warning: 0, note: 0 } } });
    expect(await render('text', report)).toBe('No dbt Cloud token problems found; 3 files scanned, 1 call site.\n');
    expect(await render('text', report, { color: false, quiet: true })).toBe('');
  });

  it('leaves the summary out in quiet mode', async () => {
    const out = await render('text', sample(), { color: false, quiet: true });
    expect(out).toContain('legacy-user-api-key');
    expect(out).not.toMatch(/problems|Call sites by|could not be scanned/);
  });
});

describe('github', () => {
  const hostile = 'src/a\n::add-mask::dts-injected%,x:y.py';

  it('escapes file names and messages so nothing can inject a workflow command', async () => {
    const report = emptyReport({
      findings: [finding({ file: hostile, message: '100% broken\r\n::set-output name=x::y', endLine: undefined, endColumn: undefined })],
      summary: { filesScanned: 1, callSites: 1, findings: { error: 1, warning: 0, note: 0 } },
    });
    const out = await render('github', report);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      if (line.startsWith('::')) expect(line).toMatch(/^::(error|warning|notice) /);
    }
    expect(out).not.toMatch(/^::add-mask/m);
    expect(out).not.toMatch(/^::set-output/m);
    expect(out).not.toContain('\r');
    expect(lines[0]).toBe(
      '::error file=src/a%0A%3A%3Aadd-mask%3A%3Adts-injected%25%2Cx%3Ay.py,line=24,col=9,title=legacy-user-api-key::' +
        '100%25 broken%0D%0A::set-output name=x::y%0A' +
        escapeData(report.findings[0]!.recommendation.text),
    );
    expect(lines[1]!.startsWith('::')).toBe(false);
  });

  it('maps severities, includes the end of the range, skips suppressed findings, and is quiet on request', async () => {
    const out = await render('github', sample(), { color: false, quiet: true });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(sample().findings.length);
    expect(lines.filter((l) => l.startsWith('::notice '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(6);
    expect(out).toContain('::error file=.github/workflows/deploy.yml,line=41,col=9,endLine=43,endColumn=81,title=pat-in-production::');
    expect(out).not.toContain('tests/test_client.py');
    expect(out).not.toContain('scripts/legacy/export_runs.sh');
  });

  it('escapes like @actions/core', () => {
    expect(escapeData('a%b\rc\nd:e,f')).toBe('a%25b%0Dc%0Ad:e,f');
    expect(escapeProperty('a%b\rc\nd:e,f')).toBe('a%25b%0Dc%0Ad%3Ae%2Cf');
  });
});

describe('markdown', () => {
  /** Cells of a table row, split on pipes that GFM would treat as cell delimiters. */
  const cells = (row: string): string[] =>
    row
      .replace(/\\\\/g, '')
      .split(/(?<!\\)\|/)
      .slice(1, -1);

  it('escapes table cells: pipes, newlines, backticks and markup in paths and messages', async () => {
    const file = 'odd|dir/we`ird\nname <b>*x*</b>.py';
    const report = emptyReport({
      findings: [finding({ file, message: 'a | b\nc *d* _e_ <script>alert(1)</script> [x](y)' })],
      callSites: [{ ...sample().callSites[0]!, file, endpoint: { api: 'admin-v2', path: '/api/v2/a|b`c/' } }],
      errors: [{ file, message: 'x|y' }],
      summary: { filesScanned: 1, callSites: 1, findings: { error: 1, warning: 0, note: 0 } },
    });
    const out = await render('markdown', report);
    const lines = out.split('\n');
    let checked = 0;
    lines.forEach((line, i) => {
      if (!line.startsWith('|---')) return;
      const width = line.split('|').length - 2;
      for (let j = i - 1; j < lines.length && lines[j]!.startsWith('|'); j++) {
        if (j === i) continue;
        expect(cells(lines[j]!), lines[j]).toHaveLength(width);
        checked++;
      }
    });
    expect(checked).toBe(3 * 2); // call sites, findings, errors: a header and one row each
    // Outside code spans, HTML is escaped; inside them (the path), it is shown as text anyway.
    expect(out).not.toContain('<script>');
    expect(out).toContain('a \\| b<br>c \\*d\\* \\_e\\_ \\<script\\>alert(1)\\</script\\> \\[x\\](y)');
    expect(out).toContain('``odd\\|dir/we`ird\\nname <b>*x*</b>.py:24``');
  });

  it('mdCode pads and fences code spans correctly', () => {
    expect(mdCode('a')).toBe('`a`');
    expect(mdCode('`a')).toBe('`` `a ``');
    expect(mdCode('a``b')).toBe('```a``b```');
    expect(mdCode('')).toBe('—');
    expect(mdCell('DBT_CLOUD_API_KEY _x_')).toBe('DBT_CLOUD_API_KEY \\_x\\_');
  });

  it('lists every call site and fills the checklist with counts', async () => {
    const out = await render('markdown', sample());
    const callSiteRows = out
      .split('## Findings')[0]!
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    expect(callSiteRows).toHaveLength(sample().callSites.length);
    expect(out).toContain('`tools/user credentials/sync_creds.ts:22`');
    // One revoke per committed token the scan reports; the one an inline comment silences is left alone.
    expect(out.match(/^- \[ \] Revoke the /gm)).toHaveLength(3);
    expect(out).not.toMatch(/^- \[ \] Revoke .*tests\/test_client\.py:9/m);
    expect(out).toMatch(/^\| `\.github\/workflows\/deploy\.yml:41` .* \| PAT \| service token \| move to service token \|$/m);
    expect(out).toMatch(/^\| `scripts\/runs_v4\.js:14` .* \| PAT \| PAT \| keep \|$/m);
  });
});

describe('sarif', () => {
  type Sarif = {
    $schema: string;
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; name: string; defaultConfiguration: { level: string } }[] } };
      invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[];
      originalUriBaseIds: Record<string, unknown>;
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
        partialFingerprints: Record<string, string>;
        properties: Record<string, unknown>;
        suppressions?: { kind: string; justification?: string }[];
      }[];
    }[];
  };
  const sarifOf = async (report: Report): Promise<Sarif> => JSON.parse(await render('sarif', report)) as Sarif;

  it('has one run with every rule and consistent rule indexes', async () => {
    const report = sample();
    const log = await sarifOf(report);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('dbt-token-scan');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    expect(run.tool.driver.rules.find((r) => r.id === 'legacy-user-api-key')!.name).toBe('LegacyUserApiKey');
    expect(run.results).toHaveLength(report.findings.length + report.suppressed.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
    }
    expect(run.invocations).toEqual([expect.objectContaining({ executionSuccessful: true })]);
    expect(run.invocations[0]!.toolExecutionNotifications).toHaveLength(report.errors.length);
  });

  it('marks suppressed findings and keeps every fingerprint', async () => {
    const report = sample();
    const run = (await sarifOf(report)).runs[0]!;
    const suppressed = run.results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.suppressions)).toEqual([
      [{ kind: 'external' }],
      [{ kind: 'inSource', justification: 'synthetic token for the mocked client' }],
    ]);
    const prints = run.results.map((r) => r.partialFingerprints['dbtTokenScan/v1']).sort();
    expect(prints).toEqual([...report.findings, ...report.suppressed].map((f) => f.fingerprint).sort());
  });

  it('writes relative, percent-encoded URIs under %SRCROOT%', async () => {
    const run = (await sarifOf(sample())).runs[0]!;
    const uris = run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
    expect(uris).toContainEqual({ uri: 'tools/user%20credentials/sync_creds.ts', uriBaseId: '%SRCROOT%' });
    expect(Object.keys(run.originalUriBaseIds)).toEqual(['%SRCROOT%']);
    expect(artifactLocation('a b/c%d#e?.py')).toEqual({ uri: 'a%20b/c%25d%23e%3F.py', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/abs/x y.py')).toEqual({ uri: 'file:///abs/x%20y.py' });
  });

  it('adds a minimal rule for a finding whose rule is not in the table, and keeps regions consistent', async () => {
    const report = emptyReport({
      findings: [finding({ ruleId: 'hardcoded-token', line: 5, column: 9, endLine: 4, endColumn: 2 })],
      rules: [sample().rules[0]!],
    });
    const run = (await sarifOf(report)).runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['legacy-user-api-key', 'hardcoded-token']);
    expect(run.results[0]!.ruleIndex).toBe(1);
    expect(run.results[0]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 5, startColumn: 9 });
    expect(pascalCase('service-token-in-user-context')).toBe('ServiceTokenInUserContext');
  });
});

describe('json', () => {
  const schema = JSON.parse(readFileSync(join(fixtures, 'report.schema.json'), 'utf8')) as SchemaNode;

  it('validates against the contract schema', async () => {
    const report = JSON.parse(await render('json', sample())) as unknown;
    expect(validate(schema, schema, report, 'report')).toEqual([]);
  });

  it('holds only the contract fields, active findings in findings, suppressed ones apart', async () => {
    const out = await render('json', sample());
    const report = JSON.parse(out) as Record<string, unknown> & { findings: unknown[]; suppressed: { suppression: unknown }[] };
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'findings', 'callSites', 'errors', 'summary', 'suppressed']);
    expect(out).not.toMatch(/"client"|"snippets"|"rules"/);
    expect(report.findings).toHaveLength(sample().findings.length);
    expect(report.suppressed.map((f) => f.suppression)).toEqual([
      { kind: 'baseline' },
      { kind: 'inline', reason: 'synthetic token for the mocked client' },
    ]);
    expect(out.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
  });

  it('rejects a report the schema forbids (the validator is not a no-op)', () => {
    const bad = {
      schemaVersion: 1,
      tool: { name: 'x', version: '1' },
      findings: [{ ruleId: 'nope' }],
      callSites: [],
      errors: [],
      summary: {},
    };
    expect(validate(schema, schema, bad, 'report').length).toBeGreaterThan(3);
  });
});

describe('loadReporter', () => {
  it('loads every format lazily and rejects unknown ones', async () => {
    for (const format of REPORT_FORMATS) expect(typeof (await loadReporter(format))).toBe('function');
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('toString')).toBe(false);
    await expect(loadReporter('xml' as ReportFormat)).rejects.toThrow(/unknown report format/);
  });
});
