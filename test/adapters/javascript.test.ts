import { describe, expect, it } from 'vitest';
import type { FileFacts } from '../../src/model/raw-facts.js';
import { extractWith } from '../helpers/extract.js';
import type { AdapterContext } from '../../src/adapters/adapter.js';
import { ADAPTERS } from '../../src/adapters/registry.js';
import { ScanMemo } from '../../src/adapters/scan-memo.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const js = (text: string, path = 'scripts/trigger.ts', others: Record<string, string> = {}): Promise<FileFacts> =>
  extractWith('javascript', path, text, others);

const lines = (...l: string[]): string => l.join('\n');

describe('javascript adapter: fetch', () => {
  it('finds fetch with a literal URL and an env token in a template literal', async () => {
    const f = await js(
      lines(
        "const res = await fetch('https://cloud.getdbt.com/api/v2/accounts/12345/jobs/678/run/', {",
        "  method: 'POST',",
        '  headers: { Authorization: `Token ${process.env.DBT_CLOUD_SERVICE_TOKEN}`, "Content-Type": "application/json" },',
        '});',
      ),
    );
    expect(f.callSites).toEqual([
      {
        kind: 'http',
        span: { line: 1, column: 19, endLine: 4, endColumn: 3 },
        endpoint: {
          url: 'https://cloud.getdbt.com/api/v2/accounts/12345/jobs/678/run/',
          host: 'cloud.getdbt.com',
          path: '/api/v2/accounts/12345/jobs/678/run/',
          method: 'POST',
        },
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 3, column: 38, endLine: 3, endColumn: 73 } },
        accountIds: ['12345'],
        client: 'fetch',
      },
    ]);
    expect(f.problems).toEqual([]);
  });

  it('follows consts, concatenation and destructured env vars', async () => {
    const f = await js(
      lines(
        "const BASE = 'https://emea.dbt.com/api/v2';",
        'const { DBT_API_KEY } = process.env;',
        "const headers = { 'Authorization': 'Token ' + DBT_API_KEY };",
        'export async function listRuns(accountId: number) {',
        "  return fetch(BASE + '/accounts/' + accountId + '/runs/', { headers });",
        '}',
      ),
    );
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      span: { line: 5, column: 10 },
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/{accountId}/runs/', method: 'GET' },
      credential: { source: 'env', name: 'DBT_API_KEY', span: { line: 2, column: 25 } },
    });
  });

  it('reads a host env var with a dbt API path as a call (template with unknown parts)', async () => {
    const f = await js(
      lines(
        'const token = process.env.DBT_CLOUD_TOKEN ?? "";',
        'await fetch(`${process.env.DBT_CLOUD_URL}/api/v2/accounts/${accountId}/jobs/`, {',
        '  headers: { Authorization: `Bearer ${token}` },',
        '});',
      ),
    );
    expect(f.callSites).toMatchObject([
      {
        span: { line: 2, column: 7 },
        endpoint: {
          url: '{DBT_CLOUD_URL}/api/v2/accounts/{accountId}/jobs/',
          host: '{DBT_CLOUD_URL}',
          path: '/api/v2/accounts/{accountId}/jobs/',
        },
        credential: { source: 'env', name: 'DBT_CLOUD_TOKEN', span: { line: 1, column: 15 } },
      },
    ]);
    expect(f.callSites[0]!.accountIds).toBeUndefined();
  });

  it('keeps a literal token and points at the token characters', async () => {
    const f = await js(
      lines(
        'const url = new URL("/api/v2/accounts/", "https://cloud.getdbt.com");',
        `fetch(url, { headers: { Authorization: "Token ${PAT}" } });`,
      ),
    );
    expect(f.callSites).toMatchObject([
      {
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/' },
        credential: { source: 'literal', value: PAT, span: { line: 2, column: 47 } },
      },
    ]);
  });

  it('gives an unknown credential when headers cannot be seen, none when there are no headers', async () => {
    const f = await js(
      lines(
        'export function get(options: RequestInit) {',
        "  return fetch('https://cloud.getdbt.com/api/v3/accounts/', options);",
        '}',
        "fetch('https://cloud.getdbt.com/api/v2/accounts/');",
      ),
    );
    expect(f.callSites.map((c) => c.credential)).toEqual([{ source: 'unknown' }, undefined]);
  });

  it('supports node-fetch, undici and import.meta.env', async () => {
    const f = await js(
      lines(
        "import nodeFetch from 'node-fetch';",
        "import { request } from 'undici';",
        "nodeFetch('https://metadata.cloud.getdbt.com/graphql', { method: 'POST', headers: { authorization: 'Bearer ' + import.meta.env.VITE_DBT_TOKEN } });",
        "await request('https://cloud.getdbt.com/api/v2/accounts/1/runs/', { headers: { Authorization: `Token ${process.env['DBT_TOKEN']}` } });",
      ),
      'src/sync.mjs',
    );
    expect(f.callSites).toMatchObject([
      {
        client: 'node-fetch',
        endpoint: { host: 'metadata.cloud.getdbt.com', path: '/graphql' },
        credential: { source: 'env', name: 'VITE_DBT_TOKEN' },
      },
      {
        client: 'undici',
        endpoint: { path: '/api/v2/accounts/1/runs/' },
        credential: { source: 'env', name: 'DBT_TOKEN' },
        accountIds: ['1'],
      },
    ]);
  });
});

