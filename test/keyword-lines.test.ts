import { describe, expect, it } from 'vitest';
import {
  auditKeywordLines,
  auditRepository,
  NON_SITE_REASONS,
  type AuditInput,
  type LineOutcome,
  type NonSiteReason,
} from '../src/audit/keyword-lines.js';
import { findMentions } from '../src/audit/mentions.js';
import { emptyFacts, type FileFacts } from '../src/model/raw-facts.js';
import { redactText } from '../src/findings/redact.js';
import { fixtureFiles, fixtureRoots } from './helpers/fixture-facts.js';

// The keyword-line audit (src/audit/keyword-lines.ts): over every fixture repository, each line a
// keyword search finds ends as a fact or as a named non-site; and each named reason, on made-up
// code, holds where it should and not on the near miss next to it.

/** The search a user compares the scan with. */
const BASELINE_GREP = /getdbt\.com|\.dbt\.com|dbt[cu]_|DBT_CLOUD|dbtcloud|\/api\/v[23]\/accounts/i;

describe('keyword-line audit over the fixtures', () => {
  it('accounts for every keyword line of every fixture repository, and finds every line the grep finds', async () => {
    const unaccounted: string[] = [];
    const missed: string[] = [];
    let keywordLines = 0;
    for (const root of fixtureRoots()) {
      const files = await fixtureFiles(root);
      const audit = auditRepository(files);
      for (const f of files) {
        const found = new Set((audit.get(f.path) ?? []).map((k) => k.line));
        const text = f.text.split('\n');
        text.forEach((t, i) => {
          if (BASELINE_GREP.test(t) && !found.has(i + 1)) missed.push(`${f.root}/${f.path}:${i + 1}`);
        });
        for (const k of audit.get(f.path) ?? []) {
          keywordLines++;
          if (k.outcome.status === 'unaccounted') {
            unaccounted.push(
              `${f.root}/${f.path}:${k.line} [${f.adapter ?? 'no adapter'}] ${k.mentions.join(',')}: ${redactText(text[k.line - 1] ?? '')
                .trim()
                .slice(0, 160)}`,
            );
          }
        }
      }
    }
    expect(keywordLines).toBeGreaterThan(500);
    expect(missed, 'grep lines the audit does not list').toEqual([]);
    expect(unaccounted, 'keyword lines with neither a fact nor a reason').toEqual([]);
  }, 120_000);
});

/** A synthetic complete token: the literal search reports it. */
const FAKE_SERVICE_TOKEN = `dbtc_${'Fake0'.repeat(10)}`;

/** Facts with one HTTP call site on `line` (to `endLine`). */
function callAt(line: number, endLine?: number): FileFacts {
  const facts = emptyFacts();
  facts.callSites.push({ kind: 'http', span: { line, column: 1, ...(endLine ? { endLine } : {}) } });
  return facts;
}

function outcome(path: string, text: string, line: number, facts?: FileFacts): LineOutcome | undefined {
  return auditKeywordLines({ path, text, facts }).find((k) => k.line === line)?.outcome;
}

function repoOutcome(files: AuditInput[], path: string, line: number): LineOutcome | undefined {
  return auditRepository(files)
    .get(path)
    ?.find((k) => k.line === line)?.outcome;
}

const reason = (r: NonSiteReason): LineOutcome => ({ status: 'non-site', reason: r });
const UNACCOUNTED: LineOutcome = { status: 'unaccounted' };
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

interface ReasonCase {
  name: string;
  run: () => LineOutcome | undefined;
  want: LineOutcome;
}

