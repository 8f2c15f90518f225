import { test } from 'vitest';
import { extractWith } from '../helpers/extract.js';
test('play', async () => {
  const f = await extractWith('compose', 'docker-compose.yml', `x-dbt-env: &dbt-env
  DBT_CLOUD_HOST: cloud.getdbt.com
  DBT_CLOUD_ACCOUNT_ID: "70403"

services:
  metrics-sync:
    build: ./metrics-sync
    environment:
      <<: *dbt-env
      DBT_CLOUD_PAT: dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA
  airflow-scheduler:
    image: apache/airflow:2.9.1
    environment:
      - AIRFLOW__CORE__EXECUTOR=LocalExecutor
      - AIRFLOW_CONN_DBT_CLOUD_DEFAULT=dbt-cloud://70403:\${DBT_CLOUD_SERVICE_TOKEN}@cloud.getdbt.com
      - DBT_CLOUD_SERVICE_TOKEN=\${DBT_CLOUD_SERVICE_TOKEN}
  trigger:
    image: curlimages/curl
    environment:
      DBT_TOKEN: \${DBT_CLOUD_TOKEN}
    command: ["sh", "-c", "curl -X POST -H \\"Authorization: Token $$DBT_TOKEN\\" https://cloud.getdbt.com/api/v2/accounts/70403/jobs/5/run/"]
`);
  console.log(JSON.stringify(f, null, 1));
});
