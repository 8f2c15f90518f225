import { describe, expect, it } from 'vitest';
import { FAKE_PAT, FAKE_SERVICE, makeRepo, runCli } from './helpers/run-cli.js';

// The two rules for failures dbt Cloud introduced in 2026, through the built binary:
// pat-creates-service-token (a PAT creating a service token gets a 400 since July 2026) and
// legacy-host-for-cell-account (a cell account's calls through cloud.getdbt.com get a bare 401).

const mintScript = (token: string): string => `import requests

TOKEN = "${token}"
requests.post(
    "https://cloud.getdbt.com/api/v3/accounts/43786/service-tokens/",
    headers={"Authorization": f"Token {TOKEN}"},
    json={"name": "ci"},
    timeout=30,
)
`;

const provider = (hostUrl?: string): string => `provider "dbtcloud" {
  account_id = 70471
  token      = var.dbt_cloud_token
${hostUrl ? `  host_url   = "${hostUrl}"\n` : ''}}

variable "dbt_cloud_token" {
  type        = string
  sensitive   = true
  description = "dbt Cloud service token"
}
`;

const deploy = `name: Deploy
on:
  push:
    branches: [main]
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - name: Trigger the deploy job
        env:
          DBT_CLOUD_TOKEN: \${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}
        run: |
          curl --fail -sS -X POST -H "Authorization: Token $DBT_CLOUD_TOKEN" \\
            "https://bn544.us1.dbt.com/api/v2/accounts/70471/jobs/4242/run/"
`;

const json = (
  stdout: string,
): {
  findings: {
    ruleId: string;
    file: string;
    line: number;
    message: string;
    severity: string;
    credential: Record<string, unknown>;
    recommendation: { text: string; tokenType?: string };
  }[];
  rules: { id: string }[];
} => JSON.parse(stdout);

describe('pat-creates-service-token', () => {
  it('reports a PAT creating a service token as an error, with the value redacted', () => {
    const dir = makeRepo({ 'scripts/mint.py': mintScript(FAKE_PAT) });
    const r = runCli(['scan', '--format', 'json', '--quiet'], dir);
    expect(r.status).toBe(1);
    const found = json(r.stdout).findings.filter((f) => f.ruleId === 'pat-creates-service-token');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      file: 'scripts/mint.py',
      line: 4,
      severity: 'error',
      credential: { type: 'pat', source: 'literal', evidence: 'format' },
      recommendation: { tokenType: 'service-token' },
    });
    expect(found[0]!.message).toMatch(
      /creates a service token \(Admin API v3 \/api\/v3\/accounts\/43786\/service-tokens\/\); dbt Cloud has answered that with a 400/,
    );
    expect(found[0]!.recommendation.text).toMatch(/in the dbt Cloud UI.*existing service token/);
    expect(r.stdout).not.toContain(FAKE_PAT.slice(5, -4));

    const text = runCli(['scan'], dir);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^\s+4:1\s+error\s+The literal token dbtu_….*pat-creates-service-token$/m);
    expect(text.stdout).not.toContain(FAKE_PAT.slice(5, -4));
  });

  it('is silent for a service token creating one, and for a PAT listing them', () => {
    const dir = makeRepo({
      'scripts/mint.py': mintScript(FAKE_SERVICE),
      'scripts/list.sh': `curl -H "Authorization: Token $DBT_CLOUD_PAT" https://cloud.getdbt.com/api/v3/accounts/43786/service-tokens/\n`,
    });
    const r = runCli(['scan', '--format', 'json', '--quiet'], dir);
    expect(json(r.stdout).findings.map((f) => f.ruleId)).not.toContain('pat-creates-service-token');
  });

  it('reports a Terraform provider with a PAT whose module creates service tokens, not one whose resources use another provider', () => {
    const tf = (resourceProvider: string): string => `provider "dbtcloud" {
  account_id = 43786
  token      = var.dbt_cloud_pat
}

provider "dbtcloud" {
  alias      = "admin"
  account_id = 43786
  token      = var.dbt_cloud_admin_service_token
}

variable "dbt_cloud_pat" {
  description = "dbt Cloud personal access token"
}

variable "dbt_cloud_admin_service_token" {
  description = "dbt Cloud service token with Account Admin"
}

resource "dbtcloud_service_token" "ci" {
${resourceProvider}  name = "ci"
}
`;
    const withPat = runCli(['scan', '--format', 'json', '--quiet'], makeRepo({ 'dev/main.tf': tf('') }));
    const found = json(withPat.stdout).findings.filter((f) => f.ruleId === 'pat-creates-service-token');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      file: 'dev/main.tf',
      line: 1,
      credential: { type: 'pat', source: 'variable', name: 'dbt_cloud_pat', evidence: 'described' },
    });
    expect(withPat.status).toBe(1);
    const withAdmin = runCli(['scan', '--format', 'json', '--quiet'], makeRepo({ 'dev/main.tf': tf('  provider = dbtcloud.admin\n') }));
    expect(json(withAdmin.stdout).findings.map((f) => f.ruleId)).not.toContain('pat-creates-service-token');
  });

  it('links its SARIF rule to the README heading', () => {
    const dir = makeRepo({ 'scripts/mint.py': mintScript(FAKE_PAT) });
    const r = runCli(['scan', '--format', 'sarif'], dir);
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string }[] }[];
    };
    const rule = sarif.runs[0]!.tool.driver.rules.find((x) => x.id === 'pat-creates-service-token');
    expect(rule?.helpUri).toMatch(/#pat-creates-service-token$/);
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain('pat-creates-service-token');
    expect(r.stdout).not.toContain(FAKE_PAT.slice(5, -4));
  });
});