/** For each reason: where it holds, and the near miss where it must not. */
const REASON_CASES: Record<NonSiteReason, { positive: ReasonCase[]; negative: ReasonCase[] }> = {
  comment: {
    positive: [
      {
        name: 'a commented-out Python request',
        want: reason('comment'),
        run: () => outcome('jobs/rerun.py', lines('# requests.post("https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/")'), 1),
      },
      {
        name: 'a JS block comment',
        want: reason('comment'),
        run: () => outcome('src/a.ts', lines('/*', "fetch('https://cloud.getdbt.com/api/v2/accounts/5/runs/')", '*/'), 2),
      },
      {
        name: 'a Python docstring',
        want: reason('comment'),
        run: () =>
          outcome(
            'lib/client.py',
            lines('def rerun():', '    """Posts to https://cloud.getdbt.com/api/v2/accounts/{id}/runs/."""', '    return None'),
            2,
          ),
      },
      {
        name: 'a YAML comment',
        want: reason('comment'),
        run: () =>
          outcome('.gitlab-ci.yml', lines('job:', '  script:', '    # - curl https://cloud.getdbt.com/api/v2/accounts/5/runs/'), 3),
      },
      {
        name: 'a PowerShell <# #> help block',
        want: reason('comment'),
        run: () =>
          outcome(
            'ops/Start-Run.ps1',
            lines('<#', '  .EXAMPLE Start-Run posts to https://cloud.getdbt.com/api/v2/accounts/5/runs/', '#>'),
            2,
          ),
      },
    ],
    negative: [
      {
        name: 'a request with a trailing comment',
        want: UNACCOUNTED,
        run: () => outcome('jobs/rerun.py', lines('requests.post("https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/")  # nightly'), 1),
      },
      {
        name: 'a `#` inside a shell string is not a comment',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'ops/run.sh',
            lines('curl "https://cloud.getdbt.com/api/v2/accounts/5/runs/?x=#frag" -H "Authorization: Token $DBT_CLOUD_TOKEN"'),
            1,
          ),
      },
      {
        name: 'a PowerShell request after a closed help block',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'ops/Start-Run.ps1',
            lines('<# Starts a run #>', 'Invoke-RestMethod -Uri "https://cloud.getdbt.com/api/v2/accounts/5/runs/"'),
            2,
          ),
      },
      {
        name: 'a triple-quoted GraphQL query passed to a call is not a docstring',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'lib/q.py',
            lines('query = client.execute(', '    """{ job(id: 1) } -- see https://metadata.cloud.getdbt.com/graphql"""', ')'),
            2,
          ),
      },
    ],
  },
  documentation: {
    positive: [
      {
        name: 'a Markdown file',
        want: reason('documentation'),
        run: () =>
          outcome(
            'docs/howto.md',
            lines('curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/5/runs/'),
            1,
          ),
      },
      {
        name: 'a docs site URL in code',
        want: reason('documentation'),
        run: () => outcome('app/help.py', lines('HELP = "https://docs.getdbt.com/docs/dbt-cloud-apis/service-tokens"'), 1),
      },
    ],
    negative: [
      {
        name: 'an API URL in code',
        want: UNACCOUNTED,
        run: () => outcome('app/help.py', lines('RUNS = "https://cloud.getdbt.com/api/v2/accounts/5/runs/"'), 1),
      },
    ],
  },
  'notebook-output': {
    positive: [
      {
        name: 'a printed URL in a cell output',
        want: reason('notebook-output'),
        run: () => notebookOutcome(['x = 1'], ['see https://cloud.getdbt.com/api/v2/accounts/5/runs/1/'], 'see https://'),
      },
    ],
    negative: [
      {
        name: 'a request in a code cell',
        want: UNACCOUNTED,
        run: () => notebookOutcome(['requests.get("https://cloud.getdbt.com/api/v2/accounts/5/runs/")'], [], 'requests.get'),
      },
    ],
  },
  'dbt-artifact': {
    positive: [
      {
        name: 'a manifest',
        want: reason('dbt-artifact'),
        run: () => outcome('target/manifest.json', lines('{', '  "url": "https://cloud.getdbt.com/api/v2/accounts/5/runs/"', '}'), 2),
      },
    ],
    negative: [
      {
        name: 'an app config with the same line',
        want: UNACCOUNTED,
        run: () => outcome('config/app.json', lines('{', '  "url": "https://cloud.getdbt.com/api/v2/accounts/5/runs/"', '}'), 2),
      },
    ],
  },
  'scanner-config': {
    positive: [
      {
        name: 'a tokens: declaration',
        want: reason('scanner-config'),
        run: () => outcome('.dbt-token-scan.yml', lines('tokens:', '  DBT_CLOUD_API_KEY: service-token'), 2),
      },
    ],
    negative: [
      {
        name: 'the same line in another YAML file',
        want: UNACCOUNTED,
        run: () => outcome('deploy/values.yml', lines('tokens:', '  DBT_CLOUD_API_KEY: service-token'), 2),
      },
    ],
  },
  'dbt-core-profile': {
    positive: [
      {
        name: 'a warehouse token in profiles.yml',
        want: reason('dbt-core-profile'),
        run: () =>
          outcome('profiles.yml', lines('lakehouse:', '  outputs:', '    prod:', '      token: "{{ env_var(\'DBT_ACCESS_TOKEN\') }}"'), 4),
      },
    ],
    negative: [
      {
        name: 'a dbt_cloud.yml token',
        want: UNACCOUNTED,
        run: () => outcome('dbt_cloud.yml', lines('projects:', '  - token-value: "{{ env_var(\'DBT_CLOUD_TOKEN_X\') }}x"'), 2),
      },
    ],
  },
  'test-assertion': {
    positive: [
      {
        name: 'assert_called_once_with over lines',
        want: reason('test-assertion'),
        run: () =>
          outcome(
            'tests/test_rerun.py',
            lines(
              'mock_post.assert_called_once_with(',
              '    "https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/",',
              '    headers=ANY,',
              ')',
            ),
            2,
          ),
      },
      {
        name: 'responses.add',
        want: reason('test-assertion'),
        run: () =>
          outcome(
            'tests/test_rerun.py',
            lines('responses.add(responses.POST, "https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/", json={})'),
            1,
          ),
      },
      {
        name: 'a requests_mock Mocker bound by with',
        want: reason('test-assertion'),
        run: () =>
          outcome(
            'tests/test_rerun.py',
            lines('with requests_mock.Mocker() as m:', '    m.post("https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/", json={})'),
            2,
          ),
      },
      {
        name: 'nock',
        want: reason('test-assertion'),
        run: () =>
          outcome(
            'test/rerun.test.ts',
            lines("nock('https://cloud.getdbt.com').post('/api/v2/accounts/5/jobs/6/run/').reply(200, {});"),
            1,
          ),
      },
      {
        name: "WireMock's urlEqualTo",
        want: reason('test-assertion'),
        run: () =>
          outcome(
            'src/test/java/com/acme/RunTest.java',
            lines('stubFor(post(urlEqualTo("/api/v2/accounts/5/jobs/6/run/")).willReturn(okJson("{}")));'),
            1,
          ),
      },
      {
        name: 'toHaveBeenCalledWith',
        want: reason('test-assertion'),
        run: () =>
          outcome(
            'src/rerun.spec.ts',
            lines("expect(fetchSpy).toHaveBeenCalledWith('https://cloud.getdbt.com/api/v2/accounts/5/runs/', expect.anything());"),
            1,
          ),
      },
    ],
    negative: [
      {
        name: 'a real request in a test file',
        want: UNACCOUNTED,
        run: () =>
          outcome('tests/test_live.py', lines('requests.post("https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/", headers=H)'), 1),
      },
      {
        name: 'a bare assert outside tests',
        want: UNACCOUNTED,
        run: () => outcome('app/run.py', lines('assert requests.get("https://cloud.getdbt.com/api/v2/accounts/5/runs/").ok'), 1),
      },
    ],
  },
  'faked-http-test': {
    positive: [
      {
        name: 'a call in a test taking a mock fixture',
        want: reason('faked-http-test'),
        run: () =>
          outcome(
            'tests/test_runs.py',
            lines(
              'def test_run(respx_mock):',
              '    respx_mock.get(URL).mock(return_value=Response(200))',
              '    requests.get("https://cloud.getdbt.com/api/v2/accounts/5/runs/", headers={"Authorization": f"Token {os.environ[\'DBT_CLOUD_API_TOKEN\']}"})',
            ),
            3,
          ),
      },
      {
        name: 'a call in a test decorated to fake HTTP',
        want: reason('faked-http-test'),
        run: () =>
          outcome(
            'tests/test_runs.py',
            lines(
              '@responses.activate',
              'def test_run():',
              '    requests.get("https://cloud.getdbt.com/api/v2/accounts/5/runs/", headers=H)',
            ),
            3,
          ),
      },
    ],
    negative: [
      {
        name: 'a test that fakes nothing',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'tests/test_live.py',
            lines('def test_run():', '    requests.get("https://cloud.getdbt.com/api/v2/accounts/5/runs/", headers=H)'),
            2,
          ),
      },
      {
        name: 'a mock fixture outside tests',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'app/run.py',
            lines('def run(respx_mock):', '    requests.get("https://cloud.getdbt.com/api/v2/accounts/5/runs/", headers=H)'),
            2,
          ),
      },
    ],
  },
  'saved-block': {
    positive: [
      {
        name: 'a block saved through its variable',
        want: reason('saved-block'),
        run: () =>
          outcome(
            'setup/blocks.py',
            lines(
              'from prefect_dbt.cloud import DbtCloudCredentials',
              'creds = DbtCloudCredentials(account_id=5, api_key=os.environ["DBT_CLOUD_API_KEY"])',
              'creds.save("dbt-cloud", overwrite=True)',
            ),
            2,
          ),
      },
      {
        name: 'a block saved where it is built',
        want: reason('saved-block'),
        run: () =>
          outcome(
            'setup/blocks.py',
            lines(
              'from prefect_dbt.cloud import DbtCloudCredentials',
              'DbtCloudCredentials(',
              '    account_id=5,',
              '    api_key=os.environ["DBT_CLOUD_API_KEY"],',
              ').save("dbt-cloud")',
            ),
            4,
          ),
      },
    ],
    negative: [
      {
        name: 'a block that a flow uses',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'flows/run.py',
            lines(
              'from prefect_dbt.cloud import DbtCloudCredentials',
              'from prefect_dbt.cloud.jobs import trigger_dbt_cloud_job_run',
              'creds = DbtCloudCredentials(account_id=5, api_key=os.environ["DBT_CLOUD_API_KEY"])',
              'creds.save("dbt-cloud")',
              'trigger_dbt_cloud_job_run(dbt_cloud_credentials=creds, job_id=6)',
            ),
            3,
          ),
      },
    ],
  },
  'webhook-receiver': {
    positive: [
      {
        name: 'a webhook secret name',
        want: reason('webhook-receiver'),
        run: () => outcome('src/hooks.ts', lines('const secret = process.env.DBT_CLOUD_WEBHOOK_SECRET;'), 1),
      },
      {
        name: 'an HMAC check',
        want: reason('webhook-receiver'),
        run: () =>
          outcome(
            'app/hooks.py',
            lines('digest = hmac.new(os.environ["DBT_CLOUD_AUTH_TOKEN"].encode(), body, hashlib.sha256).hexdigest()'),
            1,
          ),
      },
    ],
    negative: [
      {
        name: 'an API token read',
        want: UNACCOUNTED,
        run: () => outcome('src/hooks.ts', lines('const secret = process.env.DBT_CLOUD_SERVICE_TOKEN;', 'use(secret);'), 1),
      },
    ],
  },
  'dbt-core-command': {
    positive: [
      {
        name: 'dbt run-operation with a dbt_cloud var',
        want: reason('dbt-core-command'),
        run: () => outcome('ci/build.sh', lines('dbt run-operation stage_external_sources --vars "{source: dbt_cloud_runs}"'), 1),
      },
    ],
    negative: [
      {
        name: 'the dbt Cloud CLI with a token',
        want: UNACCOUNTED,
        run: () => outcome('ci/build.sh', lines('dbt-cloud job run --job-id 42 --api-token "$DBT_CLOUD_SERVICE_TOKEN"'), 1),
      },
    ],
  },
  'warehouse-token': {
    positive: [
      {
        name: 'DBT_TOKEN next to Databricks',
        want: reason('warehouse-token'),
        run: () => outcome('.env', lines('DATABRICKS_HOST=adb-123.azuredatabricks.net', 'DBT_TOKEN=${WAREHOUSE_TOKEN}'), 2),
      },
    ],
    negative: [
      {
        name: 'DBT_TOKEN with no warehouse around',
        want: UNACCOUNTED,
        run: () => outcome('ops/env.sh', lines('export DBT_TOKEN="$(vault read -field=token secret/dbt)"'), 1),
      },
    ],
  },
  'import-or-dependency': {
    positive: [
      {
        name: 'a Python import',
        want: reason('import-or-dependency'),
        run: () => outcome('dags/x.py', lines('from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook'), 1),
      },
      {
        name: 'a require',
        want: reason('import-or-dependency'),
        run: () => outcome('src/x.js', lines("const { DbtCloudClient } = require('@acme/dbtcloud-sdk');"), 1),
      },
      {
        name: 'Terraform required_providers',
        want: reason('import-or-dependency'),
        run: () =>
          outcome(
            'infra/versions.tf',
            lines('terraform {', '  required_providers {', '    dbtcloud = {', '      source = "dbt-labs/dbtcloud"', '    }', '  }', '}'),
            4,
          ),
      },
    ],
    negative: [
      {
        name: 'a client built with a token',
        want: UNACCOUNTED,
        run: () => outcome('dags/x.py', lines('hook = DbtCloudHook(token=os.environ["DBT_CLOUD_TOKEN"])'), 1),
      },
    ],
  },
  'terraform-resource': {
    positive: [
      {
        name: 'a dbtcloud resource body',
        want: reason('terraform-resource'),
        run: () =>
          outcome(
            'infra/jobs.tf',
            lines('resource "dbtcloud_job" "nightly" {', '  environment_id = dbtcloud_environment.prod.environment_id', '}'),
            2,
          ),
      },
      {
        name: "another provider's resource named after the token",
        want: reason('terraform-resource'),
        run: () =>
          outcome(
            'infra/secrets.tf',
            lines('resource "vault_generic_secret" "dbt_cloud_token" {', '  path = "secret/dbt-cloud-token"', '}'),
            2,
          ),
      },
    ],
    negative: [
      {
        name: 'an http data source, which sends the request itself',
        want: UNACCOUNTED,
        run: () =>
          outcome('infra/runs.tf', lines('data "http" "runs" {', '  url = "https://cloud.getdbt.com/api/v2/accounts/5/runs/"', '}'), 2),
      },
    ],
  },
  'setting-declaration': {
    positive: [
      {
        name: "an action's input",
        want: reason('setting-declaration'),
        run: () =>
          outcome('action.yml', lines('name: rerun', 'inputs:', '  dbt-cloud-token:', '    required: true', 'runs:', '  using: node20'), 3),
      },
      {
        name: 'the Secret Manager secret a Cloud Build variable holds',
        want: reason('setting-declaration'),
        run: () =>
          outcome(
            'cloudbuild.yaml',
            lines(
              'steps: []',
              'availableSecrets:',
              '  secretManager:',
              '    - versionName: projects/p/secrets/dbt-cloud-token/versions/1',
              '      env: DBT_CLOUD_TOKEN',
            ),
            5,
          ),
      },
      {
        name: 'a JSON settings schema entry',
        want: reason('setting-declaration'),
        run: () => outcome('package.json', lines('{', '  "ext.dbtCloudApiToken": { "type": "string" }', '}'), 2),
      },
      {
        name: "a VS Code input a config's ${input:…} prompts for",
        want: reason('setting-declaration'),
        run: () =>
          outcome(
            'mcp.json',
            lines(
              '{',
              '  "inputs": [',
              '    {',
              '      "type": "promptString",',
              '      "id": "dbt-token",',
              '      "password": true',
              '    }',
              '  ]',
              '}',
            ),
            5,
          ),
      },
    ],
    negative: [
      {
        name: 'a Cloud Build step that writes its token in its own env',
        want: UNACCOUNTED,
        run: () => outcome('cloudbuild.yaml', lines('steps:', '  - name: python', '    env: ["DBT_CLOUD_TOKEN=x1y2z3"]'), 3),
      },
      {
        name: "an action's env entry",
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'action.yml',
            lines('runs:', '  using: composite', '  steps:', '    - run: ./rerun.sh', '      env:', '        DBT_CLOUD_TOKEN: x1y2z3'),
            6,
          ),
      },
    ],
  },
  'route-definition': {
    positive: [
      {
        name: 'a Spring route annotation',
        want: reason('route-definition'),
        run: () =>
          outcome(
            'src/main/java/com/acme/FakeApi.java',
            lines('@PostMapping(value = "/api/v2/accounts/{accountId}/jobs/{jobId}/run/")', 'public String trigger() { return "{}"; }'),
            1,
          ),
      },
      {
        name: 'an Express route',
        want: reason('route-definition'),
        run: () => outcome('server/routes.ts', lines("router.get('/api/v2/accounts/:accountId/runs/', listRuns);"), 1),
      },
    ],
    negative: [
      {
        name: 'a request to the same path through an unknown client',
        want: UNACCOUNTED,
        run: () => outcome('server/routes.ts', lines("const runs = await upstream.get('/api/v2/accounts/42/runs/');"), 1),
      },
    ],
  },
  'script-env': {
    positive: [
      {
        name: 'an env entry handed to a script',
        want: reason('script-env'),
        run: () => {
          const facts = emptyFacts();
          facts.scriptEnv = [{ script: 'ci/rerun.sh', name: 'DBT_CLOUD_TOKEN', credential: { source: 'secret', name: 'DBT_PAT' } }];
          return outcome(
            '.github/workflows/x.yml',
            lines(
              'jobs:',
              '  a:',
              '    steps:',
              '      - run: ./ci/rerun.sh',
              '        env:',
              '          DBT_CLOUD_TOKEN: ${{ secrets.DBT_PAT }}',
            ),
            6,
            facts,
          );
        },
      },
    ],
    negative: [
      {
        name: 'the same entry without a script taking it',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            '.github/workflows/x.yml',
            lines(
              'jobs:',
              '  a:',
              '    steps:',
              '      - run: ./ci/rerun.sh',
              '        env:',
              '          DBT_CLOUD_TOKEN: ${{ secrets.DBT_PAT }}',
            ),
            6,
            emptyFacts(),
          ),
      },
    ],
  },
  'other-step-secret': {
    positive: [
      {
        name: "a dbt project's GitHub token given to another repository's action",
        want: reason('other-step-secret'),
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  docs:',
              '    runs-on: ubuntu-latest',
              '    steps:',
              '      - uses: acme-bots/open-pull-request@v6',
              '        with:',
              '          title: Refresh docs',
              '          token: ${{ secrets.DBT_BOT_TOKEN }}',
            ),
            8,
            emptyFacts(),
          ),
      },
      {
        name: "a Bitbucket pipe's registry token",
        want: reason('other-step-secret'),
        run: () =>
          outcome(
            'bitbucket-pipelines.yml',
            lines(
              'pipelines:',
              '  default:',
              '    - step:',
              '        script:',
              '          - pipe: acme/publish-image:1.0.0',
              '            variables:',
              '              REGISTRY_TOKEN: $DBT_REGISTRY_TOKEN',
            ),
            7,
            emptyFacts(),
          ),
      },
    ],
    negative: [
      {
        name: 'a secret named for dbt Cloud given to an action, which the scan reports',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  run:',
              '    runs-on: ubuntu-latest',
              '    steps:',
              '      - uses: acme-data/refresh-models@v3',
              '        with:',
              '          token: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}',
            ),
            7,
            emptyFacts(),
          ),
      },
      {
        name: "the same name in a run step's env, not an action's input",
        want: UNACCOUNTED,
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  docs:',
              '    runs-on: ubuntu-latest',
              '    steps:',
              '      - run: ./publish.sh',
              '        env:',
              '          GH_TOKEN: ${{ secrets.DBT_BOT_TOKEN }}',
            ),
            7,
            emptyFacts(),
          ),
      },
    ],
  },
  'unconsumed-ci-env': {
    positive: [
      {
        name: 'a job env whose steps only install, print and run dbt Core',
        want: reason('unconsumed-ci-env'),
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  build:',
              '    runs-on: ubuntu-latest',
              '    env:',
              '      DBT_CLOUD_TOKEN: ${{ secrets.DBT_CLOUD_TOKEN }}',
              '    steps:',
              '      - uses: actions/checkout@v4',
              '      - run: pip install dbt-postgres',
              '      - run: |',
              '          echo "::add-mask::$DBT_CLOUD_TOKEN"',
              '          dbt build --target ci',
            ),
            5,
            emptyFacts(),
          ),
      },
      {
        name: "a step's own env beside a presence test",
        want: reason('unconsumed-ci-env'),
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  build:',
              '    steps:',
              '      - name: Build',
              '        env:',
              '          DBT_CLOUD_TOKEN: ${{ secrets.DBT_CLOUD_TOKEN }}',
              '        run: |',
              '          [ -n "$DBT_CLOUD_TOKEN" ] && dbt run',
            ),
            6,
            emptyFacts(),
          ),
      },
    ],
    negative: [
      {
        name: 'the same job with a step running a program',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  build:',
              '    env:',
              '      DBT_CLOUD_TOKEN: ${{ secrets.DBT_CLOUD_TOKEN }}',
              '    steps:',
              '      - run: pip install dbt-postgres',
              '      - run: python ci/notify_run.py',
            ),
            4,
            emptyFacts(),
          ),
      },
      {
        name: 'a token written to a file for a later step',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  build:',
              '    env:',
              '      DBT_CLOUD_TOKEN: ${{ secrets.DBT_CLOUD_TOKEN }}',
              '    steps:',
              '      - run: echo "TOKEN=$DBT_CLOUD_TOKEN" >> .env',
            ),
            4,
            emptyFacts(),
          ),
      },
      {
        name: 'an action given the entry through an input',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  build:',
              '    env:',
              '      DBT_CLOUD_TOKEN: ${{ secrets.DBT_CLOUD_TOKEN }}',
              '    steps:',
              '      - uses: acme/rerun-action@v1',
              '        with:',
              '          token: ${{ env.DBT_CLOUD_TOKEN }}',
            ),
            4,
            emptyFacts(),
          ),
      },
      {
        name: "a step's own env given to its action",
        want: UNACCOUNTED,
        run: () =>
          outcome(
            '.github/workflows/t.yml',
            lines(
              'jobs:',
              '  build:',
              '    steps:',
              '      - uses: acme/rerun-action@v1',
              '        env:',
              '          DBT_CLOUD_TOKEN: ${{ secrets.DBT_CLOUD_TOKEN }}',
            ),
            6,
            emptyFacts(),
          ),
      },
    ],
  },
  'feeds-fact': {
    positive: [
      {
        name: "a session's header set in place, which the session's request sends",
        want: reason('feeds-fact'),
        run: () =>
          outcome(
            'jobs/client.py',
            lines(
              'session = requests.Session()',
              'session.headers.update({"Authorization": f"Token {DBT_CLOUD_TOKEN}"})',
              'session.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")',
            ),
            2,
            callAt(3),
          ),
      },
      {
        name: "a URL built for a call of the file's own request helper",
        want: reason('feeds-fact'),
        run: () =>
          outcome(
            'jobs/client.py',
            lines(
              'class Client:',
              '    def __init__(self, account):',
              '        self.account_url = f"https://cloud.getdbt.com/api/v2/accounts/{account}"',
              '    def _request(self, url):',
              '        return requests.post(url, headers=HEADERS)',
              '    def trigger(self, job):',
              '        return self._request(f"{self.account_url}/jobs/{job}/run/")',
            ),
            3,
            callAt(5),
          ),
      },
      {
        name: 'a base URL a request uses',
        want: reason('feeds-fact'),
        run: () =>
          outcome(
            'ops/x.py',
            lines('DBT_BASE = "https://cloud.getdbt.com/api/v2/accounts/7"', 'requests.get(f"{DBT_BASE}/jobs/")'),
            1,
            callAt(2),
          ),
      },
      {
        name: 'a constant another file imports into a request',
        want: reason('feeds-fact'),
        run: () =>
          repoOutcome(
            [
              { path: 'etl/conf.py', text: lines('import os', 'DBT_CLOUD_TOKEN = os.environ["DBT_CLOUD_PERSONAL_TOKEN"]') },
              {
                path: 'etl/run.py',
                text: lines('from conf import DBT_CLOUD_TOKEN', 'requests.get(URL, headers={"Authorization": f"Token {DBT_CLOUD_TOKEN}"})'),
                facts: callAt(2),
              },
            ],
            'etl/conf.py',
            2,
          ),
      },
      {
        name: "a settings class's field another file reads through an imported object",
        want: reason('feeds-fact'),
        run: () =>
          repoOutcome(
            [
              { path: 'app/conf.py', text: lines('class Conf:', '    runs_url: str = "https://cloud.getdbt.com/api/v2/accounts/3/runs/"') },
              {
                path: 'app/poll.py',
                text: lines('from app.conf import Conf', 'def poll(cfg: Conf):', '    return requests.get(cfg.runs_url)'),
                facts: callAt(3),
              },
            ],
            'app/conf.py',
            2,
          ),
      },
      {
        name: 'the body of a function another file imports and uses for a fact',
        want: reason('feeds-fact'),
        run: () =>
          repoOutcome(
            [
              {
                path: 'ops/api.py',
                text: lines('def api_settings():', '    return {"url": "https://cloud.getdbt.com/api/v2/accounts/3/"}'),
              },
              {
                path: 'ops/jobs.py',
                text: lines('from api import api_settings', 'settings = api_settings()', 'requests.get(settings["url"] + "jobs/")'),
                facts: callAt(3),
              },
            ],
            'ops/api.py',
            2,
          ),
      },
      {
        name: 'a Terraform variable the provider block uses',
        want: reason('feeds-fact'),
        run: () =>
          repoOutcome(
            [
              { path: 'tf/variables.tf', text: lines('variable "dbt_cloud_token" {', '  sensitive = true', '}') },
              { path: 'tf/main.tf', text: lines('provider "dbtcloud" {', '  token = var.dbt_cloud_token', '}'), facts: callAt(1, 3) },
            ],
            'tf/variables.tf',
            1,
          ),
      },
    ],
    negative: [
      {
        name: 'the body of an imported function no fact uses',
        want: UNACCOUNTED,
        run: () =>
          repoOutcome(
            [
              {
                path: 'ops/api.py',
                text: lines('def api_settings():', '    return {"url": "https://cloud.getdbt.com/api/v2/accounts/3/"}'),
              },
              {
                path: 'ops/jobs.py',
                text: lines('from api import api_settings', 'print(api_settings())', 'requests.get(OTHER_URL + "jobs/")'),
                facts: callAt(3),
              },
            ],
            'ops/api.py',
            2,
          ),
      },
      {
        name: "another function's URL of the same name",
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'ops/x.py',
            lines(
              'def a():',
              '    url = "https://cloud.getdbt.com/api/v2/accounts/7/jobs/"',
              '    requests.get(url)',
              'def b():',
              '    url = "https://cloud.getdbt.com/api/v2/accounts/7/runs/"',
              '    requests.get(url)',
            ),
            5,
            callAt(3),
          ),
      },
      {
        name: 'the same field when the fact reads another attribute',
        want: UNACCOUNTED,
        run: () =>
          repoOutcome(
            [
              { path: 'app/conf.py', text: lines('class Conf:', '    runs_url: str = "https://cloud.getdbt.com/api/v2/accounts/3/runs/"') },
              {
                path: 'app/poll.py',
                text: lines('from app.conf import Conf', 'def poll(cfg: Conf):', '    return requests.get(cfg.jobs_url)'),
                facts: callAt(3),
              },
            ],
            'app/conf.py',
            2,
          ),
      },
      {
        name: 'a YAML key written twice is not a use',
        want: UNACCOUNTED,
        run: () => outcome('deploy/conns.yml', lines('- conn_password: "x1"', '- conn_password: dbt-cloud-token-pending'), 2, callAt(1)),
      },
    ],
  },
  'passed-to-fact': {
    positive: [
      {
        name: 'a token passed to a function holding a request',
        want: reason('passed-to-fact'),
        run: () =>
          outcome(
            'ops/x.py',
            lines(
              'def trigger(token):',
              '    requests.post(URL, headers={"Authorization": f"Token {token}"})',
              '',
              'trigger(os.environ["DBT_CLOUD_TOKEN"])',
            ),
            4,
            callAt(2),
          ),
      },
    ],
    negative: [
      {
        name: 'the same call when the function holds no call site',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'ops/x.py',
            lines(
              'def trigger(token):',
              '    requests.post(URL, headers={"Authorization": f"Token {token}"})',
              '',
              'trigger(os.environ["DBT_CLOUD_TOKEN"])',
            ),
            4,
            emptyFacts(),
          ),
      },
    ],
  },
  'loaded-settings': {
    positive: [
      {
        name: 'a settings file a script with a call site opens by name',
        want: reason('loaded-settings'),
        run: () =>
          repoOutcome(
            [
              { path: 'jobs/settings.yaml', text: lines('dbt:', '  service_token: ${DBT_CLOUD_SERVICE_TOKEN}') },
              {
                path: 'jobs/run.py',
                text: lines(
                  'S = yaml.safe_load(open("settings.yaml"))["dbt"]',
                  'requests.post(URL, headers={"Authorization": f"Token {S[\'service_token\']}"})',
                ),
                facts: callAt(2),
              },
            ],
            'jobs/settings.yaml',
            2,
          ),
      },
    ],
    negative: [
      {
        name: 'the same file named only by a script with no call site',
        want: UNACCOUNTED,
        run: () =>
          repoOutcome(
            [
              { path: 'jobs/settings.yaml', text: lines('dbt:', '  service_token: ${DBT_CLOUD_SERVICE_TOKEN}') },
              {
                path: 'jobs/show.py',
                text: lines('S = yaml.safe_load(open("settings.yaml"))["dbt"]', 'print(sorted(S))'),
                facts: emptyFacts(),
              },
            ],
            'jobs/settings.yaml',
            2,
          ),
      },
      {
        name: 'a settings file no file names',
        want: UNACCOUNTED,
        run: () =>
          repoOutcome(
            [
              { path: 'jobs/settings.yaml', text: lines('dbt:', '  service_token: ${DBT_CLOUD_SERVICE_TOKEN}') },
              { path: 'jobs/run.py', text: lines('requests.post(URL, headers=H)'), facts: callAt(1) },
            ],
            'jobs/settings.yaml',
            2,
          ),
      },
    ],
  },
  'other-service-request': {
    positive: [
      {
        name: 'a dbt-named token sent to GitHub',
        want: reason('other-service-request'),
        run: () =>
          outcome(
            'ops/notes.py',
            lines(
              'GH = "https://api.github.com"',
              'DBT_TOKEN = os.environ["GH_TOKEN"]',
              'requests.get(f"{GH}/user", headers={"Authorization": f"token {DBT_TOKEN}"})',
            ),
            2,
          ),
      },
    ],
    negative: [
      {
        name: 'the same sent to dbt Cloud',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'ops/notes.py',
            lines(
              'GH = "https://cloud.getdbt.com"',
              'DBT_TOKEN = os.environ["GH_TOKEN"]',
              'requests.get(f"{GH}/api/v2/accounts/", headers={"Authorization": f"token {DBT_TOKEN}"})',
            ),
            2,
          ),
      },
    ],
  },
  'non-dbt-base': {
    positive: [
      {
        name: "a framework test client's request to the app under test",
        want: reason('non-dbt-base'),
        run: () =>
          outcome('tests/test_api.py', lines('def test_run():', '    r = TestClient(app).post("/api/v2/accounts/1/jobs/2/run/")'), 2),
      },
      {
        name: 'a same-origin fetch',
        want: reason('non-dbt-base'),
        run: () => outcome('web/jobs.ts', lines('const res = await fetch(`/api/v2/accounts/${id}/jobs/`);'), 1),
      },
      {
        name: 'a client with a non-dbt base',
        want: reason('non-dbt-base'),
        run: () =>
          outcome(
            'web/bill.ts',
            lines('const billing = axios.create({ baseURL: process.env.BILLING_URL });', "billing.get('/api/v2/accounts/9/invoices');"),
            2,
          ),
      },
    ],
    negative: [
      {
        name: 'a fetch on a dbt Cloud base variable',
        want: UNACCOUNTED,
        run: () => outcome('web/jobs.ts', lines('const res = await fetch(`${DBT_CLOUD_URL}/api/v2/accounts/${id}/jobs/`);'), 1),
      },
      {
        name: 'a client with a dbt Cloud base',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'web/bill.ts',
            lines('const api = axios.create({ baseURL: process.env.DBT_CLOUD_URL });', "api.get('/api/v2/accounts/9/jobs/');"),
            2,
          ),
      },
    ],
  },
  'unattributed-api-path': {
    positive: [
      {
        name: 'a path on a parameter host sent no token',
        want: reason('unattributed-api-path'),
        run: () => outcome('web/public.ts', lines('export const jobs = (base, id) => fetch(`${base}/api/v2/accounts/${id}/jobs/`);'), 1),
      },
      {
        name: 'an account itself, with a token',
        want: reason('unattributed-api-path'),
        run: () =>
          outcome(
            'web/account.ts',
            lines(
              'export const account = (base, id, t) =>',
              '  fetch(`${base}/api/v2/accounts/${id}/`, { headers: { Authorization: t } });',
            ),
            2,
          ),
      },
    ],
    negative: [
      {
        name: "an account's jobs, with a token",
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'web/jobs.ts',
            lines(
              'export const jobs = (base, id, t) =>',
              '  fetch(`${base}/api/v2/accounts/${id}/jobs/`, { headers: { Authorization: t } });',
            ),
            2,
          ),
      },
      {
        name: 'the same path in a module that says dbt',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'web/dbt-jobs.ts',
            lines('// dbt Cloud jobs', 'export const jobs = (base, id) => fetch(`${base}/api/v2/accounts/${id}/jobs/`);'),
            2,
          ),
      },
      {
        name: 'the same path in Python',
        want: UNACCOUNTED,
        run: () => outcome('jobs.py', lines('def jobs(base, i):', '    return requests.get(f"{base}/api/v2/accounts/{i}/jobs/")'), 2),
      },
    ],
  },
  'presence-check': {
    positive: [
      {
        name: 'a shell ${X:?} check',
        want: reason('presence-check'),
        run: () => outcome('ci/run.sh', lines(': "${DBT_CLOUD_TOKEN:?set DBT_CLOUD_TOKEN first}"'), 1),
      },
    ],
    negative: [
      {
        name: 'the same expansion inside a request',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'ci/run.sh',
            lines('curl -H "Authorization: Token ${DBT_CLOUD_TOKEN:?}" https://cloud.getdbt.com/api/v2/accounts/5/runs/'),
            1,
          ),
      },
    ],
  },
  'address-list': {
    positive: [
      {
        name: 'an inventory of API addresses',
        want: reason('address-list'),
        run: () =>
          outcome(
            'catalog/vendors.yml',
            lines('vendors:', '  - name: dbt Cloud', '    admin: https://cloud.getdbt.com/api/v2/accounts/', '  - name: other'),
            3,
          ),
      },
    ],
    negative: [
      {
        name: 'a YAML file that also names a dbt Cloud token',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'deploy/values.yml',
            lines('env:', '  DBT_CLOUD_URL: https://cloud.getdbt.com/api/v2/accounts/', '  DBT_CLOUD_TOKEN: ${TOKEN}'),
            2,
          ),
      },
    ],
  },
  'message-text': {
    positive: [
      {
        name: 'a printed message',
        want: reason('message-text'),
        run: () => outcome('ops/x.py', lines('print("DBT_CLOUD_TOKEN is missing; export it first")'), 1),
      },
      {
        name: "a wrapper's log method",
        want: reason('message-text'),
        run: () => outcome('ops/x.py', lines('http.log("POST", f"https://cloud.getdbt.com/api/v2/accounts/{acct}/jobs/{job}/run/")'), 1),
      },
      {
        name: 'a printed heredoc',
        want: reason('message-text'),
        run: () =>
          outcome(
            'ops/help.sh',
            lines(
              'cat <<EOF',
              'Run: curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/5/runs/',
              'EOF',
            ),
            2,
          ),
      },
    ],
    negative: [
      {
        name: 'a request printed',
        want: UNACCOUNTED,
        run: () => outcome('ops/x.py', lines('print(requests.get("https://cloud.getdbt.com/api/v2/accounts/5/runs/").json())'), 1),
      },
      {
        name: "a wrapper's method whose name only ends in log",
        want: UNACCOUNTED,
        run: () =>
          outcome('ops/x.py', lines('http.catalog("POST", f"https://cloud.getdbt.com/api/v2/accounts/{acct}/jobs/{job}/run/")'), 1),
      },
      {
        name: 'a heredoc sent as a request body',
        want: UNACCOUNTED,
        run: () =>
          outcome(
            'ops/post.sh',
            lines(
              'curl -d @- https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/ <<EOF',
              '{"cause": "by $DBT_CLOUD_TOKEN owner"}',
              'EOF',
            ),
            2,
          ),
      },
    ],
  },
  'unused-token-variable': {
    positive: [
      {
        name: 'a token read and used only in comments',
        want: reason('unused-token-variable'),
        run: () =>
          repoOutcome(
            [
              {
                path: 'ops/old.py',
                text: lines(
                  'DBT_CLOUD_TOKEN = os.getenv("DBT_CLOUD_TOKEN")',
                  '# requests.get(URL, headers={"Authorization": DBT_CLOUD_TOKEN})',
                ),
              },
            ],
            'ops/old.py',
            1,
          ),
      },
    ],
    negative: [
      {
        name: 'a token another line uses',
        want: UNACCOUNTED,
        run: () =>
          repoOutcome(
            [{ path: 'ops/old.py', text: lines('DBT_CLOUD_TOKEN = os.getenv("DBT_CLOUD_TOKEN")', 'send(DBT_CLOUD_TOKEN)') }],
            'ops/old.py',
            1,
          ),
      },
      {
        name: 'a token another file uses',
        want: UNACCOUNTED,
        run: () =>
          repoOutcome(
            [
              { path: 'ops/conf.py', text: lines('DBT_CLOUD_TOKEN = os.getenv("DBT_CLOUD_TOKEN")') },
              { path: 'ops/use.py', text: lines('from conf import DBT_CLOUD_TOKEN', 'send(DBT_CLOUD_TOKEN)') },
            ],
            'ops/conf.py',
            1,
          ),
      },
    ],
  },
  'placeholder-value': {
    positive: [
      {
        name: 'a template value',
        want: reason('placeholder-value'),
        run: () => outcome('.env.example', lines('DBT_CLOUD_TOKEN=<paste your token>'), 1),
      },
    ],
    negative: [
      { name: 'a real-looking value', want: UNACCOUNTED, run: () => outcome('ops/.env', lines('DBT_CLOUD_TOKEN=abc123realvalue456'), 1) },
    ],
  },
  'not-token-shaped': {
    positive: [
      {
        name: 'a prefix check',
        want: reason('not-token-shaped'),
        run: () => outcome('src/kind.ts', lines("export const isPat = (t: string) => t.startsWith('dbtu_');"), 1),
      },
    ],
    negative: [
      {
        name: 'a complete token',
        want: { status: 'fact', fact: 'committed-literal' },
        run: () => outcome('src/kind.ts', lines(`export const T = '${FAKE_SERVICE_TOKEN}';`), 1),
      },
    ],
  },
  'not-a-dbt-cloud-api-url': {
    positive: [
      {
        name: 'a UI link',
        want: reason('not-a-dbt-cloud-api-url'),
        run: () => outcome('ops/x.py', lines('JOB_LINK = "https://cloud.getdbt.com/deploy/1/projects/2/jobs/3"'), 1),
      },
      {
        name: 'an accounts path on another host',
        want: reason('not-a-dbt-cloud-api-url'),
        run: () => outcome('ops/x.py', lines('BILLING = "https://billing.example.com/api/v2/accounts/"'), 1),
      },
      {
        name: 'a resource no dbt Cloud endpoint has, on a host read from elsewhere',
        want: reason('not-a-dbt-cloud-api-url'),
        run: () => outcome('ops/Feed.kt', lines('val uri = URI.create("$host/api/v2/accounts/$uid/balance")'), 1),
      },
    ],
    negative: [
      {
        name: 'an API URL',
        want: UNACCOUNTED,
        run: () => outcome('ops/x.py', lines('JOB_API = "https://cloud.getdbt.com/api/v2/accounts/1/jobs/3/"'), 1),
      },
      {
        name: "an account's jobs on a host read from elsewhere",
        want: UNACCOUNTED,
        run: () => outcome('ops/Jobs.kt', lines('val uri = URI.create("$host/api/v2/accounts/$id/jobs/")'), 1),
      },
    ],
  },
  'not-a-token-name': {
    positive: [
      {
        name: 'an account id',
        want: reason('not-a-token-name'),
        run: () => outcome('deploy/.env', lines('DBT_CLOUD_ACCOUNT_ID=43786'), 1),
      },
    ],
    negative: [
      { name: 'a token name', want: UNACCOUNTED, run: () => outcome('deploy/.env', lines('DBT_CLOUD_API_KEY=abcdef0123456789abcdef'), 1) },
    ],
  },
};

