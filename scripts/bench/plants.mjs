// The dbt Cloud call sites planted in the benchmark tree, in the shapes people write them
// (facts §2 and §4: hosts, paths, auth headers, env names, Airflow and Terraform clients), plus
// decoys that mention dbt Cloud without calling it and copies in folders a scanner must skip.
// `line` is the 1-based line of the call (the call expression, the CI step's command, the
// provider block) inside `text`; the generator adds the filler lines around it.

// The synthetic tokens the project's fixtures use (briefing "Tests and fixtures").
const FAKE_PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const FAKE_SERVICE = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const FAKE_LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const HOSTS = ['cloud.getdbt.com', 'emea.dbt.com', 'ab123.us1.dbt.com', 'au.dbt.com'];

/** Text with a `@@` marker on the call line -> { text, line }. */
function marked(src) {
  const lines = src.split('\n');
  const at = lines.findIndex((l) => l.includes('@@'));
  if (at < 0) throw new Error('plant without @@ marker');
  lines[at] = lines[at].replace('@@', '');
  return { text: lines.join('\n'), line: at + 1 };
}

const SHAPES = {
  pythonTrigger: (i) => ({
    lang: 'py',
    ...marked(`import os
import requests

DBT_CLOUD_ACCOUNT_ID = ${70000 + i}
DBT_JOB_ID = ${500 + i}


def trigger_dbt_cloud_job(cause: str) -> int:
    url = f"https://${HOSTS[i % HOSTS.length]}/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/jobs/{DBT_JOB_ID}/run/"
    headers = {"Authorization": f"Token {os.environ['DBT_CLOUD_SERVICE_TOKEN']}"}
    @@resp = requests.post(url, headers=headers, json={"cause": cause}, timeout=30)
    resp.raise_for_status()
    return resp.json()["data"]["id"]


`),
  }),
  pythonRuns: (i) => ({
    lang: 'py',
    ...marked(`import os
import requests


def latest_dbt_runs(limit=10):
    token = os.getenv("DBT_CLOUD_API_KEY")
    @@response = requests.get(
        "https://cloud.getdbt.com/api/v2/accounts/${80000 + i}/runs/",
        params={"order_by": "-id", "limit": limit},
        headers={"Authorization": "Token " + token, "Accept": "application/json"},
    )
    return response.json()["data"]


`),
  }),
  airflow: (i) => ({
    lang: 'py',
    ...marked(`from datetime import datetime

from airflow import DAG
from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator

with DAG("dbt_cloud_nightly_${i}", start_date=datetime(2024, 1, 1), schedule="0 3 * * *", catchup=False) as dag:
    @@run_job = DbtCloudRunJobOperator(
        task_id="trigger_dbt_cloud_job",
        dbt_cloud_conn_id="dbt_cloud_default",
        job_id=${600 + i},
        check_interval=30,
        timeout=3600,
    )


`),
  }),
  tsFetch: (i) => ({
    lang: 'ts',
    ...marked(`const ACCOUNT_ID = ${90000 + i};

export async function triggerDbtJob(jobId: number): Promise<number> {
  @@const res = await fetch(\`https://${HOSTS[(i + 1) % HOSTS.length]}/api/v2/accounts/\${ACCOUNT_ID}/jobs/\${jobId}/run/\`, {
    method: 'POST',
    headers: { Authorization: \`Token \${process.env.DBT_CLOUD_SERVICE_TOKEN}\`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ cause: 'Triggered from the ops service' }),
  });
  if (!res.ok) throw new Error(\`dbt job trigger failed: \${res.status}\`);
  return ((await res.json()) as { data: { id: number } }).data.id;
}

`),
  }),
  jsAxios: (i) => ({
    lang: 'js',
    ...marked(`const axios = require('axios');

async function listDbtProjects(accountId) {
  @@const { data } = await axios.get('https://cloud.getdbt.com/api/v3/accounts/' + accountId + '/projects/', {
    headers: { Authorization: 'Bearer ' + process.env.DBT_CLOUD_PAT },
  });
  return data.data.map((p) => p.name);
}
module.exports.listDbtProjects${i} = listDbtProjects;

`),
  }),
  githubActions: (i) => ({
    lang: null,
    ...marked(`name: dbt deploy ${i}
on:
  push:
    branches: [main]
jobs:
  trigger:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Trigger dbt Cloud job
        run: |
          @@curl -sS --fail -X POST \\
            -H "Authorization: Token \${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}" \\
            -H "Content-Type: application/json" \\
            -d '{"cause": "GitHub push"}' \\
            "https://cloud.getdbt.com/api/v2/accounts/\${{ vars.DBT_ACCOUNT_ID }}/jobs/${700 + i}/run/"
`),
  }),
  shellCurl: (i) => ({
    lang: null,
    ...marked(`#!/usr/bin/env bash
set -euo pipefail
# Show the latest dbt Cloud runs of account $ACCOUNT_ID.
ACCOUNT_ID="\${ACCOUNT_ID:-${81000 + i}}"
@@curl -sS -H "Authorization: Bearer $DBT_CLOUD_TOKEN" \\
  "https://${HOSTS[(i + 2) % HOSTS.length]}/api/v2/accounts/$ACCOUNT_ID/runs/?limit=5&order_by=-id" | jq '.data[].status'
`),
  }),
  terraform: (i) => ({
    lang: null,
    ...marked(`terraform {
  required_providers {
    dbtcloud = {
      source  = "dbt-labs/dbtcloud"
      version = "~> 0.3"
    }
  }
}

@@provider "dbtcloud" {
  account_id = var.dbt_account_id
  token      = var.dbt_token
  host_url   = "https://cloud.getdbt.com/api"
}

variable "dbt_token" {
  type      = string
  sensitive = true
}

variable "dbt_account_id" {
  type    = number
  default = ${82000 + i}
}
`),
  }),
  discovery: (i) => ({
    lang: 'py',
    ...marked(`import os
import requests

MODELS_QUERY = """
query ($environmentId: BigInt!) { environment(id: $environmentId) { applied { models(first: 100) { edges { node { name } } } } } }
"""


def fetch_model_names(environment_id=${300 + i}):
    @@resp = requests.post(
        "https://metadata.cloud.getdbt.com/graphql",
        json={"query": MODELS_QUERY, "variables": {"environmentId": environment_id}},
        headers={"Authorization": f"Bearer {os.environ['DBT_CLOUD_SERVICE_TOKEN']}"},
    )
    return [e["node"]["name"] for e in resp.json()["data"]["environment"]["applied"]["models"]["edges"]]


`),
  }),
  hardcodedPat: (i) => ({
    lang: 'py',
    ...marked(`import requests

# TODO move to a secret before merging
DBT_TOKEN = "${FAKE_PAT}"


def cancel_run(run_id):
    @@return requests.post(
        f"https://cloud.getdbt.com/api/v2/accounts/${83000 + i}/runs/{run_id}/cancel/",
        headers={"Authorization": f"Token {DBT_TOKEN}"},
    ).json()


`),
  }),
  gitlab: () => ({
    lang: null,
    ...marked(`stages: [test, deploy]

unit-tests:
  stage: test
  image: python:3.12
  script:
    - pip install -r requirements.txt
    - pytest -q

trigger-dbt-cloud:
  stage: deploy
  image: curlimages/curl:8.8.0
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
  script:
    - >
      @@curl -sS --fail -X POST -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN"
      -d '{"cause": "GitLab pipeline $CI_PIPELINE_ID"}'
      "https://emea.dbt.com/api/v2/accounts/$DBT_ACCOUNT_ID/jobs/$DBT_JOB_ID/run/"
`),
  }),
  dbtc: (i) => ({
    lang: 'py',
    ...marked(`import os

from dbtc import dbtCloudClient


def run_ci_job(pr_number: int):
    client = dbtCloudClient(service_token=os.environ["DBT_CLOUD_SERVICE_TOKEN"])
    @@return client.cloud.trigger_job(${84000 + i}, ${800 + i}, {"cause": f"PR {pr_number}", "git_branch": f"pr-{pr_number}"})


`),
  }),
  semanticLayer: (i) => ({
    lang: 'ts',
    ...marked(`const SL_QUERY = 'query { metrics(environmentId: ${400 + i}) { name description } }';

export async function listMetrics(): Promise<Array<{ name: string }>> {
  @@const res = await fetch('https://semantic-layer.cloud.getdbt.com/api/graphql', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + process.env.DBT_SL_SERVICE_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: SL_QUERY }),
  });
  return (await res.json()).data.metrics;
}

`),
  }),
  userCredentials: (i) => ({
    lang: 'py',
    ...marked(`import os
import requests


def link_dev_credentials(user_id, credentials_id):
    @@return requests.post(
        f"https://cloud.getdbt.com/api/v3/users/{user_id}/credentials/",
        json={"credentials_id": credentials_id, "project_id": ${900 + i}},
        headers={"Authorization": f"Token {os.environ['DBT_CLOUD_SERVICE_TOKEN']}"},
    ).json()


`),
  }),
};

