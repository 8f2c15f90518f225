import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const run = (text: string, path = 'docker-compose.yml') => extractWith('compose', path, text);

describe('compose adapter', () => {
  it('reports literal and ${X} dbt tokens in service environments (map, list, merged anchors) once', async () => {
    const f = await run(`x-dbt: &dbt
  DBT_CLOUD_HOST: cloud.getdbt.com
  DBT_CLOUD_PAT: ${PAT}
services:
  api:
    build: ./api
    environment:
      <<: *dbt
      LOG_LEVEL: info
  worker:
    build: ./worker
    environment:
      <<: *dbt
  sync:
    image: acme/sync
    environment:
      - DBT_CLOUD_SERVICE_TOKEN=\${DBT_CLOUD_SERVICE_TOKEN:?missing}
      - DBT_API_KEY
`);
    expect(f.role).toBeUndefined();
    expect(f.callSites.map((c) => [c.span.line, c.span.column, c.credential?.source, c.credential?.name])).toEqual([
      [3, 3, 'literal', 'DBT_CLOUD_PAT'],
      [17, 9, 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
      [18, 9, 'env', 'DBT_API_KEY'],
    ]);
    expect(f.callSites[0]).toMatchObject({
      kind: 'config',
      client: 'docker-compose',
      endpoint: { host: 'cloud.getdbt.com' },
      credential: { value: PAT, span: { line: 3, column: 18 } },
    });
    expect(f.credentialSites).toEqual([
      {
        span: { line: 3, column: 18 },
        credential: { source: 'literal', name: 'DBT_CLOUD_PAT', value: PAT, span: { line: 3, column: 18 } },
      },
    ]);
  });

  it('defines Airflow connections from AIRFLOW_CONN_* entries', async () => {
    const f = await run(`services:
  scheduler:
    image: apache/airflow:2.9.1
    environment:
      AIRFLOW_CONN_DBT_CLOUD_DEFAULT: "dbt-cloud://70403:\${DBT_CLOUD_SERVICE_TOKEN}@cloud.getdbt.com"
`);
    expect(f.definitions).toHaveLength(1);
    expect(f.definitions[0]).toMatchObject({ ref: { kind: 'airflow-connection', id: 'dbt_cloud_default' }, accountIds: ['70403'] });
    // Where the connection's token enters the deployment: a config site, as an airflow_settings.yaml entry is.
    expect(f.callSites).toMatchObject([
      {
        kind: 'config',
        span: { line: 5 },
        client: 'airflow-connection',
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' },
        accountIds: ['70403'],
      },
    ]);
  });

  it('reads command / entrypoint through the shell with the service environment', async () => {
    const f = await run(`services:
  trigger:
    image: curlimages/curl
    environment:
      DBT_TOKEN: \${DBT_CLOUD_TOKEN}
    entrypoint: ["/bin/sh", "-c"]
    command:
      - |
        curl -X POST -H "Authorization: Token $$DBT_TOKEN" https://cloud.getdbt.com/api/v2/accounts/70403/jobs/5/run/
  direct:
    image: curlimages/curl
    command: ["curl", "-H", "Authorization: Bearer \${DBT_CLOUD_PAT}", "https://emea.dbt.com/api/v3/accounts/"]
`);
    const http = f.callSites.filter((c) => c.kind === 'http');
    expect(http.map((c) => [c.span.line, c.endpoint?.host, c.credential?.source, c.credential?.name])).toEqual([
      [9, 'cloud.getdbt.com', 'env', 'DBT_CLOUD_TOKEN'],
      [12, 'emea.dbt.com', 'env', 'DBT_CLOUD_PAT'],
    ]);
  });

  it('finds nothing for Databricks dbt Core settings and webhook secrets', async () => {
    const f = await run(`services:
  dbt:
    image: ghcr.io/dbt-labs/dbt-databricks:1.8.latest
    environment:
      DBT_HOST: adb-5555555555555555.19.azuredatabricks.net
      DBT_TOKEN: \${DATABRICKS_TOKEN}
  hooks:
    build: .
    environment:
      DBT_CLOUD_AUTH_TOKEN: \${DBT_CLOUD_AUTH_TOKEN}
      DBT_CLOUD_WEBHOOK_SECRET: s3cr3t
`);
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
  });

  it('survives hostile input', async () => {
    for (const text of [
      'services: ' + '['.repeat(100_000),
      'services:\n  a:\n    environment: ' + 'x'.repeat(5_000_000),
      'a: &a [x]\nb: [*a, *a, *b]\n',
    ]) {
      const f = await run(text);
      expect(f.callSites).toEqual([]);
    }
  }, 60_000);
});
