import { quoteFillIns } from '../../src/adapters/python/parser.js';
import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const py = (text: string, path = 'scripts/job.py', others: Record<string, string> = {}) => extractWith('python', path, text, others);
const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('python adapter: HTTP libraries', () => {
  it('finds requests.post with an f-string URL, a header constant and an env token', async () => {
    const facts = await py(
      lines(
        'import os',
        'import requests',
        '',
        'BASE = "https://cloud.getdbt.com/api/v2"',
        'TOKEN = os.environ["DBT_CLOUD_SERVICE_TOKEN"]',
        'HEADERS = {"Authorization": f"Token {TOKEN}"}',
        '',
        'def trigger(account_id, job_id):',
        '    return requests.post(f"{BASE}/accounts/{account_id}/jobs/{job_id}/run/", headers=HEADERS)',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    const [site] = facts.callSites;
    expect(site).toMatchObject({
      kind: 'http',
      client: 'requests',
      span: { line: 9, column: 12 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{account_id}/jobs/{job_id}/run/', method: 'POST' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 5, column: 9 } },
    });
    expect(site!.accountIds).toBeUndefined();
    expect(facts.role).toBeUndefined();
  });

  it('resolves parameters from same-file calls, %-formatting and .format', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'def run(account, token):',
        '    url = "https://emea.dbt.com/api/v2/accounts/%s/jobs/" % account',
        '    requests.get(url, headers={"Authorization": "Bearer " + token})',
        '    requests.get("{}/api/v3/accounts/{acct}/projects/".format("https://cloud.getdbt.com", acct=account), headers={"Authorization": "Token " + token})',
        'run(4242, os.getenv("DBT_API_KEY"))',
      ),
    );
    expect(facts.callSites.map((c) => [c.endpoint?.host, c.endpoint?.path, c.credential?.name, c.accountIds])).toEqual([
      ['emea.dbt.com', '/api/v2/accounts/4242/jobs/', 'DBT_API_KEY', ['4242']],
      ['cloud.getdbt.com', '/api/v3/accounts/4242/projects/', 'DBT_API_KEY', ['4242']],
    ]);
  });

  it('reads requests.Session headers set later with update() and item assignment', async () => {
    const facts = await py(
      lines(
        'import os',
        'import requests',
        's = requests.Session()',
        's.headers.update({"Accept": "application/json", "Authorization": f"Token {os.environ[\'DBT_CLOUD_PAT\']}"})',
        'other = requests.Session()',
        'other.headers["Authorization"] = "Bearer " + os.environ["DBT_CLOUD_SERVICE_TOKEN"]',
        's.get("https://cloud.getdbt.com/api/v2/accounts/1/runs/")',
        'other.post("https://cloud.getdbt.com/api/v2/accounts/2/jobs/3/run/")',
        'with requests.Session() as third:',
        '    third.auth = ("user", os.environ["DBT_TOKEN_FOR_BASIC"])',
        '    third.delete("https://cloud.getdbt.com/api/v2/accounts/2/jobs/3/")',
      ),
    );
    expect(facts.callSites.map((c) => [c.client, c.endpoint?.method, c.credential?.name])).toEqual([
      ['requests.Session', 'GET', 'DBT_CLOUD_PAT'],
      ['requests.Session', 'POST', 'DBT_CLOUD_SERVICE_TOKEN'],
      ['requests.Session', 'DELETE', 'DBT_TOKEN_FOR_BASIC'],
    ]);
  });

  it('joins httpx and aiohttp base_url with relative paths', async () => {
    const facts = await py(
      lines(
        'import os, httpx, aiohttp',
        'from airflow.models import Variable',
        'client = httpx.Client(base_url=f"https://{os.environ[\'DBT_CLOUD_HOST\']}/api/v2/", headers={"Authorization": f"Bearer {os.environ[\'DBT_CLOUD_TOKEN\']}"})',
        'client.get("/accounts/7/runs/")',
        'async def main():',
        '    async with aiohttp.ClientSession(base_url="https://cloud.getdbt.com", headers={"Authorization": "Token " + Variable.get("dbt_token")}) as session:',
        '        async with session.post("/api/v2/accounts/7/jobs/9/run/") as resp:',
        '            return await resp.json()',
      ),
    );
    expect(facts.callSites).toHaveLength(2);
    expect(facts.callSites[0]).toMatchObject({
      client: 'httpx.Client',
      endpoint: { host: '{DBT_CLOUD_HOST}', path: '/api/v2/accounts/7/runs/' },
      credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' },
    });
    expect(facts.callSites[1]).toMatchObject({
      client: 'aiohttp.ClientSession',
      span: { line: 7, column: 20 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/7/jobs/9/run/', method: 'POST' },
      credential: { source: 'variable', name: 'dbt_token' },
    });
    expect(facts.role).toBe('orchestrator');
  });

  it('reports urllib Request (with add_header) once, and urllib3 requests', async () => {
    const facts = await py(
      lines(
        'import json, urllib.request, urllib3',
        `req = urllib.request.Request("https://cloud.getdbt.com/api/v2/accounts/5/jobs/", method="GET")`,
        `req.add_header("Authorization", "Token ${SVC}")`,
        'with urllib.request.urlopen(req) as r:',
        '    jobs = json.load(r)',
        'http = urllib3.PoolManager()',
        'http.request("GET", "https://metadata.cloud.getdbt.com/graphql", headers={"Authorization": "Bearer " + DBT_TOKEN})',
      ),
    );
    expect(facts.callSites).toHaveLength(2);
    expect(facts.callSites[0]).toMatchObject({
      client: 'urllib',
      span: { line: 2, column: 7 },
      endpoint: { path: '/api/v2/accounts/5/jobs/', method: 'GET' },
      credential: { source: 'literal', value: SVC, span: { line: 3, column: 40 } },
    });
    expect(facts.callSites[1]).toMatchObject({
      client: 'urllib3.PoolManager',
      endpoint: { host: 'metadata.cloud.getdbt.com', path: '/graphql' },
      credential: { source: 'unknown', name: 'DBT_TOKEN' },
    });
  });

  it('reads GraphQL transports and http.client connections', async () => {
    const facts = await py(
      lines(
        'import os, http.client',
        'from gql.transport.requests import RequestsHTTPTransport',
        't = RequestsHTTPTransport(url="https://metadata.cloud.getdbt.com/graphql", headers={"Authorization": f"Bearer {os.environ[\'DBT_METADATA_TOKEN\']}"})',
        'conn = http.client.HTTPSConnection("emea.dbt.com")',
        'conn.request("GET", "/api/v2/accounts/5/runs/", headers={"Authorization": "Token " + os.environ["DBT_CLOUD_TOKEN"]})',
      ),
    );
    expect(facts.callSites.map((c) => [c.client, c.endpoint?.host, c.endpoint?.path, c.credential?.name])).toEqual([
      ['gql', 'metadata.cloud.getdbt.com', '/graphql', 'DBT_METADATA_TOKEN'],
      ['http.client.Connection', 'emea.dbt.com', '/api/v2/accounts/5/runs/', 'DBT_CLOUD_TOKEN'],
    ]);
  });

  it('follows dict updates, ** splats, auth objects and loop variables', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'from requests.auth import HTTPBasicAuth',
        'headers = {"Accept": "application/json"}',
        'headers["Authorization"] = "Token " + os.environ["DBT_A"]',
        'url = os.environ["DBT_CLOUD_URL"].rstrip("/")',
        'url += "/api/v2/accounts/"',
        'requests.get(url, headers={**headers, "X-Trace": "1"})',
        'requests.get("https://cloud.getdbt.com/api/v2/accounts/2/", auth=HTTPBasicAuth("me", os.environ["DBT_B"]))',
        'kwargs = {"url": "https://cloud.getdbt.com/api/v2/accounts/3/", "headers": {"Authorization": "Bearer " + os.environ["DBT_C"]}}',
        'requests.request("PATCH", **kwargs)',
        'for acct in [8, 9]:',
        '    requests.get(f"https://cloud.getdbt.com/api/v2/accounts/{acct}/", headers={"Authorization": "Token %s" % os.getenv("DBT_D")})',
      ),
    );
    expect(facts.callSites.map((c) => [c.endpoint?.url, c.endpoint?.method, c.credential?.name])).toEqual([
      ['{DBT_CLOUD_URL}/api/v2/accounts/', 'GET', 'DBT_A'],
      ['https://cloud.getdbt.com/api/v2/accounts/2/', 'GET', 'DBT_B'],
      ['https://cloud.getdbt.com/api/v2/accounts/3/', 'PATCH', 'DBT_C'],
      ['https://cloud.getdbt.com/api/v2/accounts/{acct}/', 'GET', 'DBT_D'],
    ]);
  });

  it('uses a function that returns the headers', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'def _headers():',
        '    return {"Authorization": "Token {}".format(os.environ["DBT_CLOUD_API_TOKEN"])}',
        'requests.get("https://cloud.getdbt.com/api/v3/accounts/", headers=_headers())',
      ),
    );
    expect(facts.callSites[0]?.credential).toMatchObject({ source: 'env', name: 'DBT_CLOUD_API_TOKEN' });
  });

  it('follows self attributes set in __init__ and constructor arguments', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'class Api:',
        '    def __init__(self, account_id, token):',
        '        self.base = f"https://cloud.getdbt.com/api/v2/accounts/{account_id}"',
        '        self.session = requests.Session()',
        '        self.session.headers["Authorization"] = f"Token {token}"',
        '    def runs(self):',
        '        return self.session.get(f"{self.base}/runs/")',
        'api = Api(31337, os.environ["DBT_CLOUD_PAT"])',
      ),
    );
    expect(facts.callSites[0]).toMatchObject({
      endpoint: { path: '/api/v2/accounts/31337/runs/' },
      credential: { source: 'env', name: 'DBT_CLOUD_PAT' },
      accountIds: ['31337'],
    });
  });

  it('accepts cell-based hosts with a placeholder account prefix', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'PREFIX = os.environ["DBT_ACCOUNT_PREFIX"]',
        'requests.get(f"https://{PREFIX}.us1.dbt.com/api/v2/accounts/12/runs/")',
        'requests.post(f"https://{PREFIX}.metadata.us1.dbt.com/graphql", json={})',
      ),
    );
    expect(facts.callSites.map((c) => [c.endpoint?.host, c.endpoint?.path])).toEqual([
      ['{DBT_ACCOUNT_PREFIX}.us1.dbt.com', '/api/v2/accounts/12/runs/'],
      ['{DBT_ACCOUNT_PREFIX}.metadata.us1.dbt.com', '/graphql'],
    ]);
  });

  it('counts a request on an unknown client only when the URL is a dbt Cloud API URL', async () => {
    const facts = await py(
      lines(
        'def sync(client, token):',
        '    client.get("https://cloud.getdbt.com/api/v2/accounts/3/runs/", headers={"Authorization": f"Token {token}"})',
        '    client.get("https://example.com/api/v2/things")',
        '    client.get("https://cloud.getdbt.com/deploy/1/projects/2/jobs/3")',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({ credential: { source: 'unknown', name: 'token' } });
  });

  it('reads an Admin API path written relative to a base address, without its leading slash', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'session = requests.Session()',
        'session.headers["Authorization"] = f"Token {os.environ[\'DBT_CLOUD_SERVICE_TOKEN\']}"',
        'def trigger(a, j):',
        '    return session.post(f"api/v2/accounts/{a}/jobs/{j}/run/", json={"cause": "api"})',
        'def other():',
        '    return session.get("api/v2/things/")',
      ),
    );
    expect(facts.callSites.map((c) => [c.span.line, c.endpoint?.path])).toEqual([[5, '/api/v2/accounts/{a}/jobs/{j}/run/']]);
  });

  it('reads the Discovery host built on a dbt-named host, and only a dbt-named one', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'class MetadataQuery:',
        '    def __init__(self, query):',
        '        self.dbt_cloud_host = os.getenv("DBT_CLOUD_HOST", "cloud.getdbt.com")',
        '        self.api_token = os.environ["DBT_CLOUD_API_TOKEN"]',
        '        self.query = query',
        '    @property',
        '    def api_url(self):',
        '        return f"https://metadata.{self.dbt_cloud_host}/graphql"',
        '    def execute(self):',
        '        return requests.post(url=self.api_url, headers={"Authorization": f"Bearer {self.api_token}"}, json={"query": self.query})',
        'def search(host, q):',
        '    return requests.post(f"https://metadata.{host}/graphql", json={"query": q})',
      ),
    );
    expect(facts.callSites.map((c) => [c.span.line, c.endpoint?.path, c.credential?.name])).toEqual([
      [11, '/graphql', 'DBT_CLOUD_API_TOKEN'],
    ]);
  });
});