/** Where each planted call goes: [shape, path] (paths with `{i}` are numbered). */
const LAYOUT = [
  ['pythonTrigger', 'scripts/deploy/trigger_dbt_job.py'],
  ['pythonTrigger', 'services/billing/src/billing/jobs/dbt_refresh.py'],
  ['pythonTrigger', 'services/ingest/src/ingest/tasks/post_load.py'],
  ['pythonTrigger', 'tools/ops/rerun_models.py'],
  ['pythonTrigger', 'services/ingest/tests/test_post_load_trigger.py'],
  ['pythonRuns', 'scripts/report_dbt_runs.py'],
  ['pythonRuns', 'notebooks/helpers/run_status.py'],
  ['pythonRuns', 'services/reporting/src/reporting/dbt_status.py'],
  ['airflow', 'dags/dbt_nightly.py'],
  ['airflow', 'dags/marketing/dbt_marketing_refresh.py'],
  ['airflow', 'dags/finance/dbt_close_books.py'],
  ['airflow', 'orchestration/airflow/dags/dbt_hourly.py'],
  ['tsFetch', 'packages/ops-api/src/dbt/trigger.ts'],
  ['tsFetch', 'apps/admin/src/server/dbtJobs.ts'],
  ['tsFetch', 'packages/release-bot/src/steps/refreshModels.ts'],
  ['tsFetch', 'packages/ops-api/test/trigger.test.ts'],
  ['jsAxios', 'packages/catalog-sync/lib/dbtProjects.js'],
  ['jsAxios', 'apps/web/server/dbt.js'],
  ['jsAxios', 'tools/scripts/list-projects.js'],
  ['githubActions', '.github/workflows/dbt-deploy.yml'],
  ['githubActions', '.github/workflows/dbt-ci.yml'],
  ['githubActions', '.github/workflows/nightly-refresh.yml'],
  ['githubActions', '.github/workflows/release.yml'],
  ['shellCurl', 'scripts/dbt_runs.sh'],
  ['shellCurl', 'ops/bin/check-dbt.sh'],
  ['shellCurl', 'services/ingest/bin/after_load.sh'],
  ['terraform', 'infra/terraform/prod/dbt_cloud.tf'],
  ['terraform', 'infra/terraform/staging/dbt_cloud.tf'],
  ['discovery', 'services/catalog/src/catalog/dbt_models.py'],
  ['discovery', 'scripts/lineage/export_models.py'],
  ['hardcodedPat', 'scripts/local/cancel_run.py'],
  ['hardcodedPat', 'notebooks/helpers/cancel.py'],
  ['gitlab', '.gitlab-ci.yml'],
  ['dbtc', 'ci/dbt_ci_job.py'],
  ['dbtc', 'services/reporting/src/reporting/ci_trigger.py'],
  ['semanticLayer', 'apps/web/src/api/metrics.ts'],
  ['semanticLayer', 'packages/metrics-client/src/index.ts'],
  ['userCredentials', 'scripts/admin/link_credentials.py'],
];