describe('legacy-host-for-cell-account', () => {
  it('warns on the Terraform provider left on cloud.getdbt.com when CI calls the account on its cell host', () => {
    const dir = makeRepo({ 'infra/main.tf': provider(), '.github/workflows/deploy.yml': deploy });
    const r = runCli(['scan', '--format', 'json', '--quiet'], dir);
    // a warning: below the default --fail-on error
    expect(r.status).toBe(0);
    const found = json(r.stdout).findings.filter((f) => f.ruleId === 'legacy-host-for-cell-account');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'infra/main.tf', line: 1, severity: 'warning' });
    expect(found[0]!.message).toContain('cloud.getdbt.com');
    expect(found[0]!.message).toContain('bn544.us1.dbt.com (.github/workflows/deploy.yml:13)');
    expect(found[0]!.recommendation.text).toContain('Access URLs');
    expect(runCli(['scan', '--fail-on', 'warning', '--quiet'], dir).status).toBe(1);
  });

  it("puts both into the migration plan's checks", () => {
    const dir = makeRepo({ 'infra/main.tf': provider(), '.github/workflows/deploy.yml': deploy, 'scripts/mint.py': mintScript(FAKE_PAT) });
    const md = runCli(['inventory'], dir);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/- \[ \] Call each cell-based account on its own access URL .*\(`infra\/main\.tf:1`\)/);
    expect(md.stdout).toMatch(/- \[ \] Create service tokens in the dbt Cloud UI.*\(`scripts\/mint\.py:4`\)/);
    expect(md.stdout).not.toContain(FAKE_PAT.slice(5, -4));
    const plan = JSON.parse(runCli(['inventory', '--format', 'json'], dir).stdout) as {
      checks: { check: string; locations: { file: string; line: number }[] }[];
    };
    expect(plan.checks).toEqual(
      expect.arrayContaining([
        { action: 'check', check: 'access-url', locations: [{ file: 'infra/main.tf', line: 1 }] },
        { action: 'check', check: 'service-token-creation', locations: [{ file: 'scripts/mint.py', line: 4 }] },
      ]),
    );
  });

  it('is silent once the provider uses the account host, or when no cell host is in the repository', () => {
    const fixed = makeRepo({ 'infra/main.tf': provider('https://bn544.us1.dbt.com/api'), '.github/workflows/deploy.yml': deploy });
    const sharedOnly = makeRepo({ 'infra/main.tf': provider('https://cloud.getdbt.com/api') });
    for (const dir of [fixed, sharedOnly]) {
      const r = runCli(['scan', '--format', 'json', '--quiet', '--fail-on', 'warning'], dir);
      expect(r.status).toBe(0);
      expect(json(r.stdout).findings).toEqual([]);
    }
  });

  it('can be turned off in the config', () => {
    const dir = makeRepo({
      'infra/main.tf': provider(),
      '.github/workflows/deploy.yml': deploy,
      '.dbt-token-scan.yml': 'rules:\n  legacy-host-for-cell-account: off\n',
    });
    const r = runCli(['scan', '--format', 'json', '--quiet', '--fail-on', 'warning'], dir);
    expect(json(r.stdout).findings.map((f) => f.ruleId)).not.toContain('legacy-host-for-cell-account');
  });
});

describe('explain and rules', () => {
  it('explain shows each new rule with its sources', () => {
    const dir = makeRepo({});
    const pat = runCli(['explain', 'pat-creates-service-token'], dir);
    expect(pat.status).toBe(0);
    expect(pat.stdout).toMatch(/^pat-creates-service-token \(error\)/);
    expect(pat.stdout).toContain('POST /api/v3/accounts/{account_id}/service-tokens/');
    expect(pat.stdout).toContain('https://github.com/dbt-labs/docs.getdbt.com/pull/9636');
    expect(pat.stdout).toContain('Recommended token: service-token');
    const host = runCli(['explain', 'legacy-host-for-cell-account'], dir);
    expect(host.status).toBe(0);
    expect(host.stdout).toMatch(/^legacy-host-for-cell-account \(warning\)/);
    expect(host.stdout).toContain('Access URLs');
    expect(host.stdout).toContain('https://github.com/kestra-io/plugin-dbt/pull/320');
    expect(host.stdout).not.toContain('Recommended token');
  });

  it('rules lists both', () => {
    const r = runCli(['rules'], makeRepo({}));
    expect(r.stdout).toMatch(/^pat-creates-service-token\s+error\s/m);
    expect(r.stdout).toMatch(/^legacy-host-for-cell-account\s+warning\s/m);
  });
});
