import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const run = (text: string, others: Record<string, string> = {}, path = 'azure-pipelines.yml') =>
  extractWith('azure-pipelines', path, text, others);

describe('azure-pipelines adapter', () => {
  it('expands $(X) macros: undefined variables are secrets, defined ones values', async () => {
    const f = await run(`variables:
  - group: dbt-cloud-prod
  - name: dbtCloudAccountId
    value: '70403'
stages:
  - stage: Deploy
    jobs:
      - job: Trigger
        steps:
          - task: Bash@3
            inputs:
              targetType: inline
              script: |
                curl -sS -X POST \\
                  -H 'Authorization: Token $(DBT_CLOUD_SERVICE_TOKEN)' \\
                  "https://cloud.getdbt.com/api/v2/accounts/$(dbtCloudAccountId)/jobs/1234/run/"
`);
    expect(f.role).toBe('ci-cd');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 14, column: 17 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/70403/jobs/1234/run/', method: 'POST' },
      credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 15, column: 44 } },
      accountIds: ['70403'],
    });
  });

  it('reads bash/script steps with env mappings, ${{ variables.X }} and deployment strategies', async () => {
    const f = await run(`variables:
  dbtCloudHost: emea.dbt.com
jobs:
  - deployment: Refresh
    environment: production
    strategy:
      runOnce:
        deploy:
          steps:
            - bash: |
                curl -H "Authorization: Bearer \${DBT_TOKEN}" "https://\${{ variables.dbtCloudHost }}/api/v3/accounts/88001/projects/"
              env:
                DBT_TOKEN: $(dbt_cloud_pat)
  - job: Plain
    variables:
      DBT_CLOUD_API_KEY: deadbeefdeadbeefdeadbeefdeadbeefdeadbeef
    steps:
      - script: 'curl -H "Authorization: Token $(DBT_CLOUD_API_KEY)" https://cloud.getdbt.com/api/v2/accounts/5/runs/'
`);
    const [a, b] = f.callSites;
    expect(f.callSites).toHaveLength(2);
    expect(a).toMatchObject({
      endpoint: { host: 'emea.dbt.com', path: '/api/v3/accounts/88001/projects/' },
      credential: { source: 'secret', name: 'dbt_cloud_pat', span: { line: 13, column: 28 } },
    });
    expect(b).toMatchObject({
      span: { line: 18, column: 18 },
      credential: { source: 'literal', value: 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef' },
    });
    expect(f.credentialSites).toEqual([
      {
        span: { line: 16, column: 26 },
        credential: {
          source: 'literal',
          name: 'DBT_CLOUD_API_KEY',
          value: 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef',
          span: { line: 16, column: 26 },
        },
      },
    ]);
  });

  it('keeps $(command) substitution and lists scripts that file-path tasks run', async () => {
    const f = await run(
      `steps:
  - bash: echo "$(date +%s) $(pwd)"
  - task: Bash@3
    inputs:
      filePath: $(System.DefaultWorkingDirectory)/ci/trigger_dbt.sh
  - task: PythonScript@0
    inputs:
      scriptSource: filePath
      scriptPath: ci/wait_for_run.py
  - script: ./scripts/smoke.sh
`,
      { 'ci/trigger_dbt.sh': '', 'ci/wait_for_run.py': '', 'scripts/smoke.sh': '' },
      '.azure-pipelines/release.yml',
    );
    expect(f.callSites).toEqual([]);
    expect(f.runsScripts).toEqual(['ci/trigger_dbt.sh', 'ci/wait_for_run.py', 'scripts/smoke.sh']);
  });

  it('finds nothing in a dbt Core on Databricks pipeline', async () => {
    const f = await run(`variables:
  - group: databricks
  - name: DBT_HOST
    value: adb-5555555555555555.19.azuredatabricks.net
steps:
  - bash: dbt build --target prod
    env:
      DBT_TOKEN: $(databricksToken)
`);
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
  });

  it('survives hostile input', async () => {
    for (const text of ['- '.repeat(100_000) + 'x', 'steps:\n  - bash: |\n' + '    x\n'.repeat(10), 'steps: [' + '{'.repeat(50_000)]) {
      const f = await run(text);
      expect(f.callSites).toEqual([]);
    }
  }, 60_000);
});
