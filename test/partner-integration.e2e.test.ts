import { describe, expect, it } from 'vitest';
import { FAKE_PAT, FAKE_SERVICE, makeRepo, runCli } from './helpers/run-cli.js';

// The partner-integration workflow through the built CLI: a partner tool's configuration or
// client that hands it a dbt Cloud token is production, and wants a service token.

const openMetadata = (token: string): string => `source:
  type: dbt
  serviceName: snowflake_prod
  sourceConfig:
    config:
      type: DBT
      dbtConfigSource:
        dbtConfigType: cloud
        dbtCloudAuthToken: ${token}
        dbtCloudAccountId: "51798"
sink:
  type: metadata-rest
  config: {}
`;

const monteCarlo = `import os
from pycarlo.features.dbt.dbt_cloud_client import DbtCloudClient

client = DbtCloudClient(dbt_cloud_api_token=os.environ["DBT_CLOUD_PAT"], dbt_cloud_account_id="51798")
`;

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; workflow: string; production: boolean; recommendation: { tokenType?: string } }[];
  callSites: { file: string; workflow: string; production: boolean; recommendedTokenType?: string }[];
}

describe('partner-integration workflow (e2e)', () => {
  it('reports a PAT handed to OpenMetadata or Monte Carlo as a PAT in production, with a service token to use', () => {
    const repo = makeRepo({ 'ingestion/dbt_cloud.yaml': openMetadata(FAKE_PAT), 'monte_carlo/sync.py': monteCarlo });
    const res = runCli(['scan', '--format', 'json'], repo);
    expect(res.status, res.stderr).toBe(1);
    expect(res.stdout).not.toContain(FAKE_PAT);
    const report = JSON.parse(res.stdout) as JsonReport;
    expect(report.callSites.map((c) => [c.file, c.workflow, c.production, c.recommendedTokenType])).toEqual([
      ['ingestion/dbt_cloud.yaml', 'partner-integration', true, 'service-token'],
      ['monte_carlo/sync.py', 'partner-integration', true, 'service-token'],
    ]);
    const pats = report.findings.filter((f) => f.ruleId === 'pat-in-production');
    expect(pats.map((f) => [f.file, f.line, f.workflow, f.recommendation.tokenType])).toEqual([
      ['ingestion/dbt_cloud.yaml', 9, 'partner-integration', 'service-token'],
      ['monte_carlo/sync.py', 4, 'partner-integration', 'service-token'],
    ]);
    const text = runCli(['scan', 'ingestion'], repo);
    expect(text.stdout).toContain('runs in production, in a partner integration');
  });

  it('accepts a service token there, and treats the same file under tests/ as a test', () => {
    const ok = runCli(['scan', '--format', 'json'], makeRepo({ 'ingestion/dbt_cloud.yaml': openMetadata(`\${DBT_CLOUD_SERVICE_TOKEN}`) }));
    expect(ok.status, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as JsonReport).findings).toEqual([]);
    const hardcodedService = runCli(['scan', '--format', 'json'], makeRepo({ 'ingestion/dbt_cloud.yaml': openMetadata(FAKE_SERVICE) }));
    expect((JSON.parse(hardcodedService.stdout) as JsonReport).findings.map((f) => f.ruleId)).toEqual(['hardcoded-token']);
    const inTests = runCli(['scan', '--format', 'json'], makeRepo({ 'tests/fixtures/dbt_cloud.yaml': openMetadata(`\${DBT_CLOUD_PAT}`) }));
    const report = JSON.parse(inTests.stdout) as JsonReport;
    expect(inTests.status).toBe(0);
    expect(report.callSites.map((c) => [c.workflow, c.production])).toEqual([['test', false]]);
  });

  it('reads a comment above the token as its description', () => {
    const described = openMetadata('${DBT_TOKEN_OM}').replace(
      '        dbtCloudAuthToken:',
      "        # the integration's service token\n        dbtCloudAuthToken:",
    );
    const res = runCli(['scan', '--format', 'json'], makeRepo({ 'ingestion/dbt_cloud.yaml': described }));
    expect(res.status, res.stderr).toBe(0);
    const site = (JSON.parse(res.stdout) as { callSites: { credential: { type: string; evidence: string } }[] }).callSites[0];
    expect(site?.credential).toMatchObject({ type: 'service-token', evidence: 'described' });
  });
});