describe('python adapter: imports from the repository', () => {
  it('resolves constants imported from a sibling module, without spans from the other file', async () => {
    const facts = await py(
      lines(
        'import requests',
        'from config import DBT_CLOUD_URL, DBT_CLOUD_TOKEN',
        'requests.post(DBT_CLOUD_URL + "/api/v2/accounts/11/jobs/22/run/", headers={"Authorization": f"Token {DBT_CLOUD_TOKEN}"})',
      ),
      'etl/run.py',
      {
        'etl/config.py': lines('DBT_CLOUD_URL = "https://emea.dbt.com"', `DBT_CLOUD_TOKEN = "${PAT}"`),
      },
    );
    expect(facts.callSites[0]).toMatchObject({
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/11/jobs/22/run/' },
      credential: { source: 'literal', value: PAT },
    });
    expect(facts.callSites[0]!.credential!.span).toBeUndefined();
  });

  it('reads a module that many files import the same from each, and as it is now when it changes', async () => {
    const importer = lines(
      'import requests',
      'from shared.settings import BASE',
      'requests.get(BASE + "/jobs/", headers={"Authorization": "Token " + TOKEN})',
    );
    const before = lines('BASE = "https://emea.dbt.com/api/v2/accounts/7"');
    const after = lines('import os', '', '# The account moved to the AU region.', 'BASE = "https://au.dbt.com/api/v2/accounts/9"');
    const urls = async (path: string, settings: string): Promise<unknown[]> =>
      (await py(importer, path, { 'shared/settings.py': settings })).callSites.map((c) => c.endpoint?.url);
    // Each importer gets the module's values; a module of the same path with other text is read anew.
    expect(await urls('jobs/a.py', before)).toEqual(['https://emea.dbt.com/api/v2/accounts/7/jobs/']);
    expect(await urls('jobs/b.py', before)).toEqual(['https://emea.dbt.com/api/v2/accounts/7/jobs/']);
    expect(await urls('jobs/a.py', after)).toEqual(['https://au.dbt.com/api/v2/accounts/9/jobs/']);
  });

  it('resolves relative imports, module attributes and packages from the repository root', async () => {
    const facts = await py(
      lines(
        'import requests',
        'from .settings import HEADERS',
        'import pkg.conf',
        'requests.get(pkg.conf.URL + "/runs/", headers=HEADERS)',
      ),
      'app/jobs/sync.py',
      {
        'app/jobs/settings.py': lines('import os', 'HEADERS = {"Authorization": "Token " + os.environ["DBT_SERVICE_TOKEN"]}'),
        'pkg/conf.py': lines('URL = "https://cloud.getdbt.com/api/v2/accounts/8"'),
      },
    );
    expect(facts.callSites[0]).toMatchObject({
      endpoint: { path: '/api/v2/accounts/8/runs/' },
      credential: { source: 'env', name: 'DBT_SERVICE_TOKEN' },
    });
  });

  it('survives import cycles', async () => {
    const facts = await py(lines('from b import X', 'import requests', 'requests.get(X + "/api/v2/accounts/")'), 'a.py', {
      'b.py': lines('from a import Y', 'X = Y'),
    });
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.endpoint!.path).toBe('/api/v2/accounts/');
  });
});

