import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const run = (text: string, others: Record<string, string> = {}, path = 'cloudbuild.yaml') => extractWith('cloud-build', path, text, others);

describe('cloud-build adapter', () => {
  it('reads a bash -c script with $$ escapes; secretEnv names the Secret Manager secret', async () => {
    const f = await run(`steps:
  - name: gcr.io/cloud-builders/curl
    entrypoint: bash
    args:
      - -c
      - |
        curl -X POST "https://cloud.getdbt.com/api/v2/accounts/$_ACCOUNT/jobs/$$JOB_ID/run/" \\
          -H "Authorization: Token $$DBT_CLOUD_TOKEN"
    env: ["JOB_ID=678"]
    secretEnv: ["DBT_CLOUD_TOKEN"]
substitutions:
  _ACCOUNT: "12345"
availableSecrets:
  secretManager:
    - versionName: projects/$PROJECT_ID/secrets/dbt-cloud-service-token/versions/latest
      env: DBT_CLOUD_TOKEN
`);
    expect(f.role).toBe('ci-cd');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 7, column: 9 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/12345/jobs/678/run/', method: 'POST' },
      credential: { source: 'secret', name: 'dbt-cloud-service-token', span: { line: 10, column: 18 } },
    });
  });

  it("runs a builder image's tool with its args, and hands the step's secrets to the script it runs", async () => {
    const f = await run(
      `steps:
  - name: gcr.io/cloud-builders/curl
    args: ["-H", "Authorization: Bearer $$DBT_PAT", "https://cloud.getdbt.com/api/v2/accounts/$_ACCOUNT/runs/"]
    secretEnv: [DBT_PAT]
  - name: python:3.12
    entrypoint: python
    args: ["ops/trigger.py"]
    secretEnv: [DBT_PAT]
secrets:
  - kmsKeyName: projects/p/locations/global/keyRings/r/cryptoKeys/k
    secretEnv:
      DBT_PAT: CiQAabc
`,
      { 'ops/trigger.py': '' },
    );
    expect(f.callSites).toMatchObject([
      {
        kind: 'http',
        span: { line: 3, column: 13 },
        endpoint: { path: '/api/v2/accounts/{_ACCOUNT}/runs/' },
        credential: { source: 'secret', name: 'DBT_PAT' },
      },
    ]);
    expect(f.runsScripts).toEqual(['ops/trigger.py']);
    expect(f.scriptEnv).toMatchObject([{ script: 'ops/trigger.py', name: 'DBT_PAT', credential: { source: 'secret', name: 'DBT_PAT' } }]);
  });

  it('reads a step script, but not one written for another interpreter', async () => {
    const f = await run(`steps:
  - name: ubuntu
    script: |
      curl -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/
  - name: python
    script: |
      #!/usr/bin/env python3
      print("curl https://cloud.getdbt.com/api/v2/accounts/1/jobs/")
`);
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({ span: { line: 4 }, credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN' } });
  });

  it('is the adapter of Cloud Build files under their usual names only', async () => {
    const { ADAPTERS } = await import('../../src/adapters/registry.js');
    const adapterOf = (p: string) => ADAPTERS.find((a) => a.matches(p, 'steps: []\n'))?.id;
    for (const p of ['cloudbuild.yaml', 'deploy/cloudbuild-prod.yml', 'prod.cloudbuild.yaml', 'cloudbuild/nightly.yaml'])
      expect(adapterOf(p), p).toBe('cloud-build');
    expect(adapterOf('build/cloud.yaml')).not.toBe('cloud-build');
  });
});
