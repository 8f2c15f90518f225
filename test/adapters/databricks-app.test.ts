import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import { extractWith } from '../helpers/extract.js';

const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const run = (text: string, path = 'apps/semantic-chat/app.yaml') => extractWith('databricks-app', path, text);

describe('databricks-app adapter', () => {
  it('is chosen for app.yaml, databricks.yml and YAML with value_from entries', () => {
    expect(adapterFor('apps/x/app.yaml', '')?.id).toBe('databricks-app');
    expect(adapterFor('databricks.yml', '')?.id).toBe('databricks-app');
    expect(adapterFor('resources/apps.yml', 'env:\n  - name: A\n    value_from: s\n')?.id).toBe('databricks-app');
    expect(
      adapterFor('k8s/job.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  env:\n    - name: A\n      valueFrom:\n        secretKeyRef: {}\n')
        ?.id,
    ).toBe('kubernetes');
  });

  it('an app running dbt-mcp against a dbt Cloud host: DBT_TOKEN from a secret resource is a config site', async () => {
    const f = await run(`command: ["uv", "run", "dbt-mcp"]
env:
  - name: DBT_HOST
    value: "us1.dbt.com"
  - name: MULTICELL_ACCOUNT_PREFIX
    value: "kx210"
  - name: DBT_TOKEN
    valueFrom: dbt-cloud-token
  - name: DBT_PROD_ENV_ID
    value: "5150"
`);
    expect(f.role).toBe('application');
    expect(f.callSites).toEqual([
      {
        kind: 'config',
        span: { line: 7, column: 11 },
        client: 'databricks-app',
        endpoint: { host: 'kx210.us1.dbt.com', url: 'https://kx210.us1.dbt.com' },
        credential: { source: 'secret', name: 'dbt-cloud-token', span: { line: 8, column: 16 } },
      },
    ]);
  });

  it('bundle app config with value_from and a literal service token; App Engine env_variables', async () => {
    const bundle = await run(
      `bundle:
  name: dbt-ops
resources:
  apps:
    run_monitor:
      source_code_path: ./app
      config:
        command: ["python", "app.py"]
        env:
          - name: DBT_CLOUD_SERVICE_TOKEN
            value_from: dbt-token
          - name: DBT_CLOUD_API_KEY
            value: ${SVC}
`,
      'databricks.yml',
    );
    expect(bundle.callSites.map((c) => [c.span.line, c.credential?.source, c.credential?.name])).toEqual([
      [10, 'secret', 'dbt-token'],
      [12, 'literal', 'DBT_CLOUD_API_KEY'],
    ]);
    expect(bundle.credentialSites.map((s) => s.span)).toEqual([{ line: 13, column: 20 }]);
    const gae = await run(`runtime: python312
env_variables:
  DBT_CLOUD_HOST: cloud.getdbt.com
  DBT_CLOUD_SERVICE_TOKEN: ${SVC}
`);
    expect(gae.callSites.map((c) => [c.span.line, c.kind, c.endpoint?.host, c.credential?.name])).toEqual([
      [4, 'config', 'cloud.getdbt.com', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
  });

  it('finds nothing for a Databricks app whose DBT_TOKEN is a warehouse token (no dbt Cloud host, no dbt-mcp)', async () => {
    const f = await run(`command: ["streamlit", "run", "app.py"]
env:
  - name: DBT_TOKEN
    valueFrom: warehouse-pat
  - name: DBT_HOST
    value: "adb-1234567890123456.7.azuredatabricks.net"
  - name: DBT_PROFILES_DIR
    value: "./profiles"
`);
    expect(f.callSites).toEqual([]);
    expect(f.role).toBeUndefined();
  });
});