describe('javascript adapter: axios, got, ky, superagent', () => {
  it('joins an axios instance baseURL with relative paths and takes the instance headers', async () => {
    const f = await js(
      lines(
        "import axios from 'axios';",
        'const dbt = axios.create({',
        '  baseURL: `https://cloud.getdbt.com/api/v2/accounts/${process.env.DBT_CLOUD_ACCOUNT_ID}`,',
        '  headers: { Authorization: `Token ${process.env.DBT_CLOUD_API_TOKEN}` },',
        '});',
        'export const triggerJob = (jobId: number) => dbt.post(`/jobs/${jobId}/run/`, { cause: "CI" });',
      ),
    );
    expect(f.callSites).toMatchObject([
      {
        span: { line: 6, column: 46 },
        client: 'axios',
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/jobs/{jobId}/run/', method: 'POST' },
        credential: { source: 'env', name: 'DBT_CLOUD_API_TOKEN' },
      },
    ]);
  });

  it('reads axios defaults set after creation, and axios(config)', async () => {
    const f = await js(
      lines(
        "const axios = require('axios');",
        "const api = axios.create({ baseURL: 'https://cloud.getdbt.com/api/v3/' });",
        "api.defaults.headers.common['Authorization'] = `Bearer ${process.env.DBT_PAT}`;",
        "api.get('accounts/');",
        "axios({ url: 'https://cloud.getdbt.com/api/v2/accounts/7/jobs/', method: 'get', headers: { Authorization: 'Token ' + process.env.DBT_KEY } });",
      ),
      'scripts/list.cjs',
    );
    expect(f.callSites).toMatchObject([
      { endpoint: { path: '/api/v3/accounts/', method: 'GET' }, credential: { source: 'env', name: 'DBT_PAT' } },
      { endpoint: { path: '/api/v2/accounts/7/jobs/', method: 'GET' }, credential: { source: 'env', name: 'DBT_KEY' }, accountIds: ['7'] },
    ]);
  });

  it('follows got.extend prefixUrl and ky.create', async () => {
    const f = await js(
      lines(
        "import got from 'got';",
        "import ky from 'ky';",
        "const client = got.extend({ prefixUrl: 'https://cloud.getdbt.com/api/v2', headers: { authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });",
        "await client.post('accounts/9/jobs/3/run/', { json: { cause: 'nightly' } }).json();",
        "const k = ky.create({ prefixUrl: 'https://au.dbt.com/api/v2/', headers: { Authorization: `Token ${process.env.DBT_AU_TOKEN}` } });",
        "await k.get('accounts/4/runs/').json();",
      ),
    );
    expect(f.callSites).toMatchObject([
      {
        client: 'got',
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/9/jobs/3/run/', method: 'POST' },
        credential: { name: 'DBT_CLOUD_TOKEN' },
      },
      {
        client: 'ky',
        endpoint: { host: 'au.dbt.com', path: '/api/v2/accounts/4/runs/', method: 'GET' },
        credential: { name: 'DBT_AU_TOKEN' },
      },
    ]);
  });

  it('reads superagent .set() chains', async () => {
    const f = await js(
      lines(
        "const request = require('superagent');",
        "request.post('https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/')",
        "  .set('Content-Type', 'application/json')",
        "  .set('Authorization', `Token ${process.env.DBT_CLOUD_SERVICE_TOKEN}`)",
        "  .send({ cause: 'deploy' });",
      ),
      'deploy/trigger.js',
    );
    expect(f.callSites).toMatchObject([
      {
        span: { line: 2, column: 1 },
        client: 'superagent',
        endpoint: { path: '/api/v2/accounts/5/jobs/6/run/', method: 'POST' },
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 4, column: 34 } },
      },
    ]);
  });

  it('reads request interceptors, Headers objects, plain got() and ky.get()', async () => {
    const f = await js(
      lines(
        "import axios from 'axios';",
        "import got from 'got';",
        "import ky from 'ky';",
        "const api = axios.create({ baseURL: 'https://cloud.getdbt.com/api/v2' });",
        'api.interceptors.request.use((config) => {',
        '  config.headers.Authorization = `Token ${process.env.DBT_CLOUD_TOKEN}`;',
        '  return config;',
        '});',
        "export const jobs = () => api.get('/accounts/1/jobs/');",
        'const h = new Headers();',
        "h.set('Authorization', `Bearer ${process.env.DBT_PAT}`);",
        "fetch('https://cloud.getdbt.com/api/v3/accounts/', { headers: h });",
        "got('https://cloud.getdbt.com/api/v2/accounts/2/runs/', { headers: { Authorization: `Token ${process.env.DBT_GOT}` } });",
        "ky.get('https://cloud.getdbt.com/api/v2/accounts/3/runs/', { headers: { Authorization: `Token ${process.env.DBT_KY}` } });",
      ),
    );
    expect(f.callSites.map((c) => [c.span.line, c.client, c.endpoint?.path, c.credential?.name])).toEqual([
      [9, 'axios', '/api/v2/accounts/1/jobs/', 'DBT_CLOUD_TOKEN'],
      [12, 'fetch', '/api/v3/accounts/', 'DBT_PAT'],
      [13, 'got', '/api/v2/accounts/2/runs/', 'DBT_GOT'],
      [14, 'ky', '/api/v2/accounts/3/runs/', 'DBT_KY'],
    ]);
  });

  it('handles node https.request options, new Request, ofetch.create and spread headers', async () => {
    const f = await js(
      lines(
        "import https from 'node:https';",
        "import { ofetch } from 'ofetch';",
        "const base = { 'Content-Type': 'application/json' };",
        'const auth = { ...base, Authorization: `Bearer ${process.env.DBT_TOKEN}` };',
        "https.request({ hostname: 'cloud.getdbt.com', path: '/api/v2/accounts/5/runs/', headers: auth }, () => {}).end();",
        "const api = ofetch.create({ baseURL: 'https://emea.dbt.com/api/v2/accounts/3', headers: auth });",
        "await api('/jobs/');",
        "await fetch(new Request('https://cloud.getdbt.com/api/v2/accounts/8/runs/', { headers: { ...auth } }));",
      ),
    );
    expect(f.callSites.map((c) => [c.span.line, c.client, c.endpoint?.host, c.endpoint?.path, c.credential?.name])).toEqual([
      [5, 'https', 'cloud.getdbt.com', '/api/v2/accounts/5/runs/', 'DBT_TOKEN'],
      [7, 'ofetch', 'emea.dbt.com', '/api/v2/accounts/3/jobs/', 'DBT_TOKEN'],
      [8, 'fetch', 'cloud.getdbt.com', '/api/v2/accounts/8/runs/', 'DBT_TOKEN'],
    ]);
  });

  it('knows Discovery, Semantic Layer and MCP endpoints, and clients it has no table for', async () => {
    const f = await js(
      lines(
        "const host = process.env.DBT_HOST ?? 'cloud.getdbt.com';",
        'await fetch(`https://${host}/api/ai/v1/mcp/`, { headers: { Authorization: `token ${process.env.DBT_TOKEN}` } });',
        "await fetch('https://semantic-layer.cloud.getdbt.com/api/graphql', { method: 'POST', headers: { Authorization: 'Bearer ' + process.env.DBT_SL_TOKEN } });",
        'this.http.get(`${environment.dbtCloudUrl}/api/v2/accounts/3/jobs/`, { headers: { Authorization: `Token ${environment.dbtToken}` } });',
      ),
      'src/app/dbt.service.ts',
    );
    expect(
      f.callSites.map((c) => [c.client, c.endpoint?.host, c.endpoint?.path, c.endpoint?.method, c.credential?.source, c.credential?.name]),
    ).toEqual([
      // the written fallback host stands for the unknown env value
      ['fetch', 'cloud.getdbt.com', '/api/ai/v1/mcp/', 'GET', 'env', 'DBT_TOKEN'],
      ['fetch', 'semantic-layer.cloud.getdbt.com', '/api/graphql', 'POST', 'env', 'DBT_SL_TOKEN'],
      // a setting read off an object the scan cannot follow is named by its member
      ['http', '{environment.dbtCloudUrl}', '/api/v2/accounts/3/jobs/', undefined, 'unknown', 'environment.dbtToken'],
    ]);
  });
});

