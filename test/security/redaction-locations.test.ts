import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, runCli } from '../helpers/run-cli.js';

// Attack on the other side of redaction: a location that merely looks like a secret. A file named
// like a hash (`a/0123…cdef.py`) was printed as `a/…cdef.py` in every format, so a report pointed
// at a file that does not exist, and a baseline could not be matched by path. The rule: file and
// folder names are locations; only a dbt token shape (`dbtu_`/`dbtc_` and a random body) is
// redacted in them, never a hex run. A token-named file is redacted the same way in every output
// and in the baseline, and the baseline still matches on the next run.

const HEX_DIR = '0123456789abcdef0123456789abcdef';
const HEX_FILE = 'c0ffee00'.repeat(5);
const URL_V4 = 'https://cloud.getdbt.com/api/v4/accounts/1/runs/';
const call = `import requests\nrequests.post("${URL_V4}", headers={"Authorization": "Token x"})\n`;
const PREFIX = ['db', 'tc_'].join('');
const BODY = `Lq8Wm3Zt${'Rv5Kx2Np'.repeat(5)}Yb`;

const PATHS = {
  hexFolder: `dags/${HEX_DIR}/job.py`,
  hexFile: `dags/${HEX_FILE}.py`,
  words: 'dags/dbtc_service_account_rotation.py',
  token: `dags/${PREFIX}${BODY}.py`,
};

let repo = '';
const outputs: Record<string, string> = {};

beforeAll(() => {
  repo = makeRepo(Object.fromEntries(Object.values(PATHS).map((p) => [p, call])));
  for (const format of ['text', 'json', 'sarif', 'github', 'markdown', 'gitlab', 'junit']) {
    outputs[format] = runCli(['scan', '.', '--format', format, '--fail-on', 'none'], repo).stdout;
  }
  for (const format of ['markdown', 'json', 'csv'])
    outputs[`inventory ${format}`] = runCli(['inventory', '.', '--format', format], repo).stdout;
  runCli(['scan', '.', '--write-baseline', 'baseline.json'], repo);
  outputs.baseline = readFileSync(join(repo, 'baseline.json'), 'utf8');
}, 120_000);

describe('locations are never rewritten by redaction', () => {
  for (const [what, path] of Object.entries(PATHS).filter(([k]) => k !== 'token')) {
    it(`${what}: ${path} is reported under its real path in every format`, () => {
      for (const [format, out] of Object.entries(outputs)) {
        // SARIF percent-encodes URIs, which leaves these names as they are.
        expect(out, format).toContain(path);
      }
      const report = JSON.parse(outputs.json!) as { findings: { file: string }[]; callSites: { file: string }[] };
      expect(report.callSites.map((c) => c.file)).toContain(path);
      expect(report.findings.map((f) => f.file)).toContain(path);
    });
  }

  it('a dbt token in a file name is redacted everywhere, the baseline included', () => {
    const shown = `dags/${PREFIX}…${BODY.slice(-4)}.py`;
    for (const [format, out] of Object.entries(outputs)) {
      expect(out, format).not.toContain(BODY.slice(0, 12));
      // SARIF percent-encodes the ellipsis in URIs.
      if (format !== 'sarif') expect(out, format).toContain(shown);
    }
  });

  it('a baseline written with redacted names matches them on the next run', () => {
    const res = runCli(['scan', '.', '--baseline', 'baseline.json', '--format', 'json'], repo);
    const report = JSON.parse(res.stdout) as { findings: unknown[]; suppressed: { file: string }[]; summary: { fixed?: number } };
    expect(report.findings).toEqual([]);
    expect(report.suppressed.length).toBeGreaterThanOrEqual(4);
    expect(report.summary.fixed).toBe(0);
  });
});