describe('python adapter: dbt Cloud clients and orchestrators', () => {
  it('dbtc: service_token says what the token is, api_key does not; env defaults when none is passed', async () => {
    const facts = await py(
      lines(
        'import os',
        'from dbtc import dbtCloudClient',
        'a = dbtCloudClient(service_token=os.environ["DBT_CLOUD_SERVICE_TOKEN"], host="emea.dbt.com")',
        `b = dbtCloudClient(api_key="${LEGACY}")`,
        'c = dbtCloudClient()',
        'd = dbtCloudClient(api_key=os.getenv("MY_KEY"))',
      ),
    );
    expect(
      facts.callSites.map((c) => [c.kind, c.client, c.endpoint?.host, c.credential?.source, c.credential?.name, c.credential?.slotType]),
    ).toEqual([
      ['sdk', 'dbtc', 'emea.dbt.com', 'env', 'DBT_CLOUD_SERVICE_TOKEN', 'service-token'],
      ['sdk', 'dbtc', 'cloud.getdbt.com', 'literal', undefined, undefined],
      ['sdk', 'dbtc', 'cloud.getdbt.com', 'env', 'DBT_CLOUD_SERVICE_TOKEN', 'service-token'],
      // `api_key` takes any token now: a generic slot, as a generic name is.
      ['sdk', 'dbtc', 'cloud.getdbt.com', 'env', 'MY_KEY', undefined],
    ]);
    expect(facts.callSites[1]!.credential).toMatchObject({ value: LEGACY, span: { line: 4, column: 29 } });
  });

  it('dbtc: with no token passed and DBT_CLOUD_API_KEY in the file, that generic name is read', async () => {
    const facts = await py(
      lines('import os', 'from dbtc import dbtCloudClient', 'os.environ.setdefault("DBT_CLOUD_API_KEY", "")', 'c = dbtCloudClient()'),
    );
    expect(facts.callSites.map((c) => [c.credential?.source, c.credential?.name, c.credential?.slotType])).toEqual([
      ['env', 'DBT_CLOUD_API_KEY', undefined],
    ]);
  });

  it('Airflow dbt Cloud operators refer to their connection; default_args supply conn id and account', async () => {
    const facts = await py(
      lines(
        'from airflow import DAG',
        'from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator, DbtCloudListJobsOperator',
        'from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook',
        'with DAG("d", default_args={"dbt_cloud_conn_id": "dbt_prod", "account_id": 39151}):',
        '    DbtCloudRunJobOperator(task_id="t", job_id=48617)',
        '    DbtCloudListJobsOperator(task_id="l", dbt_cloud_conn_id="dbt_other", account_id=12)',
        'def f():',
        '    DbtCloudHook().list_accounts()',
      ),
      'dags/d.py',
    );
    expect(facts.role).toBe('orchestrator');
    expect(facts.callSites).toHaveLength(3);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'sdk',
      client: 'DbtCloudRunJobOperator',
      span: { line: 5, column: 5 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/39151/jobs/48617/run/' },
      credential: { source: 'config', ref: { kind: 'airflow-connection', id: 'dbt_prod' } },
      accountIds: ['39151'],
    });
    expect(facts.callSites[1]).toMatchObject({
      credential: { ref: { id: 'dbt_other' } },
      accountIds: ['12'],
      endpoint: { path: '/api/v2/accounts/12/jobs/' },
    });
    expect(facts.callSites[2]).toMatchObject({ client: 'DbtCloudHook', credential: { ref: { id: 'dbt_cloud_default' } } });
    expect(facts.callSites[2]!.accountIds).toBeUndefined();
  });

  it('Airflow HttpOperator/HttpHook count only for dbt API paths or dbt-named connections', async () => {
    const facts = await py(
      lines(
        'from airflow.providers.http.operators.http import HttpOperator',
        'from airflow.providers.http.hooks.http import HttpHook',
        'a = HttpOperator(task_id="a", http_conn_id="dbt_api", endpoint="api/v2/accounts/5/jobs/6/run/", headers={"Authorization": "Token {{ var.value.dbt_cloud_token }}"})',
        'b = HttpOperator(task_id="b", http_conn_id="slack", endpoint="api/chat.postMessage")',
        'def c():',
        '    HttpHook(method="GET", http_conn_id="dbt_cloud_http").run(endpoint="/api/v2/accounts/5/runs/")',
      ),
      'dags/http.py',
    );
    expect(facts.callSites).toHaveLength(2);
    expect(facts.callSites[0]).toMatchObject({
      client: 'HttpOperator',
      endpoint: { path: '/api/v2/accounts/5/jobs/6/run/', method: 'POST' },
      credential: { source: 'variable', name: 'dbt_cloud_token' },
    });
    expect(facts.callSites[1]).toMatchObject({
      client: 'HttpHook',
      endpoint: { method: 'GET' },
      credential: { source: 'config', ref: { kind: 'airflow-connection', id: 'dbt_cloud_http' } },
    });
  });

  it('Airflow connections defined in Python become definitions', async () => {
    const facts = await py(
      lines(
        'import os',
        'from airflow.models import Connection',
        'c = Connection(conn_id="dbt_cloud", conn_type="dbt_cloud", login="39151", password=os.environ["DBT_CLOUD_SERVICE_TOKEN"])',
        `os.environ["AIRFLOW_CONN_DBT_CLOUD_TEST"] = "dbt-cloud://39151:${encodeURIComponent(SVC)}@emea.dbt.com"`,
        'p = Connection(conn_id="pg", conn_type="postgres", password="x")',
      ),
      'tests/conftest.py',
    );
    expect(facts.definitions).toHaveLength(2);
    expect(facts.definitions[0]).toMatchObject({
      ref: { kind: 'airflow-connection', id: 'dbt_cloud' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' },
      accountIds: ['39151'],
    });
    expect(facts.definitions[1]).toMatchObject({
      ref: { id: 'dbt_cloud_test' },
      credential: { source: 'literal', value: SVC, name: 'AIRFLOW_CONN_DBT_CLOUD_TEST' },
    });
    expect(facts.callSites).toHaveLength(0);
  });

  it('Dagster: cloud_v2 credentials, the legacy configured resource and the client resource', async () => {
    const facts = await py(
      lines(
        'from dagster import EnvVar',
        'from dagster_dbt import DbtCloudCredentials, DbtCloudWorkspace, dbt_cloud_resource, DbtCloudClientResource',
        'creds = DbtCloudCredentials(account_id=123, token=EnvVar("DBT_CLOUD_TOKEN"), access_url="https://ab123.us1.dbt.com")',
        'ws = DbtCloudWorkspace(credentials=creds, project_id=1, environment_id=2)',
        'legacy = dbt_cloud_resource.configured({"auth_token": {"env": "DBT_CLOUD_API_TOKEN"}, "account_id": 456})',
        'res = DbtCloudClientResource(auth_token=EnvVar("DBT_CLOUD_AUTH_TOKEN"), account_id=789)',
      ),
      'orchestration/defs.py',
    );
    expect(facts.role).toBe('orchestrator');
    expect(facts.callSites.map((c) => [c.client, c.endpoint?.host, c.credential?.source, c.credential?.name, c.accountIds])).toEqual([
      ['dagster-dbt.DbtCloudCredentials', 'ab123.us1.dbt.com', 'env', 'DBT_CLOUD_TOKEN', ['123']],
      ['dagster-dbt.dbt_cloud_resource', 'cloud.getdbt.com', 'env', 'DBT_CLOUD_API_TOKEN', ['456']],
      ['dagster-dbt.DbtCloudClientResource', 'cloud.getdbt.com', 'env', 'DBT_CLOUD_AUTH_TOKEN', ['789']],
    ]);
  });

  it('Prefect: a saved block is a config credential; api_key is read like any value', async () => {
    const facts = await py(
      lines(
        'import os',
        'from prefect_dbt.cloud import DbtCloudCredentials',
        'a = DbtCloudCredentials.load("dbt-prod")',
        'b = DbtCloudCredentials(api_key=os.environ["DBT_CLOUD_API_KEY"], account_id=321, domain="emea.dbt.com")',
      ),
      'flows/f.py',
    );
    expect(facts.callSites.map((c) => [c.client, c.endpoint?.host, c.credential?.source, c.credential?.name])).toEqual([
      ['prefect-dbt.DbtCloudCredentials.load', 'cloud.getdbt.com', 'config', 'dbt-prod'],
      ['prefect-dbt.DbtCloudCredentials', 'emea.dbt.com', 'env', 'DBT_CLOUD_API_KEY'],
    ]);
  });

  it('Semantic Layer: the Python SDK and JDBC URLs with the token in the query', async () => {
    const facts = await py(
      lines(
        'import os',
        'from dbtsl import SemanticLayerClient',
        'sl = SemanticLayerClient(environment_id=1, auth_token=os.environ["DBT_SL_TOKEN"], host="semantic-layer.emea.dbt.com")',
        `URL = "jdbc:arrow-flight-sql://semantic-layer.cloud.getdbt.com:443?&environmentId=202339&token=${SVC}"`,
        'URL2 = f"jdbc:arrow-flight-sql://semantic-layer.cloud.getdbt.com:443?environmentId=1&token={os.environ[\'SL_TOKEN\']}"',
      ),
      'bi/sl.py',
    );
    expect(facts.callSites).toHaveLength(3);
    expect(facts.callSites[0]).toMatchObject({
      client: 'dbt-sl-sdk.SemanticLayerClient',
      endpoint: { host: 'semantic-layer.emea.dbt.com', path: '/api/graphql' },
      credential: { source: 'env', name: 'DBT_SL_TOKEN' },
    });
    expect(facts.callSites[1]).toMatchObject({
      client: 'arrow-flight-sql',
      span: { line: 4, column: 7 },
      credential: { source: 'literal', value: SVC, span: { line: 4, column: 96 } },
    });
    expect(facts.callSites[1]!.endpoint!.url).not.toContain(SVC);
    expect(facts.callSites[2]).toMatchObject({ credential: { source: 'env', name: 'SL_TOKEN' } });
  });
});

