import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const run = (path: string, value: unknown, others: Record<string, string> = {}) =>
  extractWith('postman', path, typeof value === 'string' ? value : JSON.stringify(value, null, '\t'), others);

/** 1-based line of the n-th line containing `needle` in the pretty-printed JSON. */
const lineOf = (value: unknown, needle: string, nth = 0): number => {
  const lines = JSON.stringify(value, null, '\t').split('\n');
  const hits = lines.map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter(Boolean);
  return hits[nth]!;
};

const info = {
  _postman_id: '5c1b3c0e-0000-4000-8000-000000000001',
  name: 'dbt Cloud API',
  schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
};

describe('postman adapter: collections', () => {
  const collection = {
    info,
    item: [
      {
        name: 'Jobs',
        item: [
          {
            name: 'Trigger job run',
            request: {
              method: 'POST',
              header: [{ key: 'Content-Type', value: 'application/json' }],
              body: { mode: 'raw', raw: '{"cause": "Triggered from Postman"}' },
              url: {
                raw: '{{baseUrl}}/api/v2/accounts/{{account_id}}/jobs/{{job_id}}/run/',
                host: ['{{baseUrl}}'],
                path: ['api', 'v2', 'accounts', '{{account_id}}', 'jobs', '{{job_id}}', 'run', ''],
              },
            },
          },
        ],
      },
      { name: 'List runs', request: { method: 'GET', url: '{{baseUrl}}/api/v2/accounts/{{account_id}}/runs/?limit=10' } },
      { name: 'Echo (not dbt)', request: { method: 'GET', url: 'https://postman-echo.com/get' } },
    ],
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{dbt_cloud_token}}', type: 'string' }] },
    variable: [
      { key: 'baseUrl', value: 'https://cloud.getdbt.com' },
      { key: 'account_id', value: '43786' },
      { key: 'job_id', value: '' },
      { key: 'dbt_cloud_token', value: '' },
    ],
  };

  it('reports each dbt Cloud request with the collection auth variable', async () => {
    const facts = await run('postman/dbt_cloud.postman_collection.json', collection);
    expect(facts.role).toBe('postman');
    expect(facts.problems).toEqual([]);
    expect(facts.callSites).toHaveLength(2);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      workflow: 'postman',
      span: { line: lineOf(collection, '"request"', 0), column: 6 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/43786/jobs/{job_id}/run/', method: 'POST' },
      accountIds: ['43786'],
      credential: {
        source: 'variable',
        name: 'dbt_cloud_token',
        ref: { kind: 'postman-variable', id: 'dbt_cloud_token' },
        span: { line: lineOf(collection, '{{dbt_cloud_token}}'), column: 14 },
      },
    });
    expect(facts.callSites[1]).toMatchObject({
      span: { line: lineOf(collection, '"request"', 1), column: 4 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/43786/runs/', method: 'GET' },
    });
  });

  it('uses a collection variable holding a literal token, pointing at the variable', async () => {
    const withToken = structuredClone(collection);
    withToken.variable[3]!.value = PAT;
    const facts = await run('dbt.postman_collection.json', withToken);
    expect(facts.callSites[0]!.credential).toMatchObject({
      source: 'literal',
      name: 'dbt_cloud_token',
      value: PAT,
      span: { line: lineOf(withToken, PAT) },
    });
    expect(facts.credentialSites.map((s) => s.credential.name)).toEqual(['dbt_cloud_token']);
  });

  it('resolves variables from an environment file beside the collection', async () => {
    const envFile = JSON.stringify({
      name: 'dbt prod',
      values: [
        { key: 'dbt_cloud_token', value: SVC, enabled: true },
        { key: 'baseUrl', value: 'https://emea.dbt.com', enabled: true },
      ],
    });
    const facts = await run('api/dbt.postman_collection.json', collection, { 'api/dbt.postman_environment.json': envFile });
    expect(facts.callSites[0]).toMatchObject({
      endpoint: { host: 'emea.dbt.com' },
      credential: { source: 'variable', name: 'dbt_cloud_token', value: SVC, ref: { kind: 'postman-variable', id: 'dbt_cloud_token' } },
    });
  });

  it('prefers a request Authorization header, then request auth, then folder auth', async () => {
    const c = {
      info,
      auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{collection_token}}' }] },
      item: [
        {
          name: 'Admin',
          auth: {
            type: 'apikey',
            apikey: [
              { key: 'key', value: 'Authorization' },
              { key: 'value', value: 'Token {{folder_token}}' },
              { key: 'in', value: 'header' },
            ],
          },
          item: [
            {
              name: 'header',
              request: {
                method: 'GET',
                header: [{ key: 'Authorization', value: `Token ${PAT}` }],
                url: 'https://cloud.getdbt.com/api/v3/accounts/',
              },
            },
            {
              name: 'disabled header',
              request: {
                method: 'GET',
                header: [{ key: 'Authorization', value: `Token ${PAT}`, disabled: true }],
                url: 'https://cloud.getdbt.com/api/v3/accounts/',
              },
            },
            {
              name: 'own auth',
              request: {
                auth: { type: 'bearer', bearer: { token: '{{request_token}}' } },
                method: 'GET',
                url: 'https://cloud.getdbt.com/api/v3/accounts/',
              },
            },
            { name: 'noauth', request: { auth: { type: 'noauth' }, method: 'GET', url: 'https://cloud.getdbt.com/api/v3/accounts/' } },
            { name: 'inherit', request: { auth: { type: 'inherit' }, method: 'GET', url: 'https://cloud.getdbt.com/api/v3/accounts/' } },
          ],
        },
        { name: 'top', request: { method: 'GET', url: 'https://cloud.getdbt.com/api/v3/accounts/' } },
      ],
    };
    const facts = await run('dbt.postman_collection.json', c);
    expect(facts.callSites.map((s) => s.credential && [s.credential.source, s.credential.name ?? s.credential.value])).toEqual([
      ['literal', PAT],
      ['variable', 'folder_token'],
      ['variable', 'request_token'],
      undefined,
      ['variable', 'folder_token'],
      ['variable', 'collection_token'],
    ]);
    expect(facts.callSites[0]!.credential!.span).toMatchObject({ line: lineOf(c, `Token ${PAT}`) });
  });

  it('rebuilds URLs from host/path arrays and Postman path variables', async () => {
    const c = {
      info,
      item: [
        {
          name: 'Get run',
          request: {
            method: 'GET',
            header: [{ key: 'Authorization', value: 'Bearer {{token}}' }],
            url: {
              protocol: 'https',
              host: ['cloud', 'getdbt', 'com'],
              path: ['api', 'v2', 'accounts', ':account_id', 'runs', ':run_id', ''],
              variable: [
                { key: 'account_id', value: '12' },
                { key: 'run_id', value: '' },
              ],
            },
          },
        },
      ],
    };
    const facts = await run('postman/runs.json', c);
    expect(facts.callSites[0]).toMatchObject({
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/12/runs/{run_id}/' },
      accountIds: ['12'],
      credential: { source: 'variable', name: 'token' },
    });
  });

  it('recognises Discovery and dbt-named host variables', async () => {
    const c = {
      info,
      item: [
        {
          name: 'discovery',
          request: {
            method: 'POST',
            header: [{ key: 'Authorization', value: 'Bearer {{token}}' }],
            url: 'https://metadata.cloud.getdbt.com/graphql',
          },
        },
        { name: 'host var', request: { method: 'GET', url: '{{dbt_cloud_host}}/api/v3/accounts/1/projects/' } },
        { name: 'generic host var', request: { method: 'GET', url: '{{base_url}}/api/v2/accounts/1/jobs/' } },
      ],
    };
    const facts = await run('dbt.postman_collection.json', c);
    expect(facts.callSites.map((s) => [s.endpoint?.host, s.endpoint?.path])).toEqual([
      ['metadata.cloud.getdbt.com', '/graphql'],
      ['{dbt_cloud_host}', '/api/v3/accounts/1/projects/'],
      ['{base_url}', '/api/v2/accounts/1/jobs/'],
    ]);
  });

  it('ignores non-dbt requests, docs and UI links', async () => {
    const c = {
      info: { ...info, name: 'Misc' },
      item: [
        { name: 'docs', request: { method: 'GET', url: 'https://docs.getdbt.com/dbt-cloud/api-v2' } },
        { name: 'ui', request: { method: 'GET', url: 'https://cloud.getdbt.com/deploy/1/projects/2/jobs/3' } },
        {
          name: 'github',
          request: {
            method: 'GET',
            header: [{ key: 'Authorization', value: 'Bearer {{gh_token}}' }],
            url: 'https://api.github.com/repos/dbt-labs/dbt-core',
          },
        },
        { name: 'generic host', request: { method: 'GET', url: '{{baseUrl}}/graphql' } },
      ],
    };
    const facts = await run('misc.postman_collection.json', c);
    expect(facts.callSites).toEqual([]);
    expect(facts.role).toBe('postman');
  });

  it('reads v1 collections', async () => {
    const v1 = {
      id: 'c0ffee00-0000-4000-8000-000000000000',
      name: 'dbt Cloud (v1)',
      requests: [
        {
          id: 'r1',
          name: 'Trigger',
          method: 'POST',
          url: 'https://cloud.getdbt.com/api/v2/accounts/9/jobs/8/run/',
          headers: `Content-Type: application/json\nAuthorization: Token ${LEGACY}\n`,
        },
      ],
    };
    const facts = await run('old.postman_collection.json', v1);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({ accountIds: ['9'], credential: { source: 'literal', value: LEGACY } });
  });
});

