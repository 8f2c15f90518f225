import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import type { FileFacts } from '../../src/model/raw-facts.js';
import { extractWith } from '../helpers/extract.js';
import { FIXTURES, scanCase } from '../helpers/fixture-cases.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const env = (text: string, path = '.env'): Promise<FileFacts> => extractWith('dotenv', path, text);

describe('dotenv adapter', () => {
  it('reports a service token with the host and account from the same file', async () => {
    const f = await env(
      [
        '# dbt Cloud production deploy settings',
        'DBT_CLOUD_HOST=https://emea.dbt.com',
        'DBT_CLOUD_ACCOUNT_ID=70471',
        '',
        `export DBT_CLOUD_SERVICE_TOKEN="${SVC}"`,
      ].join('\n'),
      '.env.production',
    );
    expect(f.callSites).toEqual([
      {
        kind: 'config',
        span: { line: 5, column: 8 },
        endpoint: { host: 'emea.dbt.com', url: 'https://emea.dbt.com' },
        accountIds: ['70471'],
        credential: { source: 'literal', name: 'DBT_CLOUD_SERVICE_TOKEN', value: SVC, span: { line: 5, column: 33 } },
      },
    ]);
    expect(f.credentialSites).toEqual([{ span: { line: 5, column: 33 }, credential: f.callSites[0]!.credential }]);
    expect(f.problems).toEqual([]);
  });

  it('reports a 40-hex legacy key under a dbt name, single-quoted, with inline comments elsewhere', async () => {
    const f = await env([`DBT_CLOUD_API_KEY='${LEGACY}'`, 'DBT_CLOUD_JOB_ID=4411 # nightly'].join('\n'), 'config/dbt.env');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      span: { line: 1, column: 1 },
      credential: { name: 'DBT_CLOUD_API_KEY', value: LEGACY, span: { line: 1, column: 20 } },
    });
    expect(f.callSites[0]!.endpoint).toBeUndefined();
  });

  it('reports right-shaped values under any name, including DBT_TOKEN', async () => {
    const f = await env([`DBT_TOKEN=${PAT}`, `MY_TOKEN=${SVC} # ci`].join('\n'));
    expect(f.callSites.map((c) => [c.credential?.name, c.credential?.value])).toEqual([
      ['DBT_TOKEN', PAT],
      ['MY_TOKEN', SVC],
    ]);
  });

  it('DBT_TOKEN with an opaque value needs a dbt Cloud host beside it (dbt-mcp style)', async () => {
    const withHost = await env(['DBT_HOST=cloud.getdbt.com', 'DBT_TOKEN=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0'].join('\n'));
    expect(withHost.callSites).toMatchObject([{ credential: { name: 'DBT_TOKEN' }, endpoint: { host: 'cloud.getdbt.com' } }]);
    const bare = await env('DBT_TOKEN=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0');
    expect(bare.callSites).toEqual([]);
  });

  it('ignores Databricks look-alikes', async () => {
    const f = await env(
      [
        'DBT_HOST=adb-1234567890123456.7.azuredatabricks.net',
        'DBT_TOKEN=dapi0123456789abcdef0123456789abcdef',
        'DBT_ACCESS_TOKEN=dapi0123456789abcdef0123456789abcdef-2',
        'DBT_HTTP_PATH=/sql/1.0/warehouses/abc123',
      ].join('\n'),
    );
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
    const g = await env(['DBT_HOST=dbc-a1b2c3d4-e5f6.cloud.databricks.com', 'DBT_TOKEN=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0'].join('\n'));
    expect(g.callSites).toEqual([]);
  });

  it("ignores webhook secrets, dbt Core warehouse secrets, other tools' keys, git SHAs and token names", async () => {
    const f = await env(
      [
        'DBT_CLOUD_AUTH_TOKEN=8f3c2d1e0b9a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
        'DBT_WEBHOOK_SECRET=whsec_6f1d2c3b4a5e6f7a8b9c0d1e2f3a4b5c',
        'DBT_SNOWFLAKE_PASSWORD=Sup3r-Secret-Warehouse-Pass',
        'DBT_ENV_SECRET_GIT_TOKEN=ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE',
        'DBT_PRIVATE_KEY_PASSPHRASE=correct-horse-battery-staple',
        'DBT_ALTIMATE_AI_KEY=',
        'DBT_OPENAI_API_KEY=',
        `DBT_GIT_SHA=${LEGACY}`,
        'DBT_CLOUD_PAT_NAME=ci-bot-token-for-analytics',
      ].join('\n'),
    );
    expect(f.callSites).toEqual([]);
  });

  it('reports empty and placeholder dbt Cloud token entries as settings without a value, typed by the placeholder', async () => {
    const f = await env(
      [
        'DBT_CLOUD_API_TOKEN=',
        'DBT_CLOUD_TOKEN=<your-service-token>',
        'DBT_CLOUD_TOKEN=changeme',
        'DBT_API_TOKEN="dbtc_xxxxxxxxxxxx"',
        'DBT_PAT=your_dbt_pat_here_please',
        'DBT_CLOUD_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        "export DBT_SERVICE_TOKEN='**********************'",
      ].join('\n'),
      '.env.example',
    );
    expect(f.role).toBe('script');
    expect(f.callSites).toEqual([
      {
        kind: 'config',
        span: { line: 1, column: 1 },
        credential: { source: 'config', name: 'DBT_CLOUD_API_TOKEN', span: { line: 1, column: 21 } },
      },
      // The placeholder goes along as the value: the core reads the type its text names.
      {
        kind: 'config',
        span: { line: 2, column: 1 },
        credential: { source: 'config', name: 'DBT_CLOUD_TOKEN', span: { line: 2, column: 17 }, value: '<your-service-token>' },
      },
      {
        kind: 'config',
        span: { line: 3, column: 1 },
        credential: { source: 'config', name: 'DBT_CLOUD_TOKEN', span: { line: 3, column: 17 }, value: 'changeme' },
      },
      {
        kind: 'config',
        span: { line: 4, column: 1 },
        credential: { source: 'config', name: 'DBT_API_TOKEN', span: { line: 4, column: 16 }, value: 'dbtc_xxxxxxxxxxxx' },
      },
      {
        kind: 'config',
        span: { line: 5, column: 1 },
        credential: { source: 'config', name: 'DBT_PAT', span: { line: 5, column: 9 }, value: 'your_dbt_pat_here_please' },
      },
      {
        kind: 'config',
        span: { line: 6, column: 1 },
        credential: {
          source: 'config',
          name: 'DBT_CLOUD_API_KEY',
          span: { line: 6, column: 19 },
          value: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        },
      },
      {
        kind: 'config',
        span: { line: 7, column: 8 },
        credential: { source: 'config', name: 'DBT_SERVICE_TOKEN', span: { line: 7, column: 27 }, value: '**********************' },
      },
    ]);
    // A placeholder is never a committed token.
    expect(f.credentialSites).toEqual([]);
  });

  it('skips references, comments, and placeholders under names that are not dbt Cloud tokens', async () => {
    const f = await env(
      [
        'DBT_CLOUD_SERVICE_TOKEN=${DBT_CLOUD_SERVICE_TOKEN}',
        'DBT_API_KEY=$DBT_CLOUD_API_KEY',
        '# DBT_CLOUD_TOKEN=' + SVC,
        'DBT_SNOWFLAKE_PASSWORD=<password>',
        'DBT_CLOUD_PAT_NAME=<name>',
        'DBT_WEBHOOK_SECRET=',
        'DBT_PROFILES_DIR=',
        'API_TOKEN=<token>',
        // Without a dbt Cloud host beside it, DBT_TOKEN is as likely the Databricks token of dbt Core.
        'DBT_TOKEN=<token>',
      ].join('\n'),
      '.env.template',
    );
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
  });

  it('never turns a placeholder into a hardcoded-token finding or a redacted value', async () => {
    const report = await scanCase(`${FIXTURES}adapters/dotenv/positive/example-file-placeholders`);
    expect(report.callSites.length).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.ruleId === 'hardcoded-token')).toEqual([]);
    for (const c of report.callSites) expect(c.credential.redacted).toBeUndefined();
  });

  it('keeps the role of a deployed .env to the layout (only example and local files are development)', async () => {
    expect((await env(`DBT_CLOUD_TOKEN=${SVC}`, 'app/.env')).role).toBeUndefined();
    expect((await env(`DBT_CLOUD_TOKEN=${SVC}`, '.env.production')).role).toBeUndefined();
    expect((await env('DBT_CLOUD_TOKEN=', 'example.env')).role).toBe('script');
    expect((await env('DBT_CLOUD_TOKEN=', '.env.local')).role).toBe('script');
  });

  it('reads multi-line double-quoted values and escapes, and survives garbage', async () => {
    const f = await env(
      ['PRIVATE="line1', 'line2"', `DBT_CLOUD_TOKEN="${SVC}\\t"`, '=oops', 'export', '"unterminated', 'X="open'].join('\n'),
    );
    expect(f.callSites).toMatchObject([{ span: { line: 3, column: 1 } }]);
    expect(f.callSites[0]!.credential!.value).toBe(SVC);
    const huge = await env('DBT_CLOUD_TOKEN=' + 'a'.repeat(20_000_000));
    expect(huge.callSites).toEqual([]);
    expect(huge.problems).toHaveLength(1);
    const binary = await env('\u0000\u0001\u0002DBT\uFFFD=\u0000\n'.repeat(1000));
    expect(binary.callSites).toEqual([]);
  });

  it('passes AIRFLOW_CONN_* lines to the Airflow connection reader', async () => {
    const f = await env(`AIRFLOW_CONN_DBT_CLOUD_DEFAULT='dbt-cloud://70471:${SVC}@cloud.getdbt.com'`);
    // The connection reader decides what is a definition; a dbt Cloud connection's line is where
    // its token is configured, a config site.
    expect(f.definitions).toMatchObject([{ ref: { kind: 'airflow-connection', id: 'dbt_cloud_default' }, accountIds: ['70471'] }]);
    expect(f.callSites).toMatchObject([
      { kind: 'config', span: { line: 1, column: 1 }, client: 'airflow-connection', accountIds: ['70471'] },
    ]);
    // Another service's connection defines nothing and configures no dbt Cloud call.
    const other = await env(`AIRFLOW_CONN_WAREHOUSE='postgres://etl:s3cret@db.internal:5432/analytics'`);
    expect(other.callSites).toEqual([]);
    expect(other.definitions).toEqual([]);
  });

  it('is picked for .env, .env.* and *.env files', () => {
    for (const p of ['.env', 'deploy/.env.production', 'config/dbt.env']) expect(adapterFor(p, '')?.id).toBe('dotenv');
  });
});