/** A one-cell notebook, and the audit's outcome for its first line holding `needle`. */
function notebookOutcome(code: string[], output: string[], needle: string): LineOutcome | undefined {
  const cell = {
    cell_type: 'code',
    execution_count: 1,
    metadata: {},
    source: code.map((c) => `${c}\n`),
    outputs: output.length > 0 ? [{ name: 'stdout', output_type: 'stream', text: output.map((o) => `${o}\n`) }] : [],
  };
  const text = `${JSON.stringify({ cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
  return outcome('nb/runs.ipynb', text, text.split('\n').findIndex((l) => l.includes(needle)) + 1);
}

describe('non-site reasons', () => {
  it('every reason has positive and negative cases', () => {
    for (const r of NON_SITE_REASONS) {
      expect(REASON_CASES[r].positive.length, r).toBeGreaterThan(0);
      expect(REASON_CASES[r].negative.length, r).toBeGreaterThan(0);
    }
  });
  for (const r of NON_SITE_REASONS) {
    describe(r, () => {
      for (const c of REASON_CASES[r].positive) it(`holds: ${c.name}`, () => expect(c.run()).toEqual(c.want));
      for (const c of REASON_CASES[r].negative) {
        it(`not: ${c.name}`, () => {
          const got = c.run();
          expect(got).toEqual(c.want);
          expect(got).not.toEqual(reason(r));
        });
      }
    });
  }
});

describe('facts', () => {
  it('a line continuing a fact statement is the fact', () => {
    const text = lines(
      'requests.post(',
      '    "https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/",',
      '    headers={"Authorization": f"Token {os.environ[\'DBT_CLOUD_TOKEN\']}"},',
      ')',
    );
    expect(outcome('ops/x.py', text, 2, callAt(1))).toEqual({ status: 'fact', fact: 'call-site', statement: true });
    expect(outcome('ops/x.py', text, 3, callAt(1))).toEqual({ status: 'fact', fact: 'call-site', statement: true });
  });
  it('a folded YAML scalar continues its first line', () => {
    const text = lines(
      'job:',
      '  script:',
      '    - >',
      '      curl -X POST',
      '      -H "Authorization: Token $DBT_CLOUD_TOKEN"',
      '      https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/',
    );
    expect(outcome('.gitlab-ci.yml', text, 6, callAt(4))).toEqual({ status: 'fact', fact: 'call-site', statement: true });
  });
  it('a statement does not run past its brackets', () => {
    const text = lines('requests.post(URL, headers=H)', 'OTHER = "https://cloud.getdbt.com/api/v2/accounts/5/runs/"');
    expect(outcome('ops/x.py', text, 2, callAt(1))).toEqual(UNACCOUNTED);
  });
  it('a credential site and a definition count', () => {
    const facts = emptyFacts();
    facts.credentialSites.push({ span: { line: 1, column: 1 }, credential: { source: 'literal', name: 'DBT_CLOUD_TOKEN' } });
    facts.definitions.push({
      ref: { kind: 'airflow-connection', id: 'dbt' },
      span: { line: 2, column: 1 },
      credential: { source: 'literal' },
    });
    const text = lines('DBT_CLOUD_TOKEN=x', 'AIRFLOW_CONN_DBT=dbt-cloud://1:x@cloud.getdbt.com');
    expect(outcome('.env', text, 1, facts)).toEqual({ status: 'fact', fact: 'credential-site' });
    expect(outcome('.env', text, 2, facts)).toEqual({ status: 'fact', fact: 'definition' });
  });
});

describe('keyword mentions', () => {
  it('finds what the baseline grep finds, and token names beyond it', () => {
    const kinds = (t: string) => findMentions(t).map((m) => m.kind);
    expect(kinds('x = "https://emea.dbt.com/api/v2/accounts/1/"')).toEqual(['host', 'api-path']);
    expect(kinds('POST /api/ai/v1/mcp/')).toEqual(['api-path']);
    expect(kinds('t = "dbtc_abc"')).toEqual(['token-prefix']);
    expect(kinds('export DBT_TOKEN=1')).toEqual(['token-name']);
    expect(kinds('dbt-cloud-token: ${{ secrets.X }}')).toEqual(['token-name']);
    expect(kinds('class DbtCloudHook:')).toEqual(['dbt-cloud-name']);
  });
  it('does not take dbt Core words for keywords', () => {
    expect(findMentions('pip install dbt-core dbt-databricks')).toEqual([]);
    expect(findMentions('DBT_PROFILES_DIR=. dbt build')).toEqual([]);
    expect(findMentions('password: "{{ env_var(\'DBT_ENV_SECRET_PASSWORD\') }}"')).toEqual([]);
  });
  it('never returns line text that could hold a token, only kinds', () => {
    const [line] = auditKeywordLines({ path: 'a.py', text: `T = "${FAKE_SERVICE_TOKEN}"\n` });
    expect(JSON.stringify(line)).not.toContain(FAKE_SERVICE_TOKEN);
  });
});