describe('javascript adapter: classes and helper functions', () => {
  it('reports a class client request where it is written, with the token of the one instance its module makes', async () => {
    const f = await js(
      lines(
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
      ),
    );
    // the request in the class is the call site; the module's one instance gives it its account
    // and token, so the one caller, which says nothing more, is not another site
    expect(f.callSites).toMatchObject([
      {
        span: { line: 11, column: 12 },
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/4242/jobs/' },
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 14, column: 35 } },
        accountIds: ['4242'],
      },
    ]);
  });

  it('keeps the request in an exported helper when callers add nothing', async () => {
    const f = await js(
      lines(
        "const HOST = process.env.DBT_CLOUD_HOST || 'https://cloud.getdbt.com';",
        'async function runJob(accountId: string, jobId: string) {',
        '  return fetch(`${HOST}/api/v2/accounts/${accountId}/jobs/${jobId}/run/`, {',
        "    method: 'POST', headers: { Authorization: `Token ${process.env.DBT_CLOUD_API_KEY}` },",
        '  });',
        '}',
        'export async function main() { await runJob(process.env.ACCOUNT_ID!, process.env.JOB_ID!); }',
      ),
    );
    expect(f.callSites).toMatchObject([
      { span: { line: 3, column: 10 }, endpoint: { host: 'cloud.getdbt.com' }, credential: { name: 'DBT_CLOUD_API_KEY' } },
    ]);
    expect(f.callSites).toHaveLength(1);
  });

  it('reports the helper and each caller when callers pass the host, the token or literal account ids', async () => {
    const f = await js(
      lines(
        'function dbtGet(path: string, token: string) {',
        "  return fetch('https://cloud.getdbt.com/api/v2' + path, { headers: { Authorization: 'Token ' + token } });",
        '}',
        "dbtGet('/accounts/1/jobs/', process.env.DBT_PAT_ONE!);",
        "dbtGet('/accounts/2/jobs/', process.env.DBT_PAT_TWO!);",
      ),
    );
    // callers disagree: the helper keeps its own partial endpoint and an unknown token
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.path, c.accountIds, c.credential?.source, c.credential?.name])).toEqual([
      [2, '/api/v2{path}', undefined, 'unknown', undefined],
      [4, '/api/v2/accounts/1/jobs/', ['1'], 'env', 'DBT_PAT_ONE'],
      [5, '/api/v2/accounts/2/jobs/', ['2'], 'env', 'DBT_PAT_TWO'],
    ]);
  });

  it('reads headers returned by a helper function', async () => {
    const f = await js(
      lines(
        "const authHeaders = (t: string) => ({ Authorization: `Bearer ${t}`, Accept: 'application/json' });",
        "fetch('https://cloud.getdbt.com/api/v3/accounts/', { headers: authHeaders(process.env.DBT_SERVICE_TOKEN!) });",
      ),
    );
    expect(f.callSites).toMatchObject([{ credential: { source: 'env', name: 'DBT_SERVICE_TOKEN' } }]);
  });

  it('reads class fields and getters', async () => {
    const f = await js(
      lines(
        'export class Dbt {',
        '  private token = process.env.DBT_CLOUD_SERVICE_TOKEN;',
        "  private base = process.env.DBT_CLOUD_HOST_URL ?? 'https://cloud.getdbt.com/api';",
        '  get headers() { return { Authorization: `Token ${this.token}` }; }',
        '  async run(jobId: number) {',
        "    return fetch(`${this.base}/v2/accounts/9/jobs/${jobId}/run/`, { method: 'POST', headers: this.headers });",
        '  }',
        '}',
      ),
    );
    expect(f.callSites).toMatchObject([
      {
        span: { line: 6, column: 12 },
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/9/jobs/{jobId}/run/', method: 'POST' },
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 2, column: 19 } },
      },
    ]);
  });

  it('keeps a helper whose host is known and reports the paths its callers give', async () => {
    const f = await js(
      lines(
        "const DBT = 'https://cloud.getdbt.com';",
        'async function dbtGet(path: string) {',
        '  return fetch(`${DBT}${path}`, { headers: { Authorization: `Token ${process.env.DBT_CLOUD_API_TOKEN}` } });',
        '}',
        "export const a = () => dbtGet('/api/v2/accounts/11/jobs/');",
        "export const b = () => dbtGet('/api/v2/accounts/12/runs/');",
      ),
    );
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.host, c.endpoint?.path, c.accountIds])).toEqual([
      [3, 'cloud.getdbt.com', '/{path}', undefined],
      [5, 'cloud.getdbt.com', '/api/v2/accounts/11/jobs/', ['11']],
      [6, 'cloud.getdbt.com', '/api/v2/accounts/12/runs/', ['12']],
    ]);
  });

  it('keeps a helper whose path is unknown when nobody in the file calls it', async () => {
    const f = await js(
      lines(
        'export async function dbtRequest(path: string, init: RequestInit = {}) {',
        '  return fetch(`${process.env.DBT_CLOUD_URL}${path}`, { ...init, headers: { Authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });',
        '}',
      ),
    );
    expect(f.callSites).toMatchObject([
      {
        span: { line: 2, column: 10 },
        endpoint: { host: '{DBT_CLOUD_URL}', url: '{DBT_CLOUD_URL}{path}' },
        credential: { name: 'DBT_CLOUD_TOKEN' },
      },
    ]);
  });

  it('survives recursion and binding cycles', async () => {
    const f = await js(
      lines(
        'const a = b; const b = a;',
        'function loop(x: string): any { return loop(x + "/"); }',
        'function rec(path: string): any { if (path.length > 3) return rec(path.slice(1)); return fetch(`https://cloud.getdbt.com/api/v2${path}`); }',
        "rec('/accounts/1/');",
        "loop('x');",
      ),
    );
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.path])).toEqual([
      [3, '/api/v2/accounts/1/'],
      [4, '/api/v2/accounts/1/'],
    ]);
  });
});

