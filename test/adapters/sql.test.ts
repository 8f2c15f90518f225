import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const run = (text: string, path = 'macros/create_trigger_proc.sql') => extractWith('sql', path, text);

describe('sql adapter', () => {
  it('reads a Python procedure body with the Python adapter, at the lines of the .sql file', async () => {
    const f = await run(`{% macro create_trigger_proc() %}
{% set stmt %}
create or replace procedure {{ target.schema }}.kick_dbt_job(job_id integer)
  returns string
  language python
  runtime_version = '3.11'
  packages = ('snowflake-snowpark-python', 'requests')
  handler = 'main'
  secrets = ('cred' = analytics.ops.dbt_cloud_service_token)
as
$$
import _snowflake
import requests

def main(session, job_id):
    token = _snowflake.get_generic_secret_string("cred")
    resp = requests.post(
        f"https://cloud.getdbt.com/api/v2/accounts/55/jobs/{job_id}/run/",
        headers={"Authorization": f"Token {token}"},
        json={"cause": "snowflake task"},
    )
    return str(resp.status_code)
$$;
{% endset %}
{% do run_query(stmt) %}
{% endmacro %}
`);
    expect(f.role).toBe('orchestrator');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 17 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/55/jobs/{job_id}/run/', method: 'POST' },
      accountIds: ['55'],
      // The alias the body reads is the secret object the SECRETS clause binds, placed at the binding.
      credential: { source: 'secret', name: 'dbt_cloud_service_token', span: { line: 9, column: 37 } },
    });
    expect(f.problems).toEqual([]);
  });

  it('keeps a Snowflake secret alias the header does not bind as read in the body', async () => {
    const f = await run(
      `create or replace procedure ops.poll_dbt(run_id integer)
  returns string
  language python
  runtime_version = '3.11'
  packages = ('requests')
  handler = 'main'
  secrets = ('wh' = ops.warehouse_key)
as
$$
import _snowflake
import requests

def main(session, run_id):
    key = _snowflake.get_generic_secret_string("dbt")
    return requests.get(f"https://cloud.getdbt.com/api/v2/accounts/55/runs/{run_id}/", headers={"Authorization": f"Token {key}"}).text
$$;
`,
      'procs/poll_dbt.sql',
    );
    expect(f.callSites.map((c) => c.credential)).toEqual([{ source: 'secret', name: 'dbt', span: { line: 14, column: 11 } }]);
  });

  it('takes the language clause after the body (Postgres plpython) and keeps columns on the $$ line', async () => {
    const f = await run(
      `create function dbt_runs() returns text as $$ import urllib.request
return urllib.request.urlopen("https://emea.dbt.com/api/v2/accounts/8/runs/").read()
$$ language plpython3u;
`,
      'db/functions.sql',
    );
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.host])).toEqual([[2, 'emea.dbt.com']]);
  });

  it('reads the %python cells of a Databricks SQL notebook export with the Python adapter', async () => {
    const f = await run(
      `-- Databricks notebook source
select count(*) from analytics.orders

-- COMMAND ----------

-- MAGIC %python
-- MAGIC import requests
-- MAGIC pat = dbutils.secrets.get("dbt", "cloud-pat")
-- MAGIC r = requests.get("https://cloud.getdbt.com/api/v2/accounts/606/runs/", headers={"Authorization": f"Bearer {pat}"})

-- COMMAND ----------

-- MAGIC %md
-- MAGIC requests.get("https://cloud.getdbt.com/api/v2/accounts/1/runs/") is explained above
`,
      'notebooks/run_report.sql',
    );
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.path])).toEqual([[9, '/api/v2/accounts/606/runs/']]);
    expect(f.role).toBeUndefined();
  });

  it('reads SQL outside procedure bodies line by line (a URL in a string), comments excluded', async () => {
    const f = await run(
      `-- select system$call('https://cloud.getdbt.com/api/v2/accounts/1/runs/')
/* https://cloud.getdbt.com/api/v2/accounts/1/jobs/ */
select api_get('https://cloud.getdbt.com/api/v2/accounts/31/runs/?limit=5', '{{ env_var("DBT_CLOUD_API_TOKEN") }}');
`,
      'analysis/runs.sql',
    );
    expect(f.callSites.map((c) => [c.span.line, c.span.column, c.endpoint?.path, c.credential?.source, c.credential?.name])).toEqual([
      [3, 17, '/api/v2/accounts/31/runs/', 'env', 'DBT_CLOUD_API_TOKEN'],
    ]);
    expect(f.role).toBe('orchestrator');
  });

  it('finds nothing in dbt models that only mention dbt or hold API URLs as data', async () => {
    const f = await run(
      `{{ config(materialized='table', tags=['dbt_cloud']) }}
-- built by the dbt Cloud job "nightly"; docs: https://docs.getdbt.com/docs/build/models
select
  id,
  '{{ env_var("DBT_CLOUD_RUN_ID", "local") }}' as dbt_cloud_run_id,
  'https://cloud.getdbt.com/api/v2/accounts/' || account_id || '/runs/' || run_id || '/' as run_api_url,
  current_timestamp as loaded_at
from {{ ref('stg_orders') }}
`,
      'models/marts/orders.sql',
    );
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
    expect(f.role).toBeUndefined();
    const js = await run(
      `create or replace procedure p() returns string language javascript as $$
  // a JavaScript body is not Python: read line by line, no Python parse
  return "ok";
$$;
`,
      'procs/p.sql',
    );
    expect(js.callSites).toEqual([]);
  });
});
