import { describe, expect, it } from 'vitest';
import type { FileFacts } from '../../src/facts/types.js';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const js = (text: string, path = 'scripts/trigger.ts', others: Record<string, string> = {}): Promise<FileFacts> =>
  extractWith('javascript', path, text, others);

const lines = (...l: string[]): string => l.join('\n');

describe('javascript adapter: fetch', () => {
  it('finds fetch with a literal URL and an env token in a template literal', async () => {
    const f = await js(lines(
      "const res = await fetch('https://cloud.getdbt.com/api/v2/accounts/12345/jobs/678/run/', {",
      "  method: 'POST',",
      '  headers: { Authorization: `Token ${process.env.DBT_CLOUD_SERVICE_TOKEN}`, "Content-Type": "application/json" },',
      '});',
    ));
    expect(f.callSites).toEqual([{
      kind: 'http',
      span: { line: 1, column: 19, endLine: 4, endColumn: 3 },
      endpoint: {
        url: 'https://cloud.getdbt.com/api/v2/accounts/12345/jobs/678/run/',
        host: 'cloud.getdbt.com', path: '/api/v2/accounts/12345/jobs/678/run/', method: 'POST',
      },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 3, column: 38, endLine: 3, endColumn: 73 } },
      accountIds: ['12345'],
      client: 'fetch',
    }]);
    expect(f.problems).toEqual([]);
  });

  it('follows consts, concatenation and destructured env vars', async () => {
    const f = await js(lines(
      "const BASE = 'https://emea.dbt.com/api/v2';",
      'const { DBT_API_KEY } = process.env;',
      "const headers = { 'Authorization': 'Token ' + DBT_API_KEY };",
      'export async function listRuns(accountId: number) {',
      "  return fetch(BASE + '/accounts/' + accountId + '/runs/', { headers });",
      '}',
    ));
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      span: { line: 5, column: 10 },
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/{accountId}/runs/', method: 'GET' },
      credential: { source: 'env', name: 'DBT_API_KEY', span: { line: 2, column: 25 } },
    });
  });

  it('reads a host env var with a dbt API path as a call (template with unknown parts)', async () => {
    const f = await js(lines(
      'const token = process.env.DBT_CLOUD_TOKEN ?? "";',
      'await fetch(`${process.env.DBT_CLOUD_URL}/api/v2/accounts/${accountId}/jobs/`, {',
      '  headers: { Authorization: `Bearer ${token}` },',
      '});',
    ));
    expect(f.callSites).toMatchObject([{
      span: { line: 2, column: 7 },
      endpoint: { url: '{DBT_CLOUD_URL}/api/v2/accounts/{accountId}/jobs/', host: '{DBT_CLOUD_URL}', path: '/api/v2/accounts/{accountId}/jobs/' },
      credential: { source: 'env', name: 'DBT_CLOUD_TOKEN', span: { line: 1, column: 15 } },
    }]);
    expect(f.callSites[0]!.accountIds).toBeUndefined();
  });

  it('keeps a literal token and points at the token characters', async () => {
    const f = await js(lines(
      'const url = new URL("/api/v2/accounts/", "https://cloud.getdbt.com");',
      `fetch(url, { headers: { Authorization: "Token ${PAT}" } });`,
    ));
    expect(f.callSites).toMatchObject([{
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/' },
      credential: { source: 'literal', value: PAT, span: { line: 2, column: 47 } },
    }]);
  });

  it('gives an unknown credential when headers cannot be seen, none when there are no headers', async () => {
    const f = await js(lines(
      'export function get(options: RequestInit) {',
      "  return fetch('https://cloud.getdbt.com/api/v3/accounts/', options);",
      '}',
      "fetch('https://cloud.getdbt.com/api/v2/accounts/');",
    ));
    expect(f.callSites.map((c) => c.credential)).toEqual([{ source: 'unknown' }, undefined]);
  });

  it('supports node-fetch, undici and import.meta.env', async () => {
    const f = await js(lines(
      "import nodeFetch from 'node-fetch';",
      "import { request } from 'undici';",
      "nodeFetch('https://metadata.cloud.getdbt.com/graphql', { method: 'POST', headers: { authorization: 'Bearer ' + import.meta.env.VITE_DBT_TOKEN } });",
      "await request('https://cloud.getdbt.com/api/v2/accounts/1/runs/', { headers: { Authorization: `Token ${process.env['DBT_TOKEN']}` } });",
    ), 'src/sync.mjs');
    expect(f.callSites).toMatchObject([
      { client: 'node-fetch', endpoint: { host: 'metadata.cloud.getdbt.com', path: '/graphql' }, credential: { source: 'env', name: 'VITE_DBT_TOKEN' } },
      { client: 'undici', endpoint: { path: '/api/v2/accounts/1/runs/' }, credential: { source: 'env', name: 'DBT_TOKEN' }, accountIds: ['1'] },
    ]);
  });
});

