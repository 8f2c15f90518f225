import { describe, expect, it } from 'vitest';
import { documentedEndpoints, endpointData, lookupEndpoint } from '../src/classify/documented-endpoints.js';

describe('documented endpoint data', () => {
  it('holds the Admin v2 and v3 operations and the hand-written APIs', () => {
    const data = endpointData();
    expect(data.source.files.map((f) => f.file)).toEqual(['openapi-v2.yaml', 'openapi-v3.yaml']);
    const ops = (api: string) =>
      documentedEndpoints()
        .filter((e) => e.api === api && e.documented)
        .reduce((n, e) => n + e.methods.length, 0);
    expect(ops('admin-v2')).toBeGreaterThan(40);
    expect(ops('admin-v3')).toBeGreaterThan(100);
    const paths = documentedEndpoints().map((e) => e.path);
    expect(paths).toEqual([...paths].sort());
    for (const p of ['/graphql', '/beta/graphql', '/api/graphql', '/api/ai/v1/mcp/', '/api/v2/accounts/{account_id}/jobs/{job_id}/run/']) {
      expect(paths).toContain(p);
    }
  });

  it('marks spec-stated and inferred user-context endpoints distinctly', () => {
    const byPath = new Map(documentedEndpoints().map((e) => [e.path, e]));
    expect(byPath.get('/api/v3/users/{user_id}/credentials/')?.userContext).toBe('spec');
    expect(byPath.get('/api/v3/users/{user_id}/credentials/{id}/')?.userContext).toBe('spec');
    expect(byPath.get('/api/v2/notifications/unsubscribe/')?.userContext).toBe('inferred');
    expect(byPath.get('/api/v2/users/{id}/')?.userContext).toBe('inferred');
    expect(byPath.get('/api/v3/accounts/{account_id}/users/{user_id}/account-apikeys/')?.userContext).toBe('inferred');
    expect(byPath.get('/api/v3/accounts/{account_id}/projects/{project_id}/environment-variables/user/')?.userContext).toBe('inferred');
    expect(byPath.get('/api/v2/accounts/{account_id}/jobs/{job_id}/run/')?.userContext).toBe(false);
  });
});

