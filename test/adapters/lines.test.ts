import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import type { FileFacts } from '../../src/model/raw-facts.js';
import { extractWith } from '../helpers/extract.js';

const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'cafebabecafebabecafebabecafebabecafebabe';
const run = (path: string, text: string) => extractWith('lines', path, text);
const calls = (f: FileFacts) =>
  f.callSites.map((c) => [c.span.line, c.span.column, c.kind, c.endpoint?.url, c.credential?.source, c.credential?.name]);

describe('lines adapter: registry', () => {
  it('takes files no specific adapter reads, after every specific one', () => {
    for (const p of [
      'svc/main.go',
      'src/Main.java',
      'a/B.kt',
      'build.gradle.kts',
      'x.scala',
      'Api.cs',
      'lib/sync.rb',
      'Rakefile',
      'ops/run.ps1',
      'Makefile',
      'justfile',
      'tools.mk',
      'charts/app/values.yaml',
      'bundle/resources/job.yml',
      'src/lib.rs',
      'api.php',
    ]) {
      expect(adapterFor(p, '')?.id, p).toBe('lines');
    }
    expect(adapterFor('.github/workflows/x.yml', '')?.id).toBe('github-actions');
    expect(adapterFor('k8s/job.yaml', 'apiVersion: v1\nkind: Pod\n')?.id).toBe('kubernetes');
    expect(adapterFor('docker-compose.yml', '')?.id).toBe('compose');
    expect(adapterFor('models/orders.sql', '')?.id).toBe('sql');
    expect(adapterFor('README.md', '')).toBeUndefined();
  });
});