describe('postman adapter: environments', () => {
  it('emits Definitions for token-ish variables and credential sites for token values', async () => {
    const envFile = {
      id: '0b8a7c4e-0000-4000-8000-000000000002',
      name: 'dbt Cloud - staging',
      values: [
        { key: 'baseUrl', value: 'https://cloud.getdbt.com', type: 'default', enabled: true },
        { key: 'account_id', value: '43786', type: 'default', enabled: true },
        { key: 'dbt_cloud_token', value: PAT, type: 'secret', enabled: true },
        { key: 'legacy_api_key', value: LEGACY, type: 'secret', enabled: true },
        { key: 'empty_token', value: '', type: 'secret', enabled: true },
      ],
      _postman_variable_scope: 'environment',
      _postman_exported_at: '2024-05-02T09:14:11.000Z',
      _postman_exported_using: 'Postman/11.0.0',
    };
    const facts = await run('postman/staging.postman_environment.json', envFile);
    expect(facts.role).toBe('postman');
    expect(facts.callSites).toEqual([]);
    expect(facts.definitions.map((d) => [d.ref.kind, d.ref.id, d.credential.value, d.span.line])).toEqual([
      ['postman-variable', 'dbt_cloud_token', PAT, lineOf(envFile, 'dbt_cloud_token') - 1],
      ['postman-variable', 'legacy_api_key', LEGACY, lineOf(envFile, 'legacy_api_key') - 1],
    ]);
    expect(facts.credentialSites.map((s) => [s.credential.name, s.span.line])).toEqual([
      ['dbt_cloud_token', lineOf(envFile, PAT)],
      ['legacy_api_key', lineOf(envFile, LEGACY)],
    ]);
  });

  it('does not take a 40-hex value outside a dbt context as a credential site', async () => {
    const facts = await run('github.postman_environment.json', {
      name: 'GitHub',
      values: [{ key: 'commit_token', value: LEGACY, enabled: true }],
    });
    expect(facts.credentialSites).toEqual([]);
    expect(facts.definitions).toHaveLength(1);
  });
});