describe('lookupEndpoint', () => {
  it('finds the job run trigger in every way it is written', () => {
    for (const p of [
      '/api/v2/accounts/{account_id}/jobs/{job_id}/run/',
      '/api/v2/accounts/{DBT_ACCOUNT_ID}/jobs/{JOB_ID}/run',
      '/api/v2/accounts/12345/jobs/678/run/',
      '/api/v2/accounts/ACCOUNT_ID/jobs/JOB_ID/run/',
      '/api/v2/accounts/${ACCOUNT_ID}/jobs/${JOB_ID}/run/',
      '/api/v2/accounts/{}/jobs/{}/run/',
      'https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/?cause=ci',
      '{DBT_CLOUD_HOST}/api/v2/accounts/{account_id}/jobs/{job_id}/run/',
      '//api/v2/accounts/1//jobs/2/run/',
    ]) {
      const r = lookupEndpoint(p, 'POST');
      expect(r, p).toMatchObject({
        documented: true,
        userContext: false,
        deprecated: false,
        accountListing: false,
        methodDocumented: true,
        api: 'admin-v2',
      });
      expect(r.specPath, p).toBe('/api/v2/accounts/{account_id}/jobs/{job_id}/run/');
    }
    expect(lookupEndpoint('/api/v2/accounts/1/jobs/2/run/', 'GET')).toMatchObject({ documented: true, methodDocumented: false });
  });

  it('finds runs lists, run details and artifacts', () => {
    expect(lookupEndpoint('/api/v2/accounts/{account_id}/runs/', 'GET')).toMatchObject({
      documented: true,
      specPath: '/api/v2/accounts/{account_id}/runs/',
    });
    expect(lookupEndpoint('/api/v2/accounts/1/runs/99')).toMatchObject({
      documented: true,
      specPath: '/api/v2/accounts/{account_id}/runs/{id}/',
    });
    expect(lookupEndpoint('/api/v2/accounts/1/runs/99/artifacts/manifest.json').documented).toBe(true);
    expect(lookupEndpoint('/api/v2/accounts/1/runs/99/artifacts/run/my_project/models/orders.sql').documented).toBe(true);
    expect(lookupEndpoint('/api/v2/accounts/{a}/runs/{r}/artifacts/{path}').documented).toBe(true);
    expect(lookupEndpoint('/api/v2/accounts/1/runs/99/artifacts/').documented).toBe(true);
  });

  it('finds v3 projects, environments and credentials', () => {
    expect(lookupEndpoint('/api/v3/accounts/{account_id}/projects/', 'GET')).toMatchObject({ documented: true, api: 'admin-v3' });
    expect(lookupEndpoint('/api/v3/accounts/1/projects/2/environments/3/', 'POST').documented).toBe(true);
    const scim = lookupEndpoint('/api/v3/accounts/1/scim/v2/users/5');
    expect(scim.documented).toBe(true); // SCIM's `Users` is matched case-insensitively
  });

  it('reports deprecated v2 operations', () => {
    expect(lookupEndpoint('/api/v2/accounts/1/projects/', 'GET')).toMatchObject({ documented: true, deprecated: true });
    expect(lookupEndpoint('/api/v2/accounts/1/environments/2/')).toMatchObject({ documented: true, deprecated: true });
    expect(lookupEndpoint('/api/v3/accounts/1/projects/', 'GET').deprecated).toBe(false);
    expect(lookupEndpoint('/api/v3/accounts/1/webhooks/event/abc').deprecated).toBe(true);
  });

  it('knows the user-credential endpoints need user context', () => {
    for (const [p, method] of [
      ['/api/v3/users/{user_id}/credentials/', 'POST'],
      ['/api/v3/users/42/credentials/7/', 'DELETE'],
      ['https://emea.dbt.com/api/v3/users/{DBT_USER_ID}/credentials', undefined],
    ] as const) {
      expect(lookupEndpoint(p, method), p).toMatchObject({ documented: true, userContext: true, userContextSource: 'spec' });
    }
    expect(lookupEndpoint('/api/v2/notifications/unsubscribe/', 'POST')).toMatchObject({
      documented: true,
      userContext: true,
      userContextSource: 'inferred',
    });
    expect(lookupEndpoint('/api/v3/accounts/1/users/2/account-apikeys/')).toMatchObject({
      userContext: true,
      userContextSource: 'inferred',
    });
    expect(lookupEndpoint('/api/v3/accounts/1/projects/2/environment-variables/user/')).toMatchObject({
      documented: true,
      userContext: true,
    });
    // a user's credentials under a path the spec lacks are still that user's
    expect(lookupEndpoint('/api/v2/accounts/1/users/7/credentials/9/', 'POST')).toMatchObject({
      documented: false,
      userContext: true,
      userContextSource: 'labelled',
    });
    expect(lookupEndpoint('/api/v2/accounts/1/users/7/').userContext).toBe(false);
    // the sibling {id} route is not user-scoped, and a literal `user` is no integer id
    expect(lookupEndpoint('/api/v3/accounts/1/projects/2/environment-variables/9/').userContext).toBe(false);
    expect(lookupEndpoint('/api/v3/accounts/1/users/').userContext).toBe(false);
  });

  it('flags the account listing only for the listing itself', () => {
    for (const p of [
      '/api/v2/accounts/',
      '/api/v3/accounts',
      'https://cloud.getdbt.com/api/v2/accounts/?limit=100',
      '/v2/accounts/',
      '{DBT_CLOUD_HOST_URL}/v2/accounts/',
    ]) {
      expect(lookupEndpoint(p), p).toMatchObject({ documented: true, accountListing: true });
      expect(lookupEndpoint(p, 'GET').accountListing, p).toBe(true);
    }
    expect(lookupEndpoint('/api/v2/accounts/').deprecated).toBe(true);
    expect(lookupEndpoint('/api/v2/accounts/', 'POST').accountListing).toBe(false);
    expect(lookupEndpoint('/api/v2/accounts/123/').accountListing).toBe(false);
    expect(lookupEndpoint('/api/v3/accounts/{account_id}/projects/').accountListing).toBe(false);
    expect(lookupEndpoint('/api/v4/accounts/').accountListing).toBe(false);
  });

  it('knows the POSTs that create a service token, in v3 and the undocumented v2 form', () => {
    for (const p of [
      '/api/v3/accounts/43786/service-tokens/',
      '/api/v3/accounts/{account_id}/service-tokens',
      'https://ab123.us1.dbt.com/api/v3/accounts/1/service-tokens/',
      '/v3/accounts/{ACCOUNT_ID}/service-tokens/',
      '{BASE}/accounts/1/service-tokens/',
      '/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/service-tokens/',
    ]) {
      expect(lookupEndpoint(p, 'POST').createsServiceToken, p).toBe(true);
      expect(lookupEndpoint(p, 'post').createsServiceToken, p).toBe(true);
      // listing them, or a method the code does not name, is not creating one
      expect(lookupEndpoint(p, 'GET').createsServiceToken, p).toBe(false);
      expect(lookupEndpoint(p).createsServiceToken, p).toBe(false);
    }
    expect(lookupEndpoint('/api/v2/accounts/1/service-tokens/', 'POST').documented).toBe(false);
    expect(lookupEndpoint('/api/v3/accounts/1/service-tokens/', 'POST').documented).toBe(true);
    for (const [p, m] of [
      ['/api/v3/accounts/1/service-tokens/7/', 'PUT'],
      ['/api/v3/accounts/1/service-tokens/7/', 'DELETE'],
      ['/api/v3/accounts/1/service-tokens/7/permissions/', 'POST'],
      ['/api/v2/accounts/1/jobs/', 'POST'],
      ['/api/v3/accounts/1/{resource}/', 'POST'],
      ['/api/v3/accounts/1/users/2/account-apikeys/', 'POST'],
    ] as const) {
      expect(lookupEndpoint(p, m).createsServiceToken, `${m} ${p}`).toBe(false);
    }
  });

  it('says undocumented for v4, GitHub installations, legacy Discovery and made-up v2 routes', () => {
    expect(lookupEndpoint('/api/v4/accounts/{account_id}/runs').documented).toBe(false);
    expect(lookupEndpoint('https://cloud.getdbt.com/api/v4/accounts/1/runs?limit=5').documented).toBe(false);
    expect(lookupEndpoint('/api/v4/{path}').documented).toBe(false);
    const gh = lookupEndpoint('/v2/integrations/github/installations/', 'GET');
    expect(gh).toMatchObject({ documented: false, userContext: true, userContextSource: 'provider-docs' });
    expect(lookupEndpoint('/api/v2/integrations/github/installations').documented).toBe(false);
    expect(lookupEndpoint('/beta/graphql')).toMatchObject({ documented: false, legacy: true, api: 'discovery' });
    expect(lookupEndpoint('https://metadata.cloud.getdbt.com/beta/graphql', 'POST').documented).toBe(false);
    expect(lookupEndpoint('/api/v2/accounts/1/jobs/2/trigger/').documented).toBe(false);
    expect(lookupEndpoint('/api/v3/accounts/1/jobs/').documented).toBe(false);
    expect(lookupEndpoint('/api/v1/accounts/1/').documented).toBe(false);
  });

  it('says documented for Discovery, Semantic Layer and MCP', () => {
    expect(lookupEndpoint('/graphql', 'POST')).toMatchObject({ documented: true, api: 'discovery', legacy: false });
    expect(lookupEndpoint('https://metadata.emea.dbt.com/graphql/')).toMatchObject({ documented: true, api: 'discovery' });
    expect(lookupEndpoint('/api/graphql')).toMatchObject({ documented: true, api: 'semantic-layer' });
    expect(lookupEndpoint('/api/ai/v1/mcp/')).toMatchObject({ documented: true, api: 'mcp' });
    expect(lookupEndpoint('/api/ai/v1/mcp')).toMatchObject({ documented: true, api: 'mcp' });
  });

  it('says unknown when a placeholder may stand for a literal or several segments', () => {
    expect(lookupEndpoint('/api/v2/accounts/{account_id}/{resource}/').documented).toBe('unknown');
    expect(lookupEndpoint('/api/v2/accounts/{account_id}/{endpoint}').documented).toBe('unknown');
    expect(lookupEndpoint('/api/v2/{path}').documented).toBe('unknown');
    expect(lookupEndpoint('/api/{path}').documented).toBe('unknown');
    expect(lookupEndpoint('/{path}').documented).toBe('unknown');
    expect(lookupEndpoint('/api/v2/accounts/1/jobs/{path}').documented).toBe('unknown');
    expect(lookupEndpoint('/api/{version}/accounts/1/jobs/').documented).toBe('unknown');
    // a literal where the spec has an integer id
    expect(lookupEndpoint('/api/v2/accounts/1/jobs/latest/').documented).toBe('unknown');
    // still user context, whatever the rest is
    expect(lookupEndpoint('/api/v3/users/{user_id}/credentials/{path}')).toMatchObject({ documented: 'unknown', userContext: true });
  });

  it('treats a base URL as unknown, never undocumented', () => {
    for (const p of [
      '',
      '/',
      '/api',
      '/api/',
      '/api/v2',
      '/api/v3/',
      '/v2',
      'https://cloud.getdbt.com',
      'https://cloud.getdbt.com/api/v2/',
      '/api/v3/accounts/{account_id}/',
      '/api/v3/accounts/123',
    ]) {
      expect(lookupEndpoint(p).documented, JSON.stringify(p)).toBe('unknown');
      expect(lookupEndpoint(p).accountListing, JSON.stringify(p)).toBe(false);
    }
  });

  it('accepts paths written below a base URL that holds /api/vN', () => {
    expect(lookupEndpoint('/accounts/{account_id}/jobs/{job_id}/run/', 'POST').documented).toBe(true);
    expect(lookupEndpoint('/accounts/1/projects/').documented).toBe(true);
    expect(lookupEndpoint('{DBT_CLOUD_API_BASE}/accounts/1/jobs/').documented).toBe(true);
    expect(lookupEndpoint('/accounts/').accountListing).toBe(true);
    expect(lookupEndpoint('/users/{user_id}/credentials/').userContext).toBe(true);
    // not in v2 nor v3, but the base is unknown
    expect(lookupEndpoint('/accounts/1/whatever/').documented).toBe('unknown');
  });

  it('treats trailing slashes, case and method spelling alike', () => {
    const a = lookupEndpoint('/api/v2/accounts/1/jobs/', 'get');
    const b = lookupEndpoint('/API/V2/Accounts/1/Jobs', 'GET');
    expect(a).toEqual(b);
    expect(a).toMatchObject({ documented: true, methodDocumented: true });
    expect(lookupEndpoint('/api/v2/accounts/1/jobs/', '{method}').methodDocumented).toBeUndefined();
  });

  it('survives hostile input', () => {
    expect(lookupEndpoint('/'.repeat(100_000)).documented).toBe('unknown');
    expect(lookupEndpoint(`/api/v2/${'a/'.repeat(10_000)}`).documented).toBe('unknown');
    expect(lookupEndpoint(`/api/v2/${'{x}/'.repeat(35)}`).documented).not.toBe(true);
    expect(lookupEndpoint('{{{{').documented).not.toBe(true);
  });
});