export function plantedCalls() {
  return LAYOUT.map(([shape, path], i) => ({ shape, path, ...SHAPES[shape](i) }));
}

/** A call hidden in a minified vendor bundle (one very long line). */
export const BUNDLE_CALL =
  'fetch("https://cloud.getdbt.com/api/v2/accounts/"+a+"/jobs/"+j+"/run/",{method:"POST",headers:{Authorization:"Token "+t}})';

/** Files that mention dbt Cloud but call nothing: a correct scanner reports no call site in them. */
export function decoys() {
  return [
    [
      'docs/runbooks/dbt-cloud.md',
      `# Triggering dbt Cloud jobs\n\nUse the Admin API: \`POST https://cloud.getdbt.com/api/v2/accounts/{account_id}/jobs/{job_id}/run/\`.\n\n\`\`\`bash\ncurl -X POST -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/\n\`\`\`\n\nSee https://docs.getdbt.com/docs/dbt-cloud-apis/service-tokens for token types.\n`,
    ],
    [
      'analytics/profiles.yml',
      `analytics:\n  target: dev\n  outputs:\n    dev:\n      type: databricks\n      host: "{{ env_var('DBT_HOST') }}"\n      http_path: /sql/1.0/warehouses/abc\n      token: "{{ env_var('DBT_ACCESS_TOKEN') }}"\n      schema: analytics\n`,
    ],
    [
      'services/reporting/src/reporting/links.py',
      `# Links shown in the reporting UI; see https://docs.getdbt.com/docs/deploy/jobs\nJOB_PAGE = "https://cloud.getdbt.com/deploy/1/projects/2/jobs/3"\nDOCS = "https://docs.getdbt.com/reference/node-selection/syntax"\n\n\ndef job_link(job_id):\n    return f"https://cloud.getdbt.com/deploy/1/projects/2/jobs/{job_id}"\n`,
    ],
    [
      'services/ingest/src/ingest/old_trigger.py',
      `import requests\n\n# Replaced by the Airflow operator in 2024:\n# requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": "Token x"})\n\n\ndef noop():\n    return None\n`,
    ],
    [
      'packages/webhooks/src/verify.ts',
      `import { createHmac } from 'node:crypto';\n\n// dbt Cloud webhooks are signed with this secret; it is not an API token.\nexport function verify(body: string, signature: string): boolean {\n  const digest = createHmac('sha256', process.env.DBT_CLOUD_AUTH_TOKEN ?? '').update(body).digest('hex');\n  return digest === signature;\n}\n`,
    ],
    [
      'packages/mint/src/dbtc.ts',
      `// "dbtc" is our internal data-build-tool-config helper, unrelated to dbt Cloud tokens.\nexport const dbtc_mint = (n: number) => n * 2;\nexport const dbtc_version = '1.2.3';\n`,
    ],
    [
      'docs/adr/0007-dbt-cloud-tokens.md',
      `# ADR 7: service tokens for dbt Cloud\n\nCI uses a service token stored as DBT_CLOUD_SERVICE_TOKEN; people use personal access tokens locally.\nLegacy user API keys stopped working in 2024.\n`,
    ],
  ];
}

/** Calls and tokens inside folders every scanner must skip (node_modules, dist, build). */
export function skippedPlants() {
  const js = `const t = process.env.DBT_CLOUD_TOKEN || "${FAKE_SERVICE}";\nmodule.exports = (a, j) => ${BUNDLE_CALL};\nconst legacy = "${FAKE_LEGACY}";\n`;
  return [
    ['node_modules/dbt-cloud-client/lib/index.js', js],
    ['node_modules/@acme/dbt-helpers/dist/trigger.js', js],
    ['dist/server/dbt.js', js],
    ['build/lib/trigger.js', js],
    ['packages/ops-api/node_modules/dbt-cloud-mini/index.js', js],
  ];
}

/** A binary file holding a dbt Cloud URL between NUL bytes: to be skipped as binary. */
export const BINARY_URL = 'https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/';