describe('postman adapter: robustness', () => {
  it('finds nothing in plain JSON under postman/', async () => {
    const facts = await run('postman/package.json', { name: 'newman-runner', dependencies: { newman: '^6.0.0' } });
    expect(facts).toMatchObject({ callSites: [], problems: [] });
    expect(facts.role).toBeUndefined();
  });

  it('reports malformed JSON by line and keeps what it read', async () => {
    const text = `{\n "info": {"name": "x"},\n "item": [\n  {"name": "a", "request": {"method": "GET", "url": "https://cloud.getdbt.com/api/v2/accounts/1/jobs/"}},\n  {"name": "b", "request": {"url": "${PAT}`;
    const facts = await run('x.postman_collection.json', text);
    expect(facts.problems).toEqual(['JSON parse error at line 5']);
    expect(facts.callSites).toHaveLength(1);
  });

  it('survives deep nesting, huge single lines and binary-ish input', async () => {
    const deepItems = '{"item":' + '[{"item":'.repeat(50_000) + '[]' + '}]'.repeat(50_000) + '}';
    const deep = await run('deep.postman_collection.json', deepItems);
    expect(deep.problems).toEqual(['JSON nested more than 256 levels; deeper parts skipped']);
    await expect(run('deep2.postman_collection.json', '['.repeat(100_000) + ']'.repeat(100_000))).resolves.toBeDefined();
    await expect(run('open.postman_collection.json', '{"item":' + '['.repeat(100_000))).resolves.toBeDefined();
    const huge = `{"item":[{"request":{"url":"https://cloud.getdbt.com/api/v2/accounts/1/jobs/?q=${'a'.repeat(20_000_000)}"}}]}`;
    await expect(run('huge.postman_collection.json', huge)).resolves.toBeDefined();
    await expect(run('bin.postman_collection.json', '\u0000\u0001{"item": [\uFFFD'.repeat(1000))).resolves.toBeDefined();
  }, 30_000);
});

describe('postman adapter: variable switches', () => {
  it('ignores disabled collection variables', async () => {
    const c = {
      info,
      auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{tok}}' }] },
      item: [{ name: 'a', request: { method: 'GET', url: 'https://cloud.getdbt.com/api/v3/accounts/' } }],
      variable: [{ key: 'tok', value: PAT, disabled: true }],
    };
    const facts = await run('d.postman_collection.json', c);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'variable', name: 'tok' });
    expect(facts.callSites[0]!.credential!.value).toBeUndefined();
  });
});