describe('javascript adapter: imports', () => {
  it('follows a token and base URL imported from another file, pointing at the import use', async () => {
    const config = lines(
      "export const DBT_BASE_URL = 'https://cloud.getdbt.com/api/v2/accounts/777';",
      `export const dbtToken = '${SVC}';`,
    );
    const f = await js(
      lines(
        "import { DBT_BASE_URL, dbtToken as token } from '../config/dbt';",
        '',
        'export async function refresh() {',
        '  await fetch(`${DBT_BASE_URL}/jobs/12/run/`, { method: "POST", headers: { Authorization: `Token ${token}` } });',
        '}',
      ),
      'src/jobs/refresh.ts',
      { 'src/config/dbt.ts': config },
    );
    expect(f.callSites).toMatchObject([
      {
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/777/jobs/12/run/' },
        credential: { source: 'literal', value: SVC, span: { line: 4, column: 100 } },
        accountIds: ['777'],
      },
    ]);
  });

  it('follows CommonJS module.exports, exports.x and require destructuring', async () => {
    const f = await js(
      lines(
        "const { apiKey } = require('./settings');",
        "const settings = require('./settings');",
        "fetch(settings.host + '/api/v2/accounts/', { headers: { Authorization: 'Token ' + apiKey } });",
      ),
      'lib/index.js',
      {
        'lib/settings.js': lines(
          'module.exports = {',
          "  host: 'https://cloud.getdbt.com',",
          '  apiKey: process.env.DBT_CLOUD_API_KEY,',
          '};',
        ),
      },
    );
    expect(f.callSites).toMatchObject([
      {
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/' },
        credential: { source: 'env', name: 'DBT_CLOUD_API_KEY', span: { line: 3, column: 83 } },
      },
    ]);
  });

  it('resolves tsconfig paths aliases with TypeScript', async () => {
    const f = await js(
      lines("import { dbtHeaders } from '@/config/dbt';", "fetch('https://cloud.getdbt.com/api/v2/accounts/', { headers: dbtHeaders });"),
      'src/app/page.ts',
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } }),
        'src/config/dbt.ts': 'export const dbtHeaders = { Authorization: `Token ${process.env.DBT_CLOUD_PAT}` };',
      },
    );
    expect(f.callSites).toMatchObject([{ credential: { source: 'env', name: 'DBT_CLOUD_PAT', span: { line: 2, column: 63 } } }]);
  });

  it('calls a helper imported from another file with the caller arguments', async () => {
    const helper = lines(
      'export async function dbtRequest(path: string) {',
      '  return fetch(`${process.env.DBT_CLOUD_URL}${path}`, { headers: { Authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });',
      '}',
    );
    const f = await js(lines("import { dbtRequest } from './http.js';", "await dbtRequest('/api/v2/accounts/77/jobs/');"), 'src/jobs.ts', {
      'src/http.ts': helper,
    });
    expect(f.callSites).toMatchObject([
      {
        span: { line: 2, column: 7 },
        endpoint: { host: '{DBT_CLOUD_URL}', path: '/api/v2/accounts/77/jobs/' },
        credential: { source: 'env', name: 'DBT_CLOUD_TOKEN', span: { line: 2, column: 7 } },
        accountIds: ['77'],
      },
    ]);
  });

  it('follows re-exports, index files, default exports and namespace imports', async () => {
    const f = await js(
      lines("import dbt from './lib';", "import * as cfg from './lib/config';", 'await dbt.get(`/accounts/${cfg.ACCOUNT}/jobs/`);'),
      'src/main.ts',
      {
        'src/lib/index.ts': "export { default } from './client';\n",
        'src/lib/client.ts':
          "import axios from 'axios';\nexport default axios.create({ baseURL: 'https://cloud.getdbt.com/api/v2', headers: { Authorization: `Token ${process.env.DBT_CLOUD_SERVICE_TOKEN}` } });\n",
        'src/lib/config.ts': 'export const ACCOUNT = 4455;\n',
      },
    );
    expect(f.callSites).toMatchObject([
      {
        endpoint: { path: '/api/v2/accounts/4455/jobs/' },
        accountIds: ['4455'],
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 3, column: 7 } },
      },
    ]);
  });

  it('points a token set as client defaults in another file at the import use', async () => {
    const f = await js(lines("import { api } from './client';", "export const runs = () => api.get('/accounts/5/runs/');"), 'src/runs.ts', {
      'src/client.ts': lines(
        "import axios from 'axios';",
        "export const api = axios.create({ baseURL: 'https://cloud.getdbt.com/api/v2' });",
        `api.defaults.headers.common.Authorization = 'Token ${SVC}';`,
      ),
    });
    expect(f.callSites).toMatchObject([
      { span: { line: 2, column: 27 }, credential: { source: 'literal', value: SVC, span: { line: 2, column: 27 } } },
    ]);
  });

  it('stops following imports after three files', async () => {
    const f = await js(
      "import { T } from './a';\nfetch('https://cloud.getdbt.com/api/v2/accounts/', { headers: { Authorization: `Token ${T}` } });",
      'src/x.ts',
      {
        'src/a.ts': "export { T } from './b';",
        'src/b.ts': "export { T } from './c';",
        'src/c.ts': "export { T } from './d';",
        'src/d.ts': 'export const T = process.env.DBT_DEEP;',
      },
    );
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]!.credential).toMatchObject({ source: 'unknown' });
  });
});