describe('python adapter: credential sites and role', () => {
  it('reports dbt-named module constants holding token-shaped literals', async () => {
    const facts = await py(
      lines(
        `DBT_CLOUD_API_KEY = "${LEGACY}"`,
        `dbt_token: str = "${PAT}"`,
        `GIT_SHA = "${LEGACY}"`,
        'DBT_CLOUD_TOKEN_NAME = "deploy"',
        'def f():',
        `    DBT_LOCAL = "${SVC}"`,
      ),
    );
    expect(facts.credentialSites).toEqual([
      {
        span: { line: 1, column: 22 },
        credential: { source: 'literal', name: 'DBT_CLOUD_API_KEY', value: LEGACY, span: { line: 1, column: 22 } },
      },
      { span: { line: 2, column: 19 }, credential: { source: 'literal', name: 'dbt_token', value: PAT, span: { line: 2, column: 19 } } },
    ]);
    expect(facts.callSites).toHaveLength(0);
  });

  it('is an orchestrator only when it imports airflow, dagster or prefect', async () => {
    expect((await py('import prefect_dbt\n')).role).toBe('orchestrator');
    expect((await py('from dagster import asset\n')).role).toBe('orchestrator');
    expect((await py('import airflow.models\n')).role).toBe('orchestrator');
    expect((await py('import requests\n# from airflow import DAG\n')).role).toBeUndefined();
  });
});