describe('javascript adapter: axios, got, ky, superagent', () => {
  it('joins an axios instance baseURL with relative paths and takes the instance headers', async () => {
    const f = await js(lines(
      "import axios from 'axios';",
      'const dbt = axios.create({',
      '  baseURL: `https://cloud.getdbt.com/api/v2/accounts/${process.env.DBT_CLOUD_ACCOUNT_ID}`,',
      '  headers: { Authorization: `Token ${process.env.DBT_CLOUD_API_TOKEN}` },',
      '});',
      'export const triggerJob = (jobId: number) => dbt.post(`/jobs/${jobId}/run/`, { cause: "CI" });',
    ));
    expect(f.callSites).toMatchObject([{
      span: { line: 6, column: 46 },
      client: 'axios',
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/jobs/{jobId}/run/', method: 'POST' },
      credential: { source: 'env', name: 'DBT_CLOUD_API_TOKEN' },
    }]);
  });

  it('reads axios defaults set after creation, and axios(config)', async () => {
    const f = await js(lines(
      "const axios = require('axios');",
      "const api = axios.create({ baseURL: 'https://cloud.getdbt.com/api/v3/' });",
      "api.defaults.headers.common['Authorization'] = `Bearer ${process.env.DBT_PAT}`;",
      "api.get('accounts/');",
      "axios({ url: 'https://cloud.getdbt.com/api/v2/accounts/7/jobs/', method: 'get', headers: { Authorization: 'Token ' + process.env.DBT_KEY } });",
    ), 'scripts/list.cjs');
    expect(f.callSites).toMatchObject([
      { endpoint: { path: '/api/v3/accounts/', method: 'GET' }, credential: { source: 'env', name: 'DBT_PAT' } },
      { endpoint: { path: '/api/v2/accounts/7/jobs/', method: 'GET' }, credential: { source: 'env', name: 'DBT_KEY' }, accountIds: ['7'] },
    ]);
  });

  it('follows got.extend prefixUrl and ky.create', async () => {
    const f = await js(lines(
      "import got from 'got';",
      "import ky from 'ky';",
      "const client = got.extend({ prefixUrl: 'https://cloud.getdbt.com/api/v2', headers: { authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });",
      "await client.post('accounts/9/jobs/3/run/', { json: { cause: 'nightly' } }).json();",
      "const k = ky.create({ prefixUrl: 'https://au.dbt.com/api/v2/', headers: { Authorization: `Token ${process.env.DBT_AU_TOKEN}` } });",
      "await k.get('accounts/4/runs/').json();",
    ));
    expect(f.callSites).toMatchObject([
      { client: 'got', endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/9/jobs/3/run/', method: 'POST' }, credential: { name: 'DBT_CLOUD_TOKEN' } },
      { client: 'ky', endpoint: { host: 'au.dbt.com', path: '/api/v2/accounts/4/runs/', method: 'GET' }, credential: { name: 'DBT_AU_TOKEN' } },
    ]);
  });

  it('reads superagent .set() chains', async () => {
    const f = await js(lines(
      "const request = require('superagent');",
      "request.post('https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/')",
      "  .set('Content-Type', 'application/json')",
      "  .set('Authorization', `Token ${process.env.DBT_CLOUD_SERVICE_TOKEN}`)",
      "  .send({ cause: 'deploy' });",
    ), 'deploy/trigger.js');
    expect(f.callSites).toMatchObject([{
      span: { line: 2, column: 1 }, client: 'superagent',
      endpoint: { path: '/api/v2/accounts/5/jobs/6/run/', method: 'POST' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 4, column: 34 } },
    }]);
  });
});