describe('javascript adapter: credential sites and look-alikes', () => {
  it('reports a 40-hex legacy key assigned to a dbt-named variable', async () => {
    const f = await js(
      lines(
        `const dbtCloudApiKey = '${LEGACY}';`,
        `const gitSha = '${LEGACY}';`,
        `export const config = { dbt: { apiKey: "${LEGACY}" } };`,
      ),
      'src/settings.js',
    );
    expect(f.credentialSites).toEqual([
      {
        span: { line: 1, column: 25 },
        credential: { source: 'literal', value: LEGACY, name: 'dbtCloudApiKey', span: { line: 1, column: 25 } },
      },
      {
        span: { line: 3, column: 41 },
        credential: { source: 'literal', value: LEGACY, name: 'config.dbt.apiKey', span: { line: 3, column: 41 } },
      },
    ]);
    expect(f.callSites).toEqual([]);
  });

  it('ignores comments, logged URLs, docs and UI links', async () => {
    const f = await js(
      lines(
        '// fetch("https://cloud.getdbt.com/api/v2/accounts/1/jobs/", { headers: { Authorization: "Token x" } })',
        '/** See https://cloud.getdbt.com/api/v2/accounts/ for the API. */',
        "console.log('see https://cloud.getdbt.com/api/v2/accounts/');",
        "fetch('https://docs.getdbt.com/dbt-cloud/api-v2');",
        "window.open('https://cloud.getdbt.com/deploy/1/projects/2/jobs/3');",
        "fetch('https://cloud.getdbt.com/deploy/1/projects/2/jobs/3');",
      ),
      'src/help.tsx',
    );
    expect(f.callSites).toEqual([]);
  });

  it('does not take other APIs with an accounts path, or routes served by the app', async () => {
    const f = await js(
      lines(
        "fetch('https://api.billing.example.com/api/v2/accounts/42/invoices', { headers: { Authorization: `Bearer ${process.env.BILLING_TOKEN}` } });",
        'fetch(`${process.env.BILLING_API_URL}/api/v2/accounts/42`);',
        "router.get('/api/v2/accounts/:id', handler);",
        "fetch('/api/v2/accounts/1/jobs/');",
      ),
      'server/routes.ts',
    );
    expect(f.callSites).toEqual([]);
  });

  it('keeps a literal fallback for an env token as a credential site', async () => {
    const f = await js(
      lines(
        `const token = process.env.DBT_CLOUD_TOKEN || '${SVC}';`,
        "fetch('https://cloud.getdbt.com/api/v2/accounts/', { headers: { Authorization: `Token ${token}` } });",
      ),
    );
    expect(f.callSites).toMatchObject([{ credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' } }]);
    expect(f.credentialSites).toEqual([
      {
        span: { line: 1, column: 47 },
        credential: { source: 'literal', value: SVC, name: 'DBT_CLOUD_TOKEN', span: { line: 1, column: 47 } },
      },
    ]);
  });

  it('reads validated environments and SvelteKit env modules', async () => {
    const f = await js(
      lines(
        "import { cleanEnv, str } from 'envalid';",
        "import { DBT_SVELTE_TOKEN } from '$env/static/private';",
        'const env = cleanEnv(process.env, { DBT_CLOUD_SERVICE_TOKEN: str() });',
        "fetch('https://cloud.getdbt.com/api/v2/accounts/1/', { headers: { Authorization: `Token ${env.DBT_CLOUD_SERVICE_TOKEN}` } });",
        "fetch('https://cloud.getdbt.com/api/v2/accounts/2/', { headers: { Authorization: `Token ${DBT_SVELTE_TOKEN}` } });",
      ),
      'src/routes/+page.server.ts',
    );
    expect(f.callSites.map((c) => [c.credential?.source, c.credential?.name])).toEqual([
      ['env', 'DBT_CLOUD_SERVICE_TOKEN'],
      ['env', 'DBT_SVELTE_TOKEN'],
    ]);
  });

  it('names env vars read through a constant key, and never puts a token into a URL', async () => {
    const f = await js(
      lines(
        "const KEY = 'DBT_CLOUD_SERVICE_TOKEN';",
        `fetch('https://cloud.getdbt.com/api/v2/accounts/1/jobs/?x=1', { headers: { Authorization: 'Token ' + process.env[KEY] } });`,
        `fetch('https://cloud.getdbt.com/api/v2/accounts/${PAT}/jobs/', { headers: { Authorization: 'Token ' + process.env[someKey] } });`,
      ),
    );
    expect(f.callSites.map((c) => c.credential)).toMatchObject([{ source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' }, { source: 'env' }]);
    expect(f.callSites[1]!.credential!.name).toBeUndefined();
    expect(JSON.stringify(f.callSites)).not.toContain(PAT);
  });

  it('does not take Databricks calls that reuse DBT_HOST / DBT_ACCESS_TOKEN', async () => {
    const f = await js(
      lines(
        'const host = process.env.DBT_HOST;',
        'await fetch(`https://${host}/api/2.1/jobs/run-now`, { method: "POST", headers: { Authorization: `Bearer ${process.env.DBT_ACCESS_TOKEN}` } });',
      ),
      'scripts/dbx.mjs',
    );
    expect(f.callSites).toEqual([]);
  });

  it('does not take same-origin paths even in a file about dbt', async () => {
    const f = await js(
      '// proxy for the dbt Cloud API\nexport const jobs = (id: number) => fetch(`/api/v2/accounts/${id}/jobs/`);',
      'web/dbt.ts',
    );
    expect(f.callSites).toEqual([]);
  });

  it('marks the code of a JavaScript GitHub Action as ci-cd and reads action inputs', async () => {
    const f = await js(
      lines(
        "const core = require('@actions/core');",
        "fetch(`${core.getInput('dbt_cloud_url')}/api/v2/accounts/1/jobs/`, { headers: { Authorization: `Token ${core.getInput('dbt_cloud_token')}` } });",
      ),
      '.github/actions/dbt/index.js',
    );
    expect(f.role).toBe('ci-cd');
    expect(f.callSites).toMatchObject([
      { endpoint: { host: '{dbt_cloud_url}' }, credential: { source: 'config', name: 'dbt_cloud_token' } },
    ]);
  });
});

describe('javascript adapter: extension settings and host fallbacks', () => {
  it('reads a Raycast preference destructured from getPreferenceValues()', async () => {
    const f = await js(
      lines(
        "import { getPreferenceValues } from '@raycast/api';",
        'interface Preferences { dbtCloudAdminAPIKey: string; dbtCloudAccountID: string }',
        'export async function listJobs() {',
        '  const { dbtCloudAdminAPIKey, dbtCloudAccountID } = getPreferenceValues<Preferences>();',
        '  return fetch(`https://cloud.getdbt.com/api/v2/accounts/${dbtCloudAccountID}/jobs/`, {',
        '    headers: { Authorization: `Token ${dbtCloudAdminAPIKey}` },',
        '  });',
        '}',
      ),
      'extensions/dbt-cloud/src/api.ts',
    );
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{dbtCloudAccountID}/jobs/' },
      credential: { source: 'config', name: 'dbtCloudAdminAPIKey' },
    });
  });

  it('reads a Raycast preference read as a property of getPreferenceValues()', async () => {
    const f = await js(
      lines(
        "import { getPreferenceValues } from '@raycast/api';",
        'const headers = { Authorization: `Token ${getPreferenceValues().dbtCloudAdminAPIKey}` };',
        "export const runs = () => fetch('https://cloud.getdbt.com/api/v2/accounts/1/runs/', { headers });",
      ),
      'src/runs.ts',
    );
    expect(f.callSites).toMatchObject([
      { credential: { source: 'config', name: 'dbtCloudAdminAPIKey', span: { line: 2 } }, accountIds: ['1'] },
    ]);
  });

  it('reads a VS Code setting from workspace.getConfiguration()', async () => {
    const f = await js(
      lines(
        "import * as vscode from 'vscode';",
        'export async function trigger(jobId: number) {',
        "  const token = vscode.workspace.getConfiguration('dbt').get<string>('dbtCloudToken');",
        "  const settings = vscode.workspace.getConfiguration('dbt');",
        "  return fetch(`${settings.get('dbtCloudHost')}/api/v2/accounts/3/jobs/${jobId}/run/`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });",
        '}',
      ),
      'src/extension.ts',
    );
    expect(f.callSites).toMatchObject([{ credential: { source: 'config', name: 'dbtCloudToken' }, endpoint: { host: '{dbtCloudHost}' } }]);
  });

  it('uses the literal fallback host written with ?? or ||', async () => {
    const f = await js(
      lines(
        'const a = await fetch(`https://${process.env.DBT_CLOUD_HOST ?? "cloud.getdbt.com"}/api/v2/accounts/9/jobs/`, { headers: { Authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });',
        "const base = process.env.DBT_CLOUD_URL || 'https://emea.dbt.com';",
        'const b = await fetch(`${base}/api/v2/accounts/9/runs/`, { headers: { Authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });',
      ),
    );
    expect(f.callSites).toHaveLength(2);
    expect(f.callSites[0]).toMatchObject({
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/9/jobs/' },
      credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' },
    });
    expect(f.callSites[1]).toMatchObject({ endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/9/runs/' } });
  });

  it('keeps the placeholder when the fallback is not a dbt Cloud host', async () => {
    const f = await js('fetch(`https://${process.env.DBT_CLOUD_HOST ?? "localhost:8080"}/api/v2/accounts/9/jobs/`);');
    expect(f.callSites).toMatchObject([{ endpoint: { host: '{DBT_CLOUD_HOST}' } }]);
  });

  it('does not treat an unrelated get() or getConfiguration() as dbt settings', async () => {
    const f = await js(
      lines(
        'const m = new Map();',
        "const token = m.get('dbtCloudToken');",
        "fetch('https://cloud.getdbt.com/api/v2/accounts/1/jobs/', { headers: { Authorization: `Token ${token}` } });",
      ),
    );
    expect(f.callSites[0]!.credential?.source).not.toBe('config');
  });
});

describe('javascript adapter: helpers whose URL comes from elsewhere', () => {
  it('takes a request with a dbt-named token for a call even when its URL is a parameter', async () => {
    const f = await js(
      lines(
        "import axios from 'axios';",
        'export async function getFromDbt(url: string) {',
        '  const res = await fetch(url, { headers: { Authorization: `Bearer ${process.env.DBT_CLOUD_API_TOKEN}` } });',
        '  return res.json();',
        '}',
        'export const postToDbt = (endpoint: string, body: unknown) =>',
        "  axios.post(endpoint, body, { headers: { Authorization: 'Token ' + process.env.DBT_CLOUD_PAT } });",
      ),
      'src/lib/http.ts',
    );
    expect(f.callSites).toEqual([
      {
        kind: 'http',
        span: { line: 3, column: 21, endLine: 3, endColumn: 108 },
        client: 'fetch',
        credential: { source: 'env', name: 'DBT_CLOUD_API_TOKEN', span: { line: 3, column: 70, endLine: 3, endColumn: 101 } },
      },
      {
        kind: 'http',
        span: { line: 7, column: 3, endLine: 7, endColumn: 99 },
        client: 'axios',
        credential: { source: 'env', name: 'DBT_CLOUD_PAT', span: { line: 7, column: 69, endLine: 7, endColumn: 94 } },
      },
    ]);
  });

  it('takes a dbt-named setting or member, and a generic client, the same way', async () => {
    const f = await js(
      lines(
        'export class RunsApi {',
        '  constructor(private readonly http: HttpClient, private readonly settings: { dbtServiceToken: string }) {}',
        '  load(url: string) {',
        '    return this.http.get(url, { headers: { Authorization: `Token ${this.settings.dbtServiceToken}` } });',
        '  }',
        '}',
      ),
      'src/app/runs-api.ts',
    );
    expect(f.callSites).toMatchObject([{ span: { line: 4, column: 12 }, client: 'http', credential: { source: 'unknown' } }]);
    expect(f.callSites[0]!.endpoint).toBeUndefined();
  });

  it('does not take an unknown URL whose token is not dbt-named, unschemed, Basic or Databricks', async () => {
    const f = await js(
      lines(
        '// posts dbt run results to the team dashboard',
        'export const send = (url: string) => fetch(url, { headers: { Authorization: `Bearer ${process.env.DASHBOARD_TOKEN}` } });',
        'export const raw = (url: string) => fetch(url, { headers: { Authorization: process.env.DBT_CLOUD_API_TOKEN! } });',
        "export const basic = (url: string) => fetch(url, { headers: { Authorization: 'Basic ' + process.env.DBT_CLOUD_API_KEY } });",
        "export const local = (path: string) => fetch('/internal' + path, { headers: { Authorization: `Bearer ${process.env.DBT_CLOUD_API_TOKEN}` } });",
      ),
      'src/report.ts',
    );
    expect(f.callSites).toEqual([]);
    const databricks = await js(
      lines(
        '// runs the dbt task of a Databricks job',
        'export const call = (url: string) => fetch(url, { headers: { Authorization: `Bearer ${process.env.DBT_ACCESS_TOKEN}` } });',
      ),
      'scripts/databricks.ts',
    );
    expect(databricks.callSites).toEqual([]);
  });

  it('gives a helper with an unknown URL the endpoint its callers in the file agree on', async () => {
    const f = await js(
      lines(
        'const token = process.env.DBT_CLOUD_SERVICE_TOKEN;',
        'async function call(url: string) {',
        '  return fetch(url, { headers: { Authorization: `Token ${token}` } });',
        '}',
        "export const jobs = () => call('https://cloud.getdbt.com/api/v2/accounts/31/jobs/');",
      ),
      'scripts/jobs.ts',
    );
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.path, c.accountIds, c.credential?.name])).toEqual([
      [3, '/api/v2/accounts/31/jobs/', ['31'], 'DBT_CLOUD_SERVICE_TOKEN'],
      [5, '/api/v2/accounts/31/jobs/', ['31'], 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
  });

  it('takes the first caller endpoint when callers disagree and the helper knows none', async () => {
    const f = await js(
      lines(
        'async function call(url: string, token: string) {',
        '  return fetch(url, { headers: { Authorization: `Token ${token}` } });',
        '}',
        "export const a = () => call('https://emea.dbt.com/api/v2/accounts/5/runs/', process.env.DBT_EU_TOKEN!);",
        "export const b = () => call('https://cloud.getdbt.com/api/v3/accounts/', process.env.DBT_US_TOKEN!);",
      ),
      'scripts/sync.ts',
    );
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.host, c.credential?.source, c.credential?.name])).toEqual([
      [2, 'emea.dbt.com', 'unknown', undefined],
      [4, 'emea.dbt.com', 'env', 'DBT_EU_TOKEN'],
      [5, 'cloud.getdbt.com', 'env', 'DBT_US_TOKEN'],
    ]);
  });

  it('drops a helper whose dbt-looking path goes to the hosts its callers pass, none of them dbt Cloud', async () => {
    const f = await js(
      lines(
        '// mirrors the dbt Cloud API shape on our own admin service',
        'const accounts = (base: string) => fetch(`${base}/api/v2/accounts/`);',
        "export const list = () => accounts('https://admin.internal.example.com');",
      ),
      'scripts/accounts.ts',
    );
    expect(f.callSites).toEqual([]);
  });

  it('drops a helper whose callers here all pass URLs that are not dbt Cloud', async () => {
    const f = await js(
      lines(
        'const auth = { Authorization: `Bearer ${process.env.DBT_CLOUD_API_TOKEN}` };',
        'const get = (url: string) => fetch(url, { headers: auth });',
        "export const status = () => get('https://status.example.com/api/health');",
      ),
      'scripts/health.ts',
    );
    expect(f.callSites).toEqual([]);
  });
});

describe('javascript adapter: MCP client transports', () => {
  it('reports a Streamable HTTP or SSE transport to the hosted dbt MCP endpoint', async () => {
    const f = await js(
      lines(
        "import { Client } from '@modelcontextprotocol/sdk/client/index.js';",
        "import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';",
        "import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse';",
        "const host = process.env.DBT_PLATFORM_HOST ?? 'cloud.getdbt.com';",
        'const init = { headers: { Authorization: `Bearer ${process.env.DBT_MCP_SERVICE_TOKEN}`, "x-dbt-prod-environment-id": "12" } };',
        'const transport = new StreamableHTTPClientTransport(new URL(`https://${host}/api/ai/v1/mcp/`), { requestInit: init });',
        "const legacy = new SSEClientTransport(new URL('https://ab123.us1.dbt.com/api/ai/v1/mcp/'), { requestInit: { headers: { Authorization: 'token ' + process.env.DBT_MCP_PAT } } });",
        "await new Client({ name: 'agent', version: '1.0.0' }).connect(process.argv[2] === 'sse' ? legacy : transport);",
      ),
      'agents/dbt-agent.ts',
    );
    expect(
      f.callSites.map((c) => [c.span.line, c.client, c.endpoint?.host, c.endpoint?.path, c.credential?.source, c.credential?.name]),
    ).toEqual([
      [6, 'StreamableHTTPClientTransport', 'cloud.getdbt.com', '/api/ai/v1/mcp/', 'env', 'DBT_MCP_SERVICE_TOKEN'],
      [7, 'SSEClientTransport', 'ab123.us1.dbt.com', '/api/ai/v1/mcp/', 'env', 'DBT_MCP_PAT'],
    ]);
  });

  it('does not take a transport to another MCP server, or a transport class of another package', async () => {
    const f = await js(
      lines(
        "import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';",
        "import { StreamableHTTPClientTransport as Other } from './vendor/transport';",
        '// the local dbt-mcp server holds the dbt token itself',
        "const local = new StreamableHTTPClientTransport(new URL('http://localhost:8000/mcp'), { requestInit: { headers: { Authorization: `Bearer ${process.env.DBT_TOKEN}` } } });",
        "const other = new Other(new URL('https://mcp.example.com/api/ai/v1/tools'));",
      ),
      'agents/local.ts',
    );
    expect(f.callSites).toEqual([]);
  });
});

describe('javascript adapter: desktop extensions', () => {
  const call = lines(
    'export const jobs = (token: string) => fetch("https://cloud.getdbt.com/api/v2/accounts/8/jobs/", { headers: { Authorization: `Token ${token}` } });',
  );

  it('gives the calls of a VS Code or Raycast extension an unknown workflow', async () => {
    const vscode = await js(lines("import * as vscode from 'vscode';", call), 'src/extension.ts');
    expect(vscode.callSites).toMatchObject([{ workflow: 'unknown', endpoint: { path: '/api/v2/accounts/8/jobs/' } }]);
    // a file of the extension that does not import the host API, found by the package manifest
    const raycast = await js(call, 'ext/src/api/jobs.ts', {
      'ext/package.json': JSON.stringify({ name: 'dbt', dependencies: { '@raycast/api': '^1.0.0' } }),
    });
    expect(raycast.callSites).toMatchObject([{ workflow: 'unknown' }]);
    const engines = await js(call, 'src/jobs.ts', { 'package.json': JSON.stringify({ name: 'dbt-ext', engines: { vscode: '^1.90.0' } }) });
    expect(engines.callSites).toMatchObject([{ workflow: 'unknown' }]);
  });

  it('leaves the workflow of other packages to the file path', async () => {
    const app = await js(call, 'web/src/jobs.ts', {
      'web/package.json': JSON.stringify({ name: 'web', dependencies: { next: '14.0.0' } }),
      'package.json': JSON.stringify({ name: 'root', dependencies: { '@raycast/api': '^1.0.0' } }),
    });
    expect(app.callSites).toHaveLength(1);
    expect(app.callSites[0]!.workflow).toBeUndefined();
    const broken = await js(call, 'src/jobs.ts', { 'package.json': '{ not json' });
    expect(broken.callSites[0]!.workflow).toBeUndefined();
  });
});

describe('javascript adapter: robustness', () => {
  it('falls back to a text scan on a fatal syntax error, without quoting source', async () => {
    const f = await js(
      lines(
        'function broken( {',
        `  fetch("https://cloud.getdbt.com/api/v2/accounts/3/runs/", { headers: { Authorization: "Token ${PAT}" } });`,
      ),
      'src/broken.js',
    );
    expect(f.problems).toEqual(['JavaScript parse error at line 2; scanned as text']);
    expect(f.callSites).toMatchObject([
      { span: { line: 2, column: 3 }, endpoint: { path: '/api/v2/accounts/3/runs/' }, credential: { source: 'literal', value: PAT } },
    ]);
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
    expect(f.callSites).toMatchObject([
      { endpoint: { path: '/api/v2/accounts/9/runs/' }, credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' } },
    ]);
  });

  it('never throws on binary, truncated or odd input', async () => {
    const inputs = [
      '\u0000\u0001\u0002getdbt.com\uFFFD\uFFFD',
      "fetch('https://cloud.getdbt.com/api/v2/accounts/",
      '`${'.repeat(5000),
      "import x from './x';\n".repeat(200),
      '<div>{fetch("https://cloud.getdbt.com/api/v2/accounts/1/")}</div>',
      'const x = <T,>(a: T) => a; let y = <string>z; fetch(`https://cloud.getdbt.com/api/v2/accounts/${y}/`);',
      'a'.repeat(30_000) + '\ngetdbt.com',
      `"${'\\'.repeat(10_000)}getdbt.com`,
    ];
    for (const [i, text] of inputs.entries()) {
      for (const path of ['src/a.ts', 'src/a.js', 'src/a.tsx', 'src/a.cts']) {
        const f = await js(text, path, { 'src/x.ts': text });
        expect(Array.isArray(f.callSites), `input ${i} as ${path}`).toBe(true);
        for (const p of f.problems) expect(p).toMatch(/^JavaScript parse error at line \d+; scanned as text$/);
      }
    }
  });

  it('stays fast on a call graph that fans out', async () => {
    const fns = [
      'function f0(p) { return fetch(`https://cloud.getdbt.com/api/v2${p}`, { headers: { Authorization: `Token ${process.env.DBT_T}` } }); }',
    ];
    for (let i = 1; i < 6; i++)
      fns.push(`function f${i}(p) { ${Array.from({ length: 60 }, (_, j) => `f${i - 1}(p + '/${j}');`).join(' ')} }`);
    fns.push("f5('/accounts/1');");
    const t0 = performance.now();
    const f = await js(fns.join('\n'), 'src/fan.js');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(f.callSites.length).toBeGreaterThan(0);
  });

  it('parses TSX, Flow-typed JS and CommonJS TypeScript', async () => {
    const tsx = await js(
      "export const C = () => <button onClick={() => fetch('https://cloud.getdbt.com/api/v2/accounts/4/jobs/')}>Run</button>;",
      'src/C.tsx',
    );
    const flow = await js("// @flow\ntype T = {| a: string |};\nfetch('https://cloud.getdbt.com/api/v2/accounts/4/jobs/');", 'src/flow.js');
    const cts = await js("import axios = require('axios');\naxios.get('https://cloud.getdbt.com/api/v2/accounts/4/jobs/');", 'src/c.cts');
    for (const f of [tsx, flow, cts]) {
      expect(f.problems).toEqual([]);
      expect(f.callSites).toMatchObject([{ endpoint: { path: '/api/v2/accounts/4/jobs/' } }]);
    }
  });
});

describe('javascript adapter: modules that cannot reach dbt Cloud', () => {
  const view = (imports: string, body: string): string =>
    lines('// Shows the dbt Cloud project this page was built for.', imports, 'export function load(jobId: number) {', body, '}');

  it('finds nothing where dbt is only in field names, links and comments, here and in what is imported', async () => {
    const f = await js(
      view("import { readJson } from './read';", "  return readJson('/static/project.json', { dbt_cloud_project_id: jobId });"),
      'src/page.ts',
      {
        'src/read.ts': lines(
          '// See https://docs.getdbt.com/docs/collaborate/documentation',
          'export const readJson = (url: string, query: object) => fetch(url, { method: "POST", body: JSON.stringify(query) });',
        ),
      },
    );
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
  });

  it('does not parse such a module at all: its syntax errors are not reported', async () => {
    // Unparsable (an unclosed brace): were it parsed, the error would be among the problems.
    const f = await js(view('', '  return { dbt_cloud_project_id: jobId '), 'src/page.ts');
    expect(f.problems).toEqual([]);
    const evidence = await js(view('', '  return fetch(`${process.env.DBT_CLOUD_HOST}/api/v2/accounts/1/` '), 'src/page.ts');
    expect(evidence.problems).toEqual([expect.stringMatching(/^JavaScript parse error at line \d+; scanned as text$/)]);
  });

  // Unparsable (an unclosed brace) so that whether the module was parsed shows in its problems.
  const unclosed = '  return { dbt_cloud_project_id: jobId ';
  const parsed = (f: FileFacts): boolean => f.problems.some((p) => /^JavaScript parse error/.test(p));

  it.each([
    [
      'dbt-named links to dbt web sites, and an object of them spread whole',
      lines(
        "const DBT_STATE_URL = 'https://state.dbt.com/';",
        "const dbtDocsUrl = 'https://docs.getdbt.com/docs/build/view-documentation?version=2.0';",
        "const DBT_STATE_BASE = { title: 'dbt State', href: DBT_STATE_URL, docs: dbtDocsUrl };",
        'export const cards = { core: { ...DBT_STATE_BASE }, cloud: { ...DBT_STATE_BASE } };',
      ),
    ],
    [
      'an allow-list of dbt Labs sites that names the API host among them',
      "const TRACKED = new Set(['getdbt.com', 'www.getdbt.com', 'docs.getdbt.com', 'cloud.getdbt.com']);",
    ],
  ])('does not parse a module whose only dbt Cloud traces are %s', async (_what, decl) => {
    const f = await js(lines(decl, view('', unclosed)), 'src/page.ts');
    expect(parsed(f)).toBe(false);
  });

  it.each([
    ['a dbt-named URL bound to something else too', "let dbtUrl = 'https://docs.getdbt.com';\ndbtUrl = window.origin;"],
    ['a dbt-named URL read from the environment', 'const DBT_URL = process.env.PUBLIC_URL;'],
    ['a dbt-named object whose member is read', "const DBT_BASE = { url: 'https://docs.getdbt.com' };\nfetch(DBT_BASE.url);"],
    ['a dbt-named credential, whatever its value', "const DBT_DOCS_TOKEN = 'https://docs.getdbt.com';"],
    ['a dbt-named optional property', 'interface Settings { dbtUrl?: string }'],
    ['a dbt-named URL imported from elsewhere', "import { DBT_URL } from 'settings';"],
    ['an API host among keyed hosts', "const HOSTS = { api: 'cloud.getdbt.com', docs: 'docs.getdbt.com' };"],
    ['a list of API hosts only', "const REGIONS = ['cloud.getdbt.com', 'emea.dbt.com'];"],
  ])('parses a module with %s', async (_what, decl) => {
    const f = await js(lines(decl, view('', unclosed)), 'src/page.ts');
    expect(parsed(f)).toBe(true);
  });

  it.each([
    ['a dbt-named host env var', "export const BASE = process.env.DBT_CLOUD_HOST + '/api/v2/accounts/1';"],
    ['a templated regional host', 'export const BASE = `https://${process.env.PREFIX}.us1.dbt.com/api/v2/accounts/1`;'],
    ['an account API path on an unknown host', 'export const BASE = `${process.env.API}/api/v2/accounts/1`;'],
  ])('still finds the call when the URL comes two imports away from %s', async (_what, base) => {
    const f = await js(
      view("import { JOBS } from './urls';", '  return fetch(`${JOBS}${jobId}/run/`, { method: "POST" });'),
      'src/page.ts',
      {
        'src/urls.ts': lines("import { BASE } from './base';", 'export const JOBS = `${BASE}/jobs/`;'),
        'src/base.ts': base,
      },
    );
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]!.endpoint?.path).toMatch(/^\/api\/v2\/accounts\/1\/jobs\//);
  });

  it('still finds a Discovery API call whose only dbt Cloud trace is the host, two imports away', async () => {
    const f = await js(
      view("import { GRAPHQL } from './urls';", '  return fetch(GRAPHQL, { method: "POST", body: "{ job }" });'),
      'src/page.ts',
      {
        'src/urls.ts': lines("import { HOST } from './host';", 'export const GRAPHQL = `https://${HOST}/graphql`;'),
        'src/host.ts': "export const HOST = 'metadata.cloud.getdbt.com';",
      },
    );
    expect(f.callSites).toMatchObject([{ endpoint: { host: 'metadata.cloud.getdbt.com', path: '/graphql' } }]);
  });

  it('still finds a token-only call whose dbt-named token is imported', async () => {
    const f = await js(
      view("import { authHeaders } from './settings';", '  return fetch(process.env.RUNS_URL!, { headers: authHeaders });'),
      'src/page.ts',
      { 'src/settings.ts': 'export const authHeaders = { Authorization: `Token ${process.env.DBT_CLOUD_SERVICE_TOKEN}` };' },
    );
    expect(f.callSites).toMatchObject([{ credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' } }]);
  });
});

describe('javascript adapter: import closures searched once a scan', () => {
  // The components of an app import each other: each file's search for call evidence through its
  // imports meets the same modules, and a scan's memo (src/adapters/scan-memo.ts) keeps the ones
  // whose closure held none. A context without one (a --cache run records every read) reads again.
  const files: Record<string, string> = {
    'web/src/Lineage.tsx': 'import { Dag } from \'./shared/dag\';\nexport const Lineage = () => <Dag activeDbtCloudProject="local" />;\n',
    'web/src/Search.tsx': 'import { Dag } from \'./shared/dag\';\nexport const Search = () => <Dag dbtCloudProject="local" />;\n',
    'web/src/shared/dag.tsx': "import { layout } from './layout';\nexport const Dag = (p: { dbtCloudProject?: string }) => layout(p);\n",
    'web/src/shared/layout.ts': 'export const layout = (p: unknown) => p; // dbt docs lineage layout\n',
  };
  const run = async (memo: ScanMemo | undefined): Promise<{ facts: FileFacts[]; reads: string[][] }> => {
    const adapter = await ADAPTERS.find((a) => a.id === 'javascript')!.load();
    const facts: FileFacts[] = [];
    const reads: string[][] = [];
    for (const path of ['web/src/Lineage.tsx', 'web/src/Search.tsx']) {
      const read: string[] = [];
      const ctx: AdapterContext = {
        readRepoFile: (p) => {
          if (!(p in files)) return undefined;
          read.push(p);
          return { path: p, absPath: `/repo/${p}`, text: files[p]! };
        },
        fileExists: (p) => p in files,
        ...(memo ? { memo } : {}),
      };
      facts.push(await adapter.extract({ path, absPath: `/repo/${path}`, text: files[path]! }, ctx));
      reads.push(read);
    }
    return { facts, reads };
  };

  it('does not search a closure again that held no evidence', async () => {
    const { facts, reads } = await run(new ScanMemo());
    expect(facts.map((f) => f.callSites.length + f.credentialSites.length)).toEqual([0, 0]);
    expect(reads[0]).toEqual(expect.arrayContaining(['web/src/shared/dag.tsx', 'web/src/shared/layout.ts']));
    expect(reads[1]).toEqual([]);
  });

  it('searches it again for every file when the context keeps no memo', async () => {
    const { facts, reads } = await run(undefined);
    expect(facts.map((f) => f.callSites.length + f.credentialSites.length)).toEqual([0, 0]);
    expect(reads[1]).toEqual(expect.arrayContaining(['web/src/shared/dag.tsx', 'web/src/shared/layout.ts']));
  });
});