describe('python adapter: look-alikes are not calls', () => {
  it('a host setting that defaults to another service holds that service, whatever path follows it', async () => {
    const facts = await py(
      lines(
        'import os',
        'import requests',
        '',
        'API = os.getenv("PLATFORM_API_ENDPOINT", "https://api.example-platform.io")',
        'HOST = os.getenv("PLATFORM_HOST", "https://cloud.getdbt.com")',
        '',
        'def projects(account_id, token):',
        '    requests.get(f"{API}/api/v3/accounts/{account_id}/projects/", headers={"Authorization": f"Bearer {token}"})',
        '    requests.get(f"{HOST}/api/v3/accounts/{account_id}/projects/", headers={"Authorization": f"Bearer {token}"})',
      ),
    );
    // Only the request whose setting defaults to dbt Cloud is one.
    expect(facts.callSites.map((c) => [c.span.line, c.endpoint?.host])).toEqual([[9, 'cloud.getdbt.com']]);
  });

  /** A request to a URL read whole from the environment, sending a name dbt Core also gives a warehouse token. */
  const pingWith = (rest: string) =>
    py(
      lines(
        'import os',
        'import requests',
        '',
        'def ping():',
        '    url = os.environ["HOOK_URL"]',
        `    requests.post(url, headers={"Authorization": f"Bearer {os.environ['DBT_TOKEN']}"}, ${rest})`,
      ),
    );

  it.each([
    ['with no job-run cause', 'json={"text": "done"}'],
    ['with no body at all', 'timeout=10'],
  ])('a URL read whole from the environment, sent a dbt Core-named token %s, is no call', async (_what, rest) => {
    expect((await pingWith(rest)).callSites).toEqual([]);
  });

  it('the same request with the cause a dbt Cloud job run is triggered with is a call', async () => {
    const facts = await pingWith('json={"cause": "nightly"}');
    expect(facts.callSites).toMatchObject([{ kind: 'http', credential: { source: 'env', name: 'DBT_TOKEN' } }]);
  });

  it('ignores docstrings, comments and web links', async () => {
    const facts = await py(
      lines(
        '"""Docs: requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")."""',
        'import requests, webbrowser',
        '# requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")',
        'def f():',
        '    """https://cloud.getdbt.com/api/v2/accounts/1/ is called elsewhere"""',
        '    webbrowser.open("https://cloud.getdbt.com/deploy/1/projects/2/jobs/3")',
        '    requests.get("https://cloud.getdbt.com/deploy/1/projects/2/jobs/3")',
        '    requests.get("https://docs.getdbt.com/api/v2/accounts/1/")',
        '    return "jdbc:arrow-flight-sql://localhost:443?token=abc"',
      ),
    );
    expect(facts.callSites).toEqual([]);
  });

  it('ignores Databricks DBT_HOST/DBT_ACCESS_TOKEN calls and dbt Core runners', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'from dbt.cli.main import dbtRunner',
        'dbtRunner().invoke(["build"])',
        'requests.post(f"https://{os.environ[\'DBT_HOST\']}/api/2.0/jobs/run-now", headers={"Authorization": f"Bearer {os.environ[\'DBT_ACCESS_TOKEN\']}"})',
        'requests.get("https://api.github.com/repos/dbt-labs/dbt-core", headers={"Authorization": "token " + os.environ["GITHUB_TOKEN"]})',
        'dbtc_mint = 1',
      ),
    );
    expect(facts.callSites).toEqual([]);
    expect(facts.credentialSites).toEqual([]);
  });
});

describe('python adapter: robustness', () => {
  it('handles 100k levels of nesting without recursion trouble', async () => {
    const deep = `x = ${'(\n'.repeat(100_000)}1${')\n'.repeat(100_000)}import requests\nrequests.get("https://cloud.getdbt.com/api/v2/accounts/1/")\n`;
    const facts = await py(deep);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.span).toEqual({ line: 200_002, column: 1 });
  });

  it('reads a call far below a run of blank lines without backtracking over them', async () => {
    // Once a pattern that names a file's HTTP mocks let `\s*` runs meet: 40,000 blank lines then hung the scan.
    const text = `import requests\n${'\n'.repeat(40_000)}resp = requests.get("https://cloud.getdbt.com/api/v2/accounts/1/")\nresp.raise_for_status()\n`;
    const facts = await py(text);
    expect(facts.callSites.map((c) => c.span.line)).toEqual([40_002]);
  }, 20_000);

  it('keeps long assignment chains cheap and correct', async () => {
    const chain = ['import requests', 'a0 = "https://cloud.getdbt.com"'];
    for (let i = 1; i <= 30_000; i++) chain.push(`a${i} = a${i - 1}`);
    chain.push('requests.get(a30000 + "/api/v2/accounts/1/")');
    const facts = await py(lines(...chain));
    expect(facts.callSites.map((c) => c.endpoint?.url)).toEqual(['https://cloud.getdbt.com/api/v2/accounts/1/']);
  });

  it('recovers from syntax errors and never quotes source in problems', async () => {
    const facts = await py(
      lines(
        'import requests',
        `TOKEN = "${SVC}"`,
        'def broken(:',
        '    print "python 2"',
        'requests.get("https://cloud.getdbt.com/api/v2/accounts/1/", headers={"Authorization": "Token " + TOKEN})',
        `x = [[[{ "${SVC}"`,
      ),
    );
    expect(facts.problems.length).toBeGreaterThan(0);
    expect(facts.problems.join(' ')).not.toContain('dbtc_');
    expect(facts.problems.join(' ')).toMatch(/line \d+/);
    expect(facts.callSites[0]).toMatchObject({ credential: { source: 'literal', value: SVC } });
  });

  it('scans huge files and huge lines line by line, with a problem', async () => {
    const big = `${'a = 1\n'.repeat(400_000)}requests.post("https://cloud.getdbt.com/api/v2/accounts/9/jobs/1/run/")\n`;
    const facts = await py(big);
    expect(facts.problems[0]).toMatch(/2 MB/);
    expect(facts.callSites).toMatchObject([{ kind: 'http', span: { line: 400_001, column: 1 }, accountIds: ['9'] }]);
    const longLine = await py(`import airflow\nx = "${'a'.repeat(100_000)}"\n`);
    expect(longLine.problems[0]).toMatch(/line over 50,000/);
    expect(longLine.role).toBe('orchestrator');
    const hugeLine = await py(`x = "${'a'.repeat(20_000_000)}"; requests.get("https://cloud.getdbt.com/api/v2/accounts/")`);
    expect(hugeLine.problems).toHaveLength(1);
  });

  it('survives binary-looking input', async () => {
    const bytes = Array.from({ length: 50_000 }, (_, i) => String.fromCharCode((i * 7919) % 65_000)).join('');
    const facts = await py(bytes);
    expect(facts.callSites).toEqual([]);
  });
});

