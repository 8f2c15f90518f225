import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_PAT, makeRepo, runCli } from './helpers/run-cli.js';

// Suppressions as ESLint and gitleaks users know them: a directive naming no rule is a warning
// with its line, unused directives can be reported (and fail the run), and a
// `.dbt-token-scan-ignore` file of fingerprints silences findings where no comment can go.

const call = `curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/`;

interface Json {
  findings: { ruleId: string; fingerprint: string; file: string }[];
  suppressed: { ruleId: string; suppression: { kind: string; reason?: string } }[];
}
const json = (stdout: string): Json => JSON.parse(stdout) as Json;

describe('suppression directives', () => {
  it('warns about a directive that names no rule, with its line, and silences nothing with it', () => {
    const dir = makeRepo({ 'a.sh': `# dbt-token-scan-ignore hardcoded-tokens -- typo\n${call}\n` });
    const r = runCli(['scan', '--format', 'json'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dbt-token-scan: a.sh:1: dbt-token-scan-ignore names no rule "hardcoded-tokens", so it silences nothing');
    expect(json(r.stdout).findings.map((f) => f.ruleId)).toContain('hardcoded-token');
  });

  it('--report-unused-suppressions names directives that silence nothing and exits 1', () => {
    const dir = makeRepo({
      'a.sh': `${call} # dbt-token-scan-ignore -- test token\n`,
      // a call with no finding (a service token in a script): nothing for the directives to silence
      'b.sh':
        'curl -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/ # dbt-token-scan-ignore\n# dbt-token-scan-ignore pat-in-production\necho done\n',
    });
    let r = runCli(['scan'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    r = runCli(['scan', '--report-unused-suppressions'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dbt-token-scan: b.sh:1: unused dbt-token-scan-ignore: no finding on this line or the next to silence');
    expect(r.stderr).toContain('dbt-token-scan: b.sh:2: unused dbt-token-scan-ignore pat-in-production');
    expect(r.stderr).not.toContain('a.sh');
  });
});

describe('.dbt-token-scan-ignore', () => {
  it('silences the findings whose fingerprints it lists, found at or above the scanned folder', () => {
    const dir = makeRepo({ 'vendor/gen/client.sh': `${call}\n`, 'ci/run.sh': `${call}\n` });
    mkdirSync(join(dir, '.git'));
    const before = json(runCli(['scan', '--format', 'json'], dir).stdout);
    const vendored = before.findings.find((f) => f.file === 'vendor/gen/client.sh')!;
    const dir2 = makeRepo({
      'vendor/gen/client.sh': `${call}\n`,
      'ci/run.sh': `${call}\n`,
      '.dbt-token-scan-ignore': `# generated client, token revoked\n${vendored.fingerprint}  # vendor/gen/client.sh\n`,
    });
    mkdirSync(join(dir2, '.git'));
    const after = json(runCli(['scan', '--format', 'json'], dir2).stdout);
    expect(after.findings.map((f) => f.file)).toEqual(
      before.findings.filter((f) => f.fingerprint !== vendored.fingerprint).map((f) => f.file),
    );
    expect(after.suppressed).toEqual([
      expect.objectContaining({
        ruleId: vendored.ruleId,
        suppression: { kind: 'ignore-file', reason: 'listed in .dbt-token-scan-ignore' },
      }),
    ]);
    // scanning a subfolder, the repository root's ignore file still applies
    const sub = json(runCli(['scan', '--format', 'json', 'vendor'], dir2).stdout);
    expect(sub.findings).toEqual([]);
    expect(sub.suppressed).toHaveLength(1);
  });

  it('refuses a line that is not a fingerprint, naming the line', () => {
    const dir = makeRepo({ 'a.sh': `${call}\n`, '.dbt-token-scan-ignore': '# ok\na.sh:hardcoded-token:2\n' });
    const r = runCli(['scan'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('.dbt-token-scan-ignore:2: expected a finding fingerprint');
  });
});
