import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

// HTTP client files (.http, .rest): what is a request, what is its header, what is only its body;
// and lines that a careless pattern would take quadratic time on.

const run = (text: string, path = 'api/dbt.http') => extractWith('http-file', path, text);

describe('HTTP client file adapter', () => {
  it('reads the request line, its headers up to the blank line, and not the body', async () => {
    const f = await run(
      [
        '// a REST Client file',
        'POST https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/',
        'Content-Type: application/json',
        '',
        'Authorization: Token not-a-header-here',
        '###',
        'https://cloud.getdbt.com/api/v2/accounts/1/runs/ HTTP/1.1',
        'authorization:   Bearer {{ $processEnv DBT_CLOUD_SERVICE_TOKEN }}  ',
      ].join('\n'),
    );
    expect(f.role).toBe('postman');
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.method, c.endpoint?.path, c.credential?.source, c.credential?.name])).toEqual([
      [2, 'POST', '/api/v2/accounts/1/jobs/2/run/', undefined, undefined],
      [7, 'GET', '/api/v2/accounts/1/runs/', 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
    expect(f.callSites[1]!.credential!.span).toEqual({ line: 8, column: 18 });
  });

  it('follows file variables to the environment, and a literal to where it is written', async () => {
    const f = await run(
      [
        '@base = https://emea.dbt.com/api/v2',
        '@secret = {{$dotenv DBT_TOKEN}}',
        '@token = {{secret}}',
        '@pasted = dbtc_made-up-for-this-test',
        '',
        'GET {{base}}/accounts/9/jobs/',
        'Authorization: Token {{token}}',
        '',
        '###',
        'GET {{base}}/accounts/9/projects/',
        'Authorization: Token {{pasted}}',
      ].join('\n'),
    );
    expect(f.callSites.map((c) => [c.endpoint?.host, c.credential?.source, c.credential?.name, c.credential?.span?.line])).toEqual([
      ['emea.dbt.com', 'env', 'DBT_TOKEN', 7],
      ['emea.dbt.com', 'literal', 'pasted', 4],
    ]);
  });

  it('takes a dbt-named host variable for dbt Cloud, and leaves other APIs alone', async () => {
    // (A host not known here with dbt Cloud's API path, `{{api_host}}/api/v2/accounts/1/jobs/`, is dbt Cloud's, as everywhere.)
    const f = await run(
      [
        'GET {{dbt_cloud_host}}/api/v2/accounts/{{account_id}}/jobs/',
        'Authorization: Bearer {{dbt_token}}',
        '###',
        'GET {{api_host}}/v1/users/me',
        '###',
        'GET https://api.github.com/repos/dbt-labs/dbt-core/issues',
      ].join('\n'),
    );
    expect(f.callSites.map((c) => [c.span.line, c.credential?.source, c.credential?.name])).toEqual([[1, 'variable', 'dbt_token']]);
  });

  it('reads hostile lines in time linear in their length', async () => {
    const n = 200_000;
    const started = performance.now();
    const f = await run(
      [
        `@token = x${' '.repeat(n)}y`,
        `GET https://cloud.getdbt.com/api/v2/accounts/1/jobs/${' '.repeat(n)}x`,
        `POST {{${' '.repeat(n)}`,
        `Authorization: Token {{x${' '.repeat(n)}`,
        `X-Header:${' '.repeat(n)}z`,
        '{{'.repeat(n),
      ].join('\n'),
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(f.callSites).toEqual([]);
  });
});