describe('python adapter: real-world validation', () => {
  it('PY-1 reports a request inside a helper method with the endpoint of its caller', async () => {
    const facts = await py(
      lines(
        'import os',
        'import httpx',
        '',
        'class Admin:',
        '    def __init__(self):',
        '        self.base = "https://cloud.getdbt.com"',
        '        self.token = os.environ["DBT_CLOUD_SERVICE_TOKEN"]',
        '',
        '    async def _req(self, m, p):',
        '        async with httpx.AsyncClient() as c:',
        '            return await c.request(m, f"{self.base}{p}", headers={"Authorization": f"Bearer {self.token}"})',
        '',
        '    async def acct(self, a):',
        '        return await self._req("GET", f"/api/v2/accounts/{a}/")',
      ),
    );
    // The request itself: its path is only a parameter, so its one caller's endpoint stands for it.
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 11, column: 26 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{a}/', method: 'GET' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' },
    });
  });

  it('PY-1 follows _make_request helpers, getattr(client, method) and url parameters', async () => {
    const facts = await py(
      lines(
        'import os',
        'import requests',
        'import httpx',
        '',
        'class AdminClient:',
        '    def __init__(self, host, token):',
        '        self.base_url = f"https://{host}"',
        '        self.headers = {"Authorization": f"Token {token}"}',
        '        self._session = requests.Session()',
        '',
        '    async def _make_request(self, method, path):',
        '        async with httpx.AsyncClient() as client:',
        '            r = await getattr(client, method.lower())(f"{self.base_url}{path}", headers=self.headers)',
        '            return r.json()',
        '',
        '    async def list_jobs(self, account_id):',
        '        return await self._make_request("GET", f"/api/v2/accounts/{account_id}/jobs/")',
        '',
        '    def _fetch(self, url):',
        '        return self._session.get(url=url, headers=self.headers)',
        '',
        '    def get_run(self, account_id, run_id):',
        '        url = f"{self.base_url}/api/v2/accounts/{account_id}/runs/{run_id}/"',
        '        return self._fetch(url)',
        '',
        'client = AdminClient("cloud.getdbt.com", os.environ["DBT_CLOUD_TOKEN"])',
      ),
    );
    expect(facts.callSites.map((c) => [c.span.line, c.endpoint?.path, c.endpoint?.method, c.credential?.name])).toEqual([
      [13, '/api/v2/accounts/{account_id}/jobs/', 'GET', 'DBT_CLOUD_TOKEN'],
      [20, '/api/v2/accounts/{account_id}/runs/{run_id}/', 'GET', 'DBT_CLOUD_TOKEN'],
    ]);
  });

  it('PY-1 reports at the request when callers add nothing', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'URL = "https://cloud.getdbt.com/api/v2/accounts/1/jobs/"',
        'def _get(session):',
        '    return session.get(URL, headers={"Authorization": "Token " + os.environ["DBT_CLOUD_TOKEN"]})',
        'def main():',
        '    return _get(requests.Session())',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      span: { line: 4 },
      endpoint: { path: '/api/v2/accounts/1/jobs/' },
      credential: { name: 'DBT_CLOUD_TOKEN' },
    });
  });

  it('PY-2 takes the host from the default of os.getenv', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        "BASE = os.getenv('DBT_API_URL', 'https://cloud.getdbt.com/api/v2')",
        "API_TOKEN = os.getenv('DBT_CLOUD_API_TOKEN')",
        'def run(a, r):',
        "    return requests.get(f'{BASE}/accounts/{a}/runs/{r}/', headers={'Authorization': f'Token {API_TOKEN}'})",
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      endpoint: { path: '/api/v2/accounts/{a}/runs/{r}/' },
      credential: { source: 'env', name: 'DBT_CLOUD_API_TOKEN' },
    });
  });

  it('PY-3 reports remote MCP clients with an Authorization header', async () => {
    const facts = await py(
      lines(
        'import os',
        'from mcp.client.streamable_http import streamablehttp_client',
        'async def main():',
        '    async with streamablehttp_client(url="https://cloud.getdbt.com/api/ai/v1/mcp/", headers={"Authorization": f"token {os.environ[\'DBT_TOKEN\']}"}) as (r, w, _):',
        '        pass',
        'def other():',
        '    log("https://cloud.getdbt.com/api/v2/accounts/1/")',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 4, column: 16 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/ai/v1/mcp/' },
      credential: { source: 'env', name: 'DBT_TOKEN' },
    });
  });

  it('PY-4 recognises dagster DbtCloudWorkspaceClient', async () => {
    const facts = await py(
      lines(
        'import os',
        'from dagster_dbt.cloud_v2.client import DbtCloudWorkspaceClient',
        'client = DbtCloudWorkspaceClient(account_id=123, token=os.environ["DBT_CLOUD_TOKEN"], access_url="https://ab123.us1.dbt.com")',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'sdk',
      endpoint: { host: 'ab123.us1.dbt.com' },
      accountIds: ['123'],
      credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' },
    });
  });

  it('PY-5 does not take repository classes for SDK classes', async () => {
    const hook = lines(
      'import requests',
      'class DbtCloudHook:',
      '    def __init__(self, token):',
      '        self.token = token',
      '    def run_job(self, account_id, job_id):',
      '        return requests.post(f"https://cloud.getdbt.com/api/v2/accounts/{account_id}/jobs/{job_id}/run/", headers={"Authorization": f"Token {self.token}"})',
    );
    const facts = await py(
      lines(
        'import os',
        'from dbt_cloud_plugin.hooks.dbt_cloud_hook import DbtCloudHook',
        'from .dbt_cloud_client import DbtCloudClient',
        'hook = DbtCloudHook(os.environ["DBT_CLOUD_TOKEN"])',
        'client = DbtCloudClient("x", 1)',
      ),
      'dags/run.py',
      {
        'dbt_cloud_plugin/hooks/dbt_cloud_hook.py': hook,
        'dbt_cloud_plugin/__init__.py': '',
        'dbt_cloud_plugin/hooks/__init__.py': '',
        'dags/dbt_cloud_client.py': lines('class DbtCloudClient:', '    pass'),
      },
    );
    expect(facts.callSites.filter((s) => s.kind === 'sdk')).toHaveLength(0);
    // With the import unresolved, the names still count.
    const unresolved = await py(
      lines('from .dbt_cloud_client import DbtCloudClient', 'client = DbtCloudClient(auth_token="x", account_id=1)'),
      'dags/run.py',
    );
    expect(unresolved.callSites).toHaveLength(1);
  });

  it('PY-6 names the credential after click envvar= or the parameter', async () => {
    const facts = await py(
      lines(
        'import click',
        'from dbtc import dbtCloudClient as DbtCloudClient',
        '@click.command()',
        '@click.option("--api-key", envvar="DBT_CLOUD_API_KEY")',
        'def main(api_key):',
        '    client = DbtCloudClient(api_key=api_key)',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'DBT_CLOUD_API_KEY' });
    const plain = await py(
      lines('from dagster_dbt import DbtCloudClientResource', 'def main(api_key):', '    return DbtCloudClientResource(api_key, 1)'),
    );
    expect(plain.callSites[0]!.credential).toMatchObject({ source: 'unknown', name: 'api_key' });
  });

  it('PY-7 follows requests auth= through an AuthBase subclass', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'class TokenAuth(requests.auth.AuthBase):',
        '    def __call__(self, r):',
        '        r.headers["Authorization"] = f"Token {os.getenv(\'DBT_CLOUD_API_TOKEN\')}"',
        '        return r',
        'requests.get("https://cloud.getdbt.com/api/v2/accounts/", auth=TokenAuth())',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'DBT_CLOUD_API_TOKEN' });
  });

  it('PY-8 names the Airflow connection from the DAG default_args', async () => {
    const facts = await py(
      lines(
        'from airflow import DAG',
        'from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator',
        'with DAG(dag_id="d", default_args={"dbt_cloud_conn_id": "dbt_cloud_prod", "account_id": 111}):',
        '    DbtCloudRunJobOperator(task_id="t", job_id=222)',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      accountIds: ['111'],
      credential: { source: 'config', name: 'dbt_cloud_prod', ref: { kind: 'airflow-connection', id: 'dbt_cloud_prod' } },
    });
    const dflt = await py(
      lines(
        'from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator',
        'DbtCloudRunJobOperator(task_id="t", job_id=222, account_id=5)',
      ),
    );
    expect(dflt.callSites[0]!.credential).toMatchObject({ name: 'dbt_cloud_default', ref: { id: 'dbt_cloud_default' } });
  });

  it('PY-9 names the HttpOperator connection from the header template', async () => {
    const facts = await py(
      lines(
        'from airflow.providers.http.operators.http import HttpOperator',
        'def make(conn):',
        '    return HttpOperator(task_id="t", http_conn_id=conn, endpoint="api/v2/accounts/1/jobs/2/run/",',
        '        headers={"Authorization": "Token {{ conn.dbt_cloud_admin_api.password }}"})',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      endpoint: { path: '/api/v2/accounts/1/jobs/2/run/' },
      credential: { ref: { kind: 'airflow-connection', id: 'dbt_cloud_admin_api' } },
    });
    const byVar = await py(
      lines(
        'from airflow.providers.http.operators.http import HttpOperator',
        'CONN = "dbt_admin"',
        'HttpOperator(task_id="t", http_conn_id=CONN, endpoint="/api/v2/accounts/1/jobs/")',
      ),
    );
    expect(byVar.callSites[0]).toMatchObject({ credential: { source: 'config', name: 'dbt_admin', ref: { id: 'dbt_admin' } } });
  });
});

