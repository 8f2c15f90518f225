import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

// Bruno request files (.bru): the request block's URL, the token its headers or auth send, what a
// body or a disabled header says (nothing), environments' token variables, and hostile lines.

const run = (text: string, path = 'collection/request.bru') => extractWith('bruno', path, text);

describe('Bruno adapter', () => {
  it('reads the request, its Authorization header before its auth, and never a body or a disabled header', async () => {
    const f = await run(
      [
        'put {',
        '  url: https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/',
        '  auth: bearer',
        '}',
        '',
        'headers {',
        '  ~Authorization: Token {{old_token}}',
        '  authorization: Token {{process.env.DBT_CLOUD_SERVICE_TOKEN}}',
        '}',
        '',
        'auth:bearer {',
        '  token: {{other}}',
        '}',
        '',
        'body:json {',
        '  { "url": "https://cloud.getdbt.com/api/v2/accounts/5/jobs/7/" }',
        '}',
      ].join('\n'),
    );
    expect(f.role).toBe('postman');
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.method, c.endpoint?.path, c.credential?.source, c.credential?.name])).toEqual([
      [2, 'PUT', '/api/v2/accounts/5/jobs/6/', 'env', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
  });

  it("gives an environment's token variables as definitions, and a file without a request no call", async () => {
    const f = await run(
      [
        'vars {',
        '  host: https://cloud.getdbt.com',
        '  dbt_token: dbtc_made-up',
        '  pageSize: 50',
        '}',
        'vars:secret [',
        '  apiKey',
        ']',
      ].join('\n'),
      'collection/environments/Prod.bru',
    );
    expect(f.callSites).toEqual([]);
    expect(f.definitions.map((d) => [d.ref.id, d.span.line])).toEqual([['dbt_token', 3]]);
  });

  it('reads hostile lines in time linear in their length', async () => {
    const n = 200_000;
    const started = performance.now();
    const f = await run(
      [
        `get${' '.repeat(n)}{`,
        `  url:${' '.repeat(n)}x`,
        `${' '.repeat(n)}y`,
        '}',
        `headers {`,
        `  ${'a'.repeat(n)}`,
        `  Authorization: {{${' '.repeat(n)}`,
        '}',
      ].join('\n'),
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(f.callSites).toEqual([]);
  });
});