describe('javascript adapter: classes and helper functions', () => {
  it('follows a class client built in the constructor to the caller that passes the token', async () => {
    const f = await js(lines(
      "import axios, { AxiosInstance } from 'axios';",
      'class DbtCloudClient {',
      '  private http: AxiosInstance;',
      '  constructor(private readonly token: string, accountId: number) {',
      '    this.http = axios.create({',
      '      baseURL: `https://cloud.getdbt.com/api/v2/accounts/${accountId}`,',
      '      headers: { Authorization: `Token ${token}` },',
      '    });',
      '  }',
      '  listJobs() {',
      "    return this.http.get('/jobs/');",
      '  }',
      '}',
      'const client = new DbtCloudClient(process.env.DBT_CLOUD_SERVICE_TOKEN!, 4242);',
      'await client.listJobs();',
    ));
    expect(f.callSites).toMatchObject([{
      span: { line: 15, column: 7 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/4242/jobs/' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 14, column: 35 } },
      accountIds: ['4242'],
    }]);
  });

  it('keeps the request in an exported helper when callers add nothing', async () => {
    const f = await js(lines(
      "const HOST = process.env.DBT_CLOUD_HOST || 'https://cloud.getdbt.com';",
      'async function runJob(accountId: string, jobId: string) {',
      '  return fetch(`${HOST}/api/v2/accounts/${accountId}/jobs/${jobId}/run/`, {',
      "    method: 'POST', headers: { Authorization: `Token ${process.env.DBT_CLOUD_API_KEY}` },",
      '  });',
      '}',
      'export async function main() { await runJob(process.env.ACCOUNT_ID!, process.env.JOB_ID!); }',
    ));
    expect(f.callSites).toMatchObject([{ span: { line: 3, column: 10 }, endpoint: { host: '{DBT_CLOUD_HOST}' }, credential: { name: 'DBT_CLOUD_API_KEY' } }]);
    expect(f.callSites).toHaveLength(1);
  });

  it('reports each caller when callers pass the host, the token or literal account ids', async () => {
    const f = await js(lines(
      'function dbtGet(path: string, token: string) {',
      "  return fetch('https://cloud.getdbt.com/api/v2' + path, { headers: { Authorization: 'Token ' + token } });",
      '}',
      "dbtGet('/accounts/1/jobs/', process.env.DBT_PAT_ONE!);",
      "dbtGet('/accounts/2/jobs/', process.env.DBT_PAT_TWO!);",
    ));
    expect(f.callSites.map((c) => [c.span.line, c.accountIds, c.credential?.name])).toEqual([
      [4, ['1'], 'DBT_PAT_ONE'],
      [5, ['2'], 'DBT_PAT_TWO'],
    ]);
  });

  it('reads headers returned by a helper function', async () => {
    const f = await js(lines(
      "const authHeaders = (t: string) => ({ Authorization: `Bearer ${t}`, Accept: 'application/json' });",
      "fetch('https://cloud.getdbt.com/api/v3/accounts/', { headers: authHeaders(process.env.DBT_SERVICE_TOKEN!) });",
    ));
    expect(f.callSites).toMatchObject([{ credential: { source: 'env', name: 'DBT_SERVICE_TOKEN' } }]);
  });
});

describe('javascript adapter: imports', () => {
  it('follows a token and base URL imported from another file, pointing at the import use', async () => {
    const config = lines(
      "export const DBT_BASE_URL = 'https://cloud.getdbt.com/api/v2/accounts/777';",
      `export const dbtToken = '${SVC}';`,
    );
    const f = await js(lines(
      "import { DBT_BASE_URL, dbtToken as token } from '../config/dbt';",
      '',
      'export async function refresh() {',
      '  await fetch(`${DBT_BASE_URL}/jobs/12/run/`, { method: "POST", headers: { Authorization: `Token ${token}` } });',
      '}',
    ), 'src/jobs/refresh.ts', { 'src/config/dbt.ts': config });
    expect(f.callSites).toMatchObject([{
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/777/jobs/12/run/' },
      credential: { source: 'literal', value: SVC, span: { line: 4, column: 100 } },
      accountIds: ['777'],
    }]);
  });

  it('follows CommonJS module.exports, exports.x and require destructuring', async () => {
    const f = await js(lines(
      "const { apiKey } = require('./settings');",
      "const settings = require('./settings');",
      "fetch(settings.host + '/api/v2/accounts/', { headers: { Authorization: 'Token ' + apiKey } });",
    ), 'lib/index.js', {
      'lib/settings.js': lines(
        'module.exports = {',
        "  host: 'https://cloud.getdbt.com',",
        '  apiKey: process.env.DBT_CLOUD_API_KEY,',
        '};',
      ),
    });
    expect(f.callSites).toMatchObject([{ endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/' }, credential: { source: 'env', name: 'DBT_CLOUD_API_KEY', span: { line: 3, column: 83 } } }]);
  });

  it('resolves tsconfig paths aliases with TypeScript', async () => {
    const f = await js(lines(
      "import { dbtHeaders } from '@/config/dbt';",
      "fetch('https://cloud.getdbt.com/api/v2/accounts/', { headers: dbtHeaders });",
    ), 'src/app/page.ts', {
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } }),
      'src/config/dbt.ts': "export const dbtHeaders = { Authorization: `Token ${process.env.DBT_CLOUD_PAT}` };",
    });
    expect(f.callSites).toMatchObject([{ credential: { source: 'env', name: 'DBT_CLOUD_PAT', span: { line: 2, column: 63 } } }]);
  });
});

describe('javascript adapter: credential sites and look-alikes', () => {
  it('reports a 40-hex legacy key assigned to a dbt-named variable', async () => {
    const f = await js(lines(
      `const dbtCloudApiKey = '${LEGACY}';`,
      `const gitSha = '${LEGACY}';`,
      `export const config = { dbt: { apiKey: "${LEGACY}" } };`,
    ), 'src/settings.js');
    expect(f.credentialSites).toEqual([
      { span: { line: 1, column: 25 }, credential: { source: 'literal', value: LEGACY, name: 'dbtCloudApiKey', span: { line: 1, column: 25 } } },
      { span: { line: 3, column: 41 }, credential: { source: 'literal', value: LEGACY, name: 'config.dbt.apiKey', span: { line: 3, column: 41 } } },
    ]);
    expect(f.callSites).toEqual([]);
  });

  it('ignores comments, logged URLs, docs and UI links', async () => {
    const f = await js(lines(
      '// fetch("https://cloud.getdbt.com/api/v2/accounts/1/jobs/", { headers: { Authorization: "Token x" } })',
      '/** See https://cloud.getdbt.com/api/v2/accounts/ for the API. */',
      "console.log('see https://cloud.getdbt.com/api/v2/accounts/');",
      "fetch('https://docs.getdbt.com/dbt-cloud/api-v2');",
      "window.open('https://cloud.getdbt.com/deploy/1/projects/2/jobs/3');",
      "fetch('https://cloud.getdbt.com/deploy/1/projects/2/jobs/3');",
    ), 'src/help.tsx');
    expect(f.callSites).toEqual([]);
  });

  it('does not take other APIs with an accounts path, or routes served by the app', async () => {
    const f = await js(lines(
      "fetch('https://api.billing.example.com/api/v2/accounts/42/invoices', { headers: { Authorization: `Bearer ${process.env.BILLING_TOKEN}` } });",
      "fetch(`${process.env.BILLING_API_URL}/api/v2/accounts/42`);",
      "router.get('/api/v2/accounts/:id', handler);",
      "fetch('/api/v2/accounts/1/jobs/');",
    ), 'server/routes.ts');
    expect(f.callSites).toEqual([]);
  });
});

describe('javascript adapter: robustness', () => {
  it('falls back to a text scan on a fatal syntax error, without quoting source', async () => {
    const f = await js(lines(
      'function broken( {',
      `  fetch("https://cloud.getdbt.com/api/v2/accounts/3/runs/", { headers: { Authorization: "Token ${PAT}" } });`,
    ), 'src/broken.js');
    expect(f.problems).toEqual(['JavaScript parse error at line 2; scanned as text']);
    expect(f.callSites).toMatchObject([{ span: { line: 2, column: 3 }, endpoint: { path: '/api/v2/accounts/3/runs/' }, credential: { source: 'literal', value: PAT } }]);
  });

  it('survives 100k levels of nesting', async () => {
    const deep = `const x = ${'['.repeat(100_000)}${']'.repeat(100_000)};\nfetch("https://cloud.getdbt.com/api/v2/accounts/1/jobs/", { headers: { Authorization: \`Token \${process.env.DBT_TOKEN}\` } });`;
    const f = await js(deep, 'src/deep.js');
    expect(f.problems).toEqual([]);
    expect(f.callSites).toMatchObject([{ span: { line: 2, column: 1 }, credential: { source: 'env', name: 'DBT_TOKEN' } }]);
  });

  it('scans a 20 MB minified line quickly', async () => {
    const chunk = 'var a=function(b){return b+1};';
    const body = chunk.repeat(Math.ceil(20_000_000 / chunk.length));
    const text = `${body}fetch("https://cloud.getdbt.com/api/v2/accounts/9/runs/",{headers:{Authorization:"Token "+process.env.DBT_CLOUD_TOKEN}});${body}`;
    const t0 = performance.now();
    const f = await js(text, 'dist/bundle.min.js');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(f.callSites).toMatchObject([{ endpoint: { path: '/api/v2/accounts/9/runs/' }, credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' } }]);
  });
});