describe('python adapter: local helpers and call forms', () => {
  it('reports a request inside a helper function, and each of its callers with its own endpoint', async () => {
    const facts = await py(
      lines(
        'import os',
        'import requests',
        '',
        'def call_api(acct, endpoint, verb="get"):',
        "    base = f\"https://{os.getenv('WIDGET_DBT_HOST', 'cloud.getdbt.com')}/api/v2/accounts/{acct}/\"",
        '    return requests.request(verb, f"{base}{endpoint}", headers={"Authorization": "Token " + os.environ["WIDGET_DBT_TOKEN"]})',
        '',
        'def runs():',
        '    return call_api(901, "runs/")',
        '',
        'def trigger(job):',
        '    return call_api(902, f"jobs/{job}/run/", verb="post")',
      ),
    );
    expect(facts.callSites.map((c) => [c.span.line, c.endpoint?.path, c.endpoint?.method, c.credential?.name, c.accountIds])).toEqual([
      [6, '/api/v2/accounts/901/runs/', 'GET', 'WIDGET_DBT_TOKEN', ['901', '902']],
      [9, '/api/v2/accounts/901/runs/', 'GET', 'WIDGET_DBT_TOKEN', ['901']],
      [12, '/api/v2/accounts/902/jobs/{job}/run/', 'POST', 'WIDGET_DBT_TOKEN', ['902']],
    ]);
  });

  it('takes the endpoint of a helper method from its callers when its own URL is only a base', async () => {
    const facts = await py(
      lines(
        'import requests',
        'API = "<YOUR_ACCESS_URL>/api/v3/"',
        'class Provisioner:',
        '    def __init__(self, token):',
        '        self.token = token',
        '    def _post(self, path, body):',
        '        return requests.post(API + path, json=body, headers={"Authorization": f"Token {self.token}"})',
        '    def add_project(self, acct):',
        '        return self._post(f"accounts/{acct}/projects/", {})',
        '    def add_credentials(self, user_id):',
        '        return self._post(f"users/{user_id}/credentials/", {})',
      ),
    );
    expect(facts.callSites.map((c) => [c.span.line, c.endpoint?.host, c.endpoint?.path])).toEqual([
      [7, '{YOUR_ACCESS_URL}', '/api/v3/accounts/{acct}/projects/'],
      [9, '{YOUR_ACCESS_URL}', '/api/v3/accounts/{acct}/projects/'],
      [11, '{YOUR_ACCESS_URL}', '/api/v3/users/{user_id}/credentials/'],
    ]);
  });

  it('picks the default branch of a flag parameter and reads getattr(client, method)(url)', async () => {
    const facts = await py(
      lines(
        'import os, httpx, requests',
        'HOST = os.getenv("ORBIT_DBT_HOST", "cloud.getdbt.com")',
        'HEADERS = {"Authorization": f"Bearer {os.environ[\'ORBIT_DBT_SERVICE_TOKEN\']}"}',
        'async def api(path, *, method="get", discovery=False):',
        '    sub = "metadata." if discovery else ""',
        '    async with httpx.AsyncClient(headers=HEADERS) as client:',
        '        return await getattr(client, method)(f"https://{sub}{HOST}{path}")',
        'def sync_api(path, method="get"):',
        '    return getattr(requests, method)(f"https://{HOST}/api/v2/accounts/5/{path}", headers=HEADERS)',
      ),
    );
    expect(facts.callSites.map((c) => [c.span.line, c.client, c.endpoint?.host, c.endpoint?.method, c.credential?.name])).toEqual([
      [9, 'requests', 'cloud.getdbt.com', 'GET', 'ORBIT_DBT_SERVICE_TOKEN'],
    ]);
    const called = await py(
      lines(
        'import os, httpx',
        'HOST = os.getenv("ORBIT_DBT_HOST", "cloud.getdbt.com")',
        'async def api(path, *, method="get", discovery=False):',
        '    sub = "metadata." if discovery else ""',
        '    async with httpx.AsyncClient() as client:',
        '        return await getattr(client, method)(f"https://{sub}{HOST}{path}")',
        'async def trigger(a, j):',
        '    return await api(f"/api/v2/accounts/{a}/jobs/{j}/run/", method="post")',
      ),
    );
    expect(called.callSites.map((c) => [c.span.line, c.endpoint?.host, c.endpoint?.path, c.endpoint?.method])).toEqual([
      [6, 'cloud.getdbt.com', '/api/v2/accounts/{a}/jobs/{j}/run/', 'POST'],
    ]);
  });

  it('ignores getattr requests to other services', async () => {
    const facts = await py(
      lines(
        'import httpx, requests',
        'async def gh(path, method="get"):',
        '    async with httpx.AsyncClient(headers={"Authorization": "Bearer x"}) as client:',
        '        return await getattr(client, method)(f"https://api.github.com{path}")',
        'def other(session, method):',
        '    return getattr(session, method)("https://example.com/api/v2/accounts/1/")',
        'async def main():',
        '    await gh("/repos/o/r/actions/runs/1/")',
      ),
    );
    expect(facts.callSites).toEqual([]);
  });

  it('counts wrappers given a dbt Cloud URL and an Authorization dict positionally, not logging calls', async () => {
    const facts = await py(
      lines(
        'import logging',
        'from shared.web import send_json',
        'def kick(token, account, job):',
        '    url = f"https://cloud.getdbt.com/api/v2/accounts/{account}/jobs/{job}/run/"',
        '    headers = {"Authorization": f"Token {token}"}',
        '    print("POST", url, headers)',
        '    logging.getLogger(__name__).debug("POST %s %s", url, headers)',
        '    tally(url, headers)',
        '    return send_json("POST", url, headers, {"cause": "cli"})',
      ),
    );
    expect(facts.callSites.map((c) => [c.span.line, c.client, c.endpoint?.method, c.credential?.name])).toEqual([
      [9, 'send_json', 'POST', 'token'],
    ]);
  });

  it('reads a client held in an attribute: its URL attribute and session set in its constructor', async () => {
    const client = lines(
      'import os, requests',
      'class CloudClient:',
      '    def __init__(self, account_id, host="emea.dbt.com"):',
      '        self.api_v2_url = f"https://{host}/api/v2/accounts/{account_id}"',
      '        self.session = requests.Session()',
      '        self.session.headers["Authorization"] = f"Token {os.environ[\'KITE_DBT_TOKEN\']}"',
    );
    const facts = await py(
      lines(
        'from kite.client import CloudClient',
        'class Runs:',
        '    def __init__(self, client: CloudClient):',
        '        self.client = client',
        '    def get(self, run_id):',
        '        return self.client.session.get(f"{self.client.api_v2_url}/runs/{run_id}/")',
      ),
      'kite/runs.py',
      { 'kite/client.py': client, 'kite/__init__.py': '' },
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      span: { line: 6 },
      client: 'requests.Session',
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/{account_id}/runs/{run_id}/' },
      credential: { source: 'env', name: 'KITE_DBT_TOKEN' },
    });
  });

  it('reads the Authorization header an AuthBase subclass puts in a new headers dict', async () => {
    const facts = await py(
      lines(
        'import os, requests',
        'from requests.structures import CaseInsensitiveDict',
        'class KeyAuth(requests.auth.AuthBase):',
        '    def __call__(self, r):',
        '        r.headers = CaseInsensitiveDict({"Authorization": f"Token {os.getenv(\'LOOM_DBT_TOKEN\')}"})',
        '        return r',
        'requests.get("https://cloud.getdbt.com/api/v2/accounts/", auth=KeyAuth())',
      ),
    );
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'LOOM_DBT_TOKEN' });
  });
});

