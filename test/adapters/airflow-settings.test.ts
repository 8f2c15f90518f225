import { describe, expect, it } from 'vitest';
import { airflowConnectionFromEnv } from '../../src/adapters/shared/airflow-connection/airflow-connection.js';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const settings = (text: string) => extractWith('airflow-settings', 'airflow_settings.yaml', text);
const yaml = (...l: string[]) => `${l.join('\n')}\n`;

describe('airflow-settings adapter', () => {
  it('turns a dbt Cloud connection into a definition, a config call site and a token site', async () => {
    const facts = await settings(
      yaml(
        'airflow:',
        '  connections:',
        '    - conn_id: dbt_cloud_default',
        '      conn_type: dbt_cloud',
        '      conn_host: emea.dbt.com',
        '      conn_login: "39151"',
        `      conn_password: "${PAT}"`,
        '      conn_extra:',
      ),
    );
    const credential = { source: 'literal', value: PAT, name: 'dbt_cloud_default', span: { line: 7, column: 23 } };
    // Loaded by the Astro CLI's local Airflow only: a developer's set-up, not a deployment's.
    expect(facts.role).toBe('script');
    expect(facts.definitions).toEqual([
      {
        ref: { kind: 'airflow-connection', id: 'dbt_cloud_default' },
        credential,
        // A configured token is reported at its own line, as in any configuration file.
        span: { line: 7, column: 7 },
        accountIds: ['39151'],
        // The DAGs using the connection go where it says.
        host: 'emea.dbt.com',
      },
    ]);
    expect(facts.callSites).toEqual([
      {
        kind: 'config',
        span: { line: 7, column: 7 },
        client: 'airflow-connection',
        credential,
        endpoint: { host: 'emea.dbt.com' },
        accountIds: ['39151'],
      },
    ]);
    expect(facts.credentialSites).toEqual([{ span: { line: 7, column: 23 }, credential }]);
    expect(facts.problems).toEqual([]);
  });

  it('reads env and template references, and recognizes dbt Cloud by host', async () => {
    const facts = await settings(
      yaml(
        'airflow:',
        '  connections:',
        '    - conn_id: from_env',
        '      conn_type: dbt_cloud',
        '      conn_password: $DBT_CLOUD_SERVICE_TOKEN',
        '    - conn_id: http_to_dbt',
        '      conn_type: http',
        '      conn_host: https://ab123.us1.dbt.com/',
        '      conn_password: "{{ var.value.dbt_cloud_token }}"',
        '    - conn_id: no_password',
        '      conn_type: dbt-cloud',
      ),
    );
    expect(facts.callSites.map((c) => [c.endpoint?.host, c.credential])).toEqual([
      ['cloud.getdbt.com', { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 5, column: 22 } }],
      ['ab123.us1.dbt.com', { source: 'variable', name: 'dbt_cloud_token', span: { line: 9, column: 23 } }],
      ['cloud.getdbt.com', { source: 'config', name: 'no_password' }],
    ]);
    expect(facts.credentialSites).toEqual([]);
  });

  it('reports dbt-named variables with token-shaped values', async () => {
    const facts = await settings(
      yaml(
        'airflow:',
        '  variables:',
        '    - variable_name: dbt_cloud_api_key',
        `      variable_value: ${LEGACY}`,
        '    - variable_name: git_sha',
        `      variable_value: ${LEGACY}`,
      ),
    );
    expect(facts.credentialSites).toEqual([
      {
        span: { line: 4, column: 23 },
        credential: { source: 'literal', name: 'dbt_cloud_api_key', value: LEGACY, span: { line: 4, column: 23 } },
      },
    ]);
    expect(facts.callSites).toEqual([]);
  });

  it('ignores connections that are not dbt Cloud', async () => {
    const facts = await settings(
      yaml(
        'airflow:',
        '  connections:',
        '    - conn_id: snowflake_dbt',
        '      conn_type: snowflake',
        '      conn_password: hunter2',
        '    - conn_id: docs',
        '      conn_type: http',
        '      conn_host: https://docs.getdbt.com',
      ),
    );
    expect(facts).toMatchObject({ callSites: [], definitions: [], credentialSites: [] });
  });

  it('reports YAML errors by line only and survives hostile input', async () => {
    const facts = await settings(`airflow:\n  connections:\n    - conn_id: x\n      conn_password: "${SVC}\n  [: {\n`);
    expect(facts.problems).toHaveLength(1);
    expect(facts.problems[0]).toMatch(/^YAML parse error at line \d+$/);
    const deep = await settings(`airflow: ${'['.repeat(100_000)}`);
    expect(deep.callSites).toEqual([]);
    expect(deep.problems).toHaveLength(1);
    expect((await settings('')).problems).toEqual([]);
  });
});

describe('airflowConnectionFromEnv', () => {
  const span = { line: 3, column: 1 };

  it('reads the dbt-cloud URI form with a URL-encoded token', () => {
    expect(
      airflowConnectionFromEnv(
        'AIRFLOW_CONN_DBT_CLOUD_DEFAULT',
        `'dbt-cloud://39151:${encodeURIComponent(SVC)}@my-tenant.getdbt.com'`,
        span,
      ),
    ).toEqual({
      ref: { kind: 'airflow-connection', id: 'dbt_cloud_default' },
      credential: { source: 'literal', value: SVC, name: 'AIRFLOW_CONN_DBT_CLOUD_DEFAULT', span },
      span,
      accountIds: ['39151'],
      host: 'my-tenant.getdbt.com',
    });
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_DBT', `dbt-cloud://:${LEGACY}@`, span)?.credential).toMatchObject({
      source: 'literal',
      value: LEGACY,
    });
  });

  it('reads the JSON form and host-only dbt connections', () => {
    const json = JSON.stringify({ conn_type: 'dbt_cloud', login: 12345, password: '${DBT_CLOUD_SERVICE_TOKEN}', host: 'emea.dbt.com' });
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_DBT_EMEA', json, span)).toMatchObject({
      ref: { id: 'dbt_emea' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' },
      accountIds: ['12345'],
    });
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_DBT_HTTP', 'https://:x@cloud.getdbt.com', span)?.ref.id).toBe('dbt_http');
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_DBT_NOPW', 'dbt_cloud://', span)?.credential).toEqual({
      source: 'config',
      name: 'AIRFLOW_CONN_DBT_NOPW',
      span,
    });
  });

  it('returns undefined for other connections and malformed values', () => {
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_POSTGRES', 'postgres://u:p@db:5432/x', span)).toBeUndefined();
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_DOCS', 'https://docs.getdbt.com', span)).toBeUndefined();
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_BAD', '{"conn_type": "dbt_cloud"', span)).toBeUndefined();
    expect(airflowConnectionFromEnv('DBT_CLOUD_TOKEN', 'dbt-cloud://:x@', span)).toBeUndefined();
    expect(airflowConnectionFromEnv('AIRFLOW_CONN_X', 'dbt-cloud://%E0%A4%A:%zz@cloud.getdbt.com', span)?.credential).toMatchObject({
      source: 'literal',
      value: '%zz',
    });
  });
});