describe('lines adapter: code', () => {
  it('Go: Sprintf on a base URL constant, string concatenation, the token read into a variable', async () => {
    const f = await run(
      'cmd/trigger/main.go',
      `package main

import (
	"fmt"
	"net/http"
	"os"
)

// API reference: https://docs.getdbt.com/dbt-cloud/api-v2
const cloudAPI = "https://cloud.getdbt.com/api/v2"

func trigger(account, job int) error {
	key := os.Getenv("DBT_CLOUD_SERVICE_TOKEN")
	endpoint := fmt.Sprintf("%s/accounts/%d/jobs/%d/run/", cloudAPI, account, job)
	req, _ := http.NewRequest(http.MethodPost, endpoint, nil)
	req.Header.Set("Authorization", "Token "+key)
	// http.Get("https://cloud.getdbt.com/api/v2/accounts/7/runs/")
	_, err := http.DefaultClient.Do(req)
	return err
}

func status(account int, run string) {
	http.Get("https://emea.dbt.com/api/v2/accounts/" + strconv.Itoa(account) + "/runs/" + run + "/")
}
`,
    );
    expect(calls(f)).toEqual([
      [14, 27, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{account}/jobs/{job}/run/', 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
      [23, 12, 'http', 'https://emea.dbt.com/api/v2/accounts/{account}/runs/{run}/', 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
    // Placed where the token is read into `key`, not where `key` is used.
    expect(f.callSites[0]!.credential!.span).toEqual({ line: 13, column: 9 });
    expect(f.credentialSites).toEqual([]);
  });

  it('Java and Kotlin: concatenation with a host variable, string templates, System.getenv in a field', async () => {
    const java = await run(
      'src/main/java/acme/DbtClient.java',
      `package acme;

public class DbtClient {
  private static final String PAT = System.getenv("DBT_CLOUD_PAT");

  HttpRequest projects(String dbtCloudHost, long accountId) {
    return HttpRequest.newBuilder()
        .uri(URI.create("https://" + dbtCloudHost + "/api/v3/accounts/" + accountId + "/projects/"))
        .header("Authorization", "Bearer " + PAT)
        .GET().build();
  }
}
`,
    );
    expect(calls(java)).toEqual([[8, 26, 'http', 'https://{dbtCloudHost}/api/v3/accounts/{accountId}/projects/', 'env', 'DBT_CLOUD_PAT']]);
    const kt = await run(
      'app/src/DbtJobs.kt',
      `val token = System.getenv("DBT_API_TOKEN") ?: error("missing")
fun runs(base: String, account: Long) = client.get("$base/api/v2/accounts/$account/runs/") {
    header("Authorization", "Token \${token}")
}
`,
    );
    expect(calls(kt)).toEqual([[2, 53, 'http', '{base}/api/v2/accounts/{account}/runs/', 'env', 'DBT_API_TOKEN']]);
  });

  it('C#, Ruby, PowerShell, Scala, Rust: interpolation and env reads of each language', async () => {
    const cs = await run(
      'Jobs/Trigger.cs',
      `var svc = Environment.GetEnvironmentVariable("DBT_CLOUD_SERVICE_TOKEN");
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", svc);
var res = await http.PostAsync($"https://cloud.getdbt.com/api/v2/accounts/{accountId}/jobs/{jobId}/run/", null);
`,
    );
    expect(calls(cs)).toEqual([
      [3, 34, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{accountId}/jobs/{jobId}/run/', 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
    const rb = await run(
      'lib/dbt_runs.rb',
      `# GET https://cloud.getdbt.com/api/v2/accounts/1/runs/
uri = URI("#{ENV['DBT_CLOUD_URL']}/api/v2/accounts/#{account_id}/runs/")
req = Net::HTTP::Get.new(uri)
req['Authorization'] = "Token #{ENV.fetch('DBT_CLOUD_API_KEY')}"
`,
    );
    expect(calls(rb)).toEqual([[2, 12, 'http', '{DBT_CLOUD_URL}/api/v2/accounts/{account_id}/runs/', 'env', 'DBT_CLOUD_API_KEY']]);
    const ps = await run(
      'ops/Start-DbtJob.ps1',
      `<#
  Example: Invoke-RestMethod https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/
#>
$pat = $env:DBT_CLOUD_PAT
$headers = @{ Authorization = "Token $pat" }
Invoke-RestMethod -Method Post -Headers $headers -Uri https://cloud.getdbt.com/api/v2/accounts/$AccountId/jobs/$JobId/run/
`,
    );
    expect(calls(ps)).toEqual([
      [6, 55, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{AccountId}/jobs/{JobId}/run/', 'env', 'DBT_CLOUD_PAT'],
    ]);
    const scala = await run(
      'jobs/Trigger.scala',
      `val token = sys.env("DBT_CLOUD_TOKEN")
val resp = basicRequest.post(uri"https://cloud.getdbt.com/api/v2/accounts/$accountId/jobs/$jobId/run/").header("Authorization", s"Token $token").send(backend)
`,
    );
    expect(calls(scala)).toEqual([
      [2, 34, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{accountId}/jobs/{jobId}/run/', 'env', 'DBT_CLOUD_TOKEN'],
    ]);
    const rs = await run(
      'src/main.rs',
      `let token = std::env::var("DBT_CLOUD_TOKEN")?;
let url = format!("https://cloud.getdbt.com/api/v2/accounts/{}/runs/", account_id);
let resp = client.get(url).header("Authorization", format!("Token {}", token)).send()?;
`,
    );
    expect(calls(rs)).toEqual([[2, 20, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{account_id}/runs/', 'env', 'DBT_CLOUD_TOKEN']]);
  });

  it('PHP and R: {$x} interpolation, paste0 and a scheme passed beside the token', async () => {
    const php = await run(
      'src/DbtCloud.php',
      `<?php
$token = getenv('DBT_CLOUD_API_TOKEN');
$resp = $http->request('GET', "https://cloud.getdbt.com/api/v3/accounts/{$this->accountId}/projects/", [
    'headers' => ['Authorization' => "Bearer $token"],
]);
`,
    );
    expect(calls(php)).toEqual([
      [3, 32, 'http', 'https://cloud.getdbt.com/api/v3/accounts/{accountId}/projects/', 'env', 'DBT_CLOUD_API_TOKEN'],
    ]);
    const r = await run(
      'R/runs.R',
      `resp <- httr::GET(paste0("https://cloud.getdbt.com/api/v2/accounts/", account_id, "/runs/"),
  httr::add_headers(Authorization = paste("Token", Sys.getenv("DBT_CLOUD_SERVICE_TOKEN"))))
`,
    );
    // paste0 joins its arguments: the path goes on past the account (not the account listing).
    expect(calls(r)).toEqual([
      [1, 27, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{account_id}/runs/', 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
  });

  it('Makefiles and justfiles: unquoted URLs in recipes, $(X) and {{X}} variables', async () => {
    const mk = await run(
      'Makefile',
      `.PHONY: build trigger
build:
\tdbt build --target prod
trigger:
\tcurl -fsS -X POST -H "Authorization: Token $(DBT_CLOUD_SERVICE_TOKEN)" https://cloud.getdbt.com/api/v2/accounts/$(ACCOUNT)/jobs/$(JOB)/run/
# docs: https://docs.getdbt.com/docs/dbt-cloud-apis/overview
`,
    );
    expect(calls(mk)).toEqual([
      [5, 2, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{ACCOUNT}/jobs/{JOB}/run/', 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
    const just = await run(
      'justfile',
      `token := env_var('DBT_CLOUD_PAT')
runs account:
    curl -H "Authorization: Bearer {{token}}" "https://cloud.getdbt.com/api/v2/accounts/{{account}}/runs/"
`,
    );
    expect(calls(just)).toEqual([[3, 48, 'http', 'https://cloud.getdbt.com/api/v2/accounts/{account}/runs/', 'env', 'DBT_CLOUD_PAT']]);
  });

  it('reports a committed token in code as a credential site named after its variable, and uses it on the call', async () => {
    const f = await run(
      'internal/dbt/client.go',
      `package dbt

var dbtCloudToken = "${SVC}"
var apiKey = "${LEGACY}"

func Runs() { get("https://cloud.getdbt.com/api/v2/accounts/12/runs/", "Token "+dbtCloudToken) }
`,
    );
    expect(f.credentialSites).toEqual([
      {
        span: { line: 3, column: 22 },
        credential: { source: 'literal', name: 'dbtCloudToken', value: SVC, span: { line: 3, column: 22 } },
      },
    ]);
    expect(f.callSites).toEqual([
      {
        kind: 'http',
        span: { line: 6, column: 20 },
        endpoint: expect.objectContaining({ host: 'cloud.getdbt.com', path: '/api/v2/accounts/12/runs/' }),
        accountIds: ['12'],
        credential: { source: 'literal', name: 'dbtCloudToken', value: SVC, span: { line: 3, column: 22 } },
      },
    ]);
  });

  it('finds nothing in documentation links, UI links, comments, dbt Core commands and base URLs alone', async () => {
    const go = await run(
      'docs/links.go',
      `package docs

// https://cloud.getdbt.com/api/v2/accounts/1/runs/
/* curl https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/ */
const Docs = "https://docs.getdbt.com/dbt-cloud/api-v2#/operations/Trigger%20Job%20Run"
const Blog = "https://www.getdbt.com/blog/dbt-cloud-api"
const UI = "https://cloud.getdbt.com/deploy/1/projects/2/jobs/3"
const Base = "https://cloud.getdbt.com/api/v2"
var token = os.Getenv("DBT_CLOUD_TOKEN")
func warn(id int) { log.Printf("see https://cloud.getdbt.com/api/v2/accounts/%d/runs/ for the run", id) }
`,
    );
    expect(go.callSites).toEqual([]);
    expect(go.credentialSites).toEqual([]);
    const mk = await run(
      'Makefile',
      `run:
\tdbt deps && dbt build --profiles-dir . --target $(DBT_TARGET)
\tdbt docs generate
`,
    );
    expect(mk.callSites).toEqual([]);
  });
});

describe('lines adapter: YAML', () => {
  it('Helm values and bundles: API URLs are config sites, dbt token keys with a reference are config sites', async () => {
    const f = await run(
      'charts/sync/values.yaml',
      `sync:
  # see https://docs.getdbt.com/docs/dbt-cloud-apis/admin-cloud-api
  endpoint: https://cloud.getdbt.com/api/v2/accounts/4242/
  env:
    DBT_CLOUD_API_TOKEN: "{{ .Values.secrets.dbtToken }}"
    DBT_CLOUD_SERVICE_TOKEN: "{{secrets/dbt/service_token}}"
    LOG_LEVEL: info
`,
    );
    expect(calls(f)).toEqual([
      [3, 13, 'config', 'https://cloud.getdbt.com/api/v2/accounts/4242/', undefined, undefined],
      [5, 5, 'config', undefined, 'config', 'dbtToken'],
      [6, 5, 'config', undefined, 'secret', 'dbt/service_token'],
    ]);
  });

  it('finds nothing in dbt project YAML, Databricks DBT_TOKEN settings or placeholder values', async () => {
    const f = await run(
      'dbt_project.yml',
      `name: analytics
# dbt Cloud: https://cloud.getdbt.com/deploy/1/projects/2
vars:
  dbt_cloud_project: analytics
  runs_note: loaded nightly from https://cloud.getdbt.com/api/v2/accounts/1/runs/ by the export job
  runs_doc: "Exported from https://cloud.getdbt.com/api/v2/accounts/1/runs/"
`,
    );
    expect(f.callSites).toEqual([]);
    const db = await run(
      'bundle/resources/dbt_job.yml',
      `resources:
  jobs:
    dbt:
      tasks:
        - dbt_task:
            commands: ["dbt deps", "dbt build"]
      environments:
        - spec:
            DBT_TOKEN: "{{secrets/databricks/pat}}"
            DBT_HOST: adb-1234567890123456.7.azuredatabricks.net
`,
    );
    expect(db.callSites).toEqual([]);
    const spec = await run(
      'api/dbt-cloud.yaml',
      `openapi: 3.0.0
servers:
  - url: https://cloud.getdbt.com/api/v2
paths:
  /accounts/{account_id}/runs/:
    get:
      externalDocs:
        url: https://cloud.getdbt.com/api/v2/accounts/1/runs/
`,
    );
    expect(spec.callSites).toEqual([]);
  });

  it('falls back to a line scan when a YAML adapter cannot parse the file, keeping the diagnostic', async () => {
    const f = await extractWith(
      'github-actions',
      '.github/workflows/nightly.yml',
      `name: Nightly
on:
  schedule:
    - cron: "0 4 * * *"
jobs:
  trigger:
    runs-on: ubuntu-latest
    steps:
      - name: Trigger dbt Cloud job
          env:
            DBT_CLOUD_SERVICE_TOKEN: \${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}
          run: |
            curl -X POST -H "Authorization: Token \${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}" https://cloud.getdbt.com/api/v2/accounts/9/jobs/8/run/
            python ci/notify.py
`,
      { 'ci/notify.py': 'print(1)\n' },
    );
    expect(f.problems.some((p) => p.startsWith('YAML parse error at line'))).toBe(true);
    expect(f.runsScripts).toEqual(['ci/notify.py']);
    expect(calls(f)).toEqual([
      // The workflow adapter's own fallback reads the step's env line as a hand-off (a ci-step);
      // the line scan adds only what it says nothing about.
      [11, 38, 'ci-step', undefined, 'secret', 'DBT_CLOUD_SERVICE_TOKEN'],
      [13, 91, 'http', 'https://cloud.getdbt.com/api/v2/accounts/9/jobs/8/run/', 'secret', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
  });
});