describe('python adapter: code embedded in other files', () => {
  it('reports positions in the host file for a fragment that starts mid-line', async () => {
    const { extractPythonFragment } = await import('../../src/adapters/python/extract.js');
    const body = lines(
      'import requests',
      'def handler(session, account_id):',
      '    return session.get(f"https://cloud.getdbt.com/api/v2/accounts/{account_id}/runs/")',
    );
    const facts = await extractPythonFragment({ text: body, line: 12, column: 5 }, { path: 'macros/create_proc.sql' });
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({ span: { line: 14, column: 12 }, endpoint: { path: '/api/v2/accounts/{account_id}/runs/' } });
    const first = await extractPythonFragment(
      { text: 'import requests; requests.get("https://cloud.getdbt.com/api/v2/accounts/")', line: 3, column: 9 },
      { path: 'x.sql' },
    );
    expect(first.callSites[0]!.span).toEqual({ line: 3, column: 26 });
  });
});

describe('python adapter: Airflow tasks of the repository', () => {
  it('counts DbtCloud* operators from unresolved modules only when given a dbt Cloud connection', async () => {
    const facts = await py(
      lines(
        'from airflow import DAG',
        'from vendor_ops.dbt import DbtCloudDocsPublishOperator, DbtCloudFreshnessOperator',
        'with DAG(dag_id="x"):',
        '    DbtCloudDocsPublishOperator(task_id="docs", dbt_cloud_conn_id="dbt_cloud_docs", account_id=606)',
        '    DbtCloudFreshnessOperator(task_id="fresh", bucket="b")',
      ),
      'dags/docs.py',
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'sdk',
      span: { line: 4 },
      client: 'DbtCloudDocsPublishOperator',
      accountIds: ['606'],
      credential: { source: 'config', name: 'dbt_cloud_docs', ref: { kind: 'airflow-connection', id: 'dbt_cloud_docs' } },
    });
  });

  it('reads a hook subclass and a constructor default connection from the repository', async () => {
    const ops = lines(
      'from airflow.models import BaseOperator',
      'from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook',
      'class PinnedHook(DbtCloudHook):',
      '    pass',
      'class CancelStaleRunsOperator(BaseOperator):',
      '    def __init__(self, dbt_cloud_conn_id="dbt_cloud_ops", **kwargs):',
      '        super().__init__(**kwargs)',
      'class CopyFilesOperator(BaseOperator):',
      '    def __init__(self, src_conn_id="sftp", **kwargs):',
      '        super().__init__(**kwargs)',
    );
    const facts = await py(
      lines(
        'from ops.tasks import CancelStaleRunsOperator, CopyFilesOperator, PinnedHook',
        'hook = PinnedHook("dbt_cloud_pinned")',
        'CancelStaleRunsOperator(task_id="cancel")',
        'CopyFilesOperator(task_id="copy")',
      ),
      'dags/ops.py',
      { 'ops/tasks.py': ops, 'ops/__init__.py': '' },
    );
    expect(facts.callSites.map((c) => [c.span.line, c.client, c.credential?.name])).toEqual([
      [2, 'PinnedHook', 'dbt_cloud_pinned'],
      [3, 'CancelStaleRunsOperator', 'dbt_cloud_ops'],
    ]);
  });

  it('takes the token from a stored connection password', async () => {
    const facts = await py(
      lines(
        'import requests',
        'from airflow.hooks.base import BaseHook',
        'def run_job(job_id):',
        '    conn = BaseHook.get_connection("dbt_cloud_ops")',
        '    return requests.post(f"https://cloud.getdbt.com/api/v2/accounts/{conn.login}/jobs/{job_id}/run/", headers={"Authorization": f"Token {conn.password}"})',
      ),
      'dags/run.py',
    );
    expect(facts.callSites[0]!.credential).toMatchObject({
      source: 'config',
      name: 'dbt_cloud_ops',
      ref: { kind: 'airflow-connection', id: 'dbt_cloud_ops' },
    });
  });
});

describe('python adapter: sample scripts with fill-ins', () => {
  it('reads `NAME = <fill in>` as the fill-in, and neither comparisons nor strings as one', () => {
    const text = [
      'ACCOUNT_ID = <your account id>',
      'JOB_ID: int = <job id>  # from the URL',
      'ok = a <b> c',
      'html = "<b>"',
      'if x == <y>:',
    ].join('\n');
    const quoted = quoteFillIns(text);
    expect(quoted.length).toBe(text.length);
    expect(quoted.split('\n')).toEqual([
      'ACCOUNT_ID = "your account id"',
      'JOB_ID: int = "job id"  # from the URL',
      'ok = a <b> c',
      'html = "<b>"',
      'if x == <y>:',
    ]);
  });
});
