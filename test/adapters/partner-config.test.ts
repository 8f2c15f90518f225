import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import { extractWith } from '../helpers/extract.js';

// Partner tools' dbt Cloud blocks (src/adapters/partner-config/): each one is a config call site
// of the partner-integration workflow; a file the registry's hint claims wrongly is read as before.

const PAT = `dbtu_${'Prt0PatX'.repeat(7).slice(0, 50)}`;
const run = (path: string, text: string) => extractWith('partner-config', path, text);

const openMetadata = (token: string, url = 'https://cloud.getdbt.com') => `source:
  type: dbt
  serviceName: snowflake_prod
  sourceConfig:
    config:
      type: DBT
      dbtConfigSource:
        dbtConfigType: cloud
        dbtCloudAuthToken: ${token}
        dbtCloudAccountId: "51798"
        dbtCloudUrl: ${url}
`;

describe('partner-config adapter', () => {
  it('reads an OpenMetadata dbt ingestion block: token, account and host', async () => {
    const facts = await run('ingestion/dbt.yaml', openMetadata('${DBT_CLOUD_TOKEN}', 'https://ab123.us1.dbt.com/'));
    expect(facts.callSites).toEqual([
      expect.objectContaining({
        kind: 'config',
        workflow: 'partner-integration',
        client: 'OpenMetadata dbt ingestion',
        span: { line: 9, column: 28 },
        endpoint: { url: 'https://ab123.us1.dbt.com', host: 'ab123.us1.dbt.com' },
        credential: { source: 'env', name: 'DBT_CLOUD_TOKEN', span: { line: 9, column: 28 } },
        accountIds: ['51798'],
      }),
    ]);
    expect(facts.credentialSites).toEqual([]);
  });

  it('keeps a committed token as a credential site, at the value inside its quotes', async () => {
    const facts = await run('ingestion/dbt.yaml', openMetadata(`"${PAT}"`));
    expect(facts.callSites[0]?.credential).toMatchObject({ source: 'literal', value: PAT, span: { line: 9, column: 29 } });
    expect(facts.credentialSites).toHaveLength(1);
  });

  it('reads a template reference as a variable, and skips placeholders', async () => {
    const templated = await run('a.yaml', openMetadata('"{{ ctx.snowflake.dbt_auth_token }}"'));
    expect(templated.callSites[0]?.credential).toMatchObject({ source: 'variable', name: 'ctx.snowflake.dbt_auth_token' });
    for (const placeholder of ['AUTH_TOKEN', 'dbt_cloud_auth_token', '<service_account_token>', 'dbtc_xxxxxxxx', '""']) {
      expect((await run('a.yaml', openMetadata(placeholder))).callSites, placeholder).toEqual([]);
    }
  });

  it('reads the OpenMetadata dbt Cloud connector, the DataHub recipe and the Metaphor connector', async () => {
    const connector = await run(
      'om.yml',
      `source:
  type: dbtcloud
  serviceConnection:
    config:
      type: DBTCloud
      host: https://emea.dbt.com
      accountId: "7"
      token: \${OM_DBT_TOKEN}
`,
    );
    expect(connector.callSites.map((c) => [c.client, c.endpoint?.host, c.credential?.name, c.accountIds])).toEqual([
      ['OpenMetadata dbt Cloud connector', 'emea.dbt.com', 'OM_DBT_TOKEN', ['7']],
    ]);
    const datahub = await run(
      'recipe.dhub.yml',
      `source:
  type: "dbt-cloud"
  config:
    token: \${DBT_CLOUD_TOKEN}
    account_id: 107298
    project_id: 175705
    job_id: 148094
`,
    );
    expect(datahub.callSites.map((c) => [c.client, c.endpoint, c.accountIds])).toEqual([
      [
        'DataHub dbt-cloud source',
        { url: 'https://metadata.cloud.getdbt.com/graphql', host: 'metadata.cloud.getdbt.com', path: '/graphql' },
        ['107298'],
      ],
    ]);
    const metaphor = await run(
      'metaphor.yml',
      `account_id: 51798
service_token: \${METAPHOR_TOKEN}
job_ids: [1, 2]
base_url: https://cloud.acme.getdbt.com
`,
    );
    expect(metaphor.callSites.map((c) => [c.client, c.endpoint?.host, c.credential?.name])).toEqual([
      ['Metaphor dbt.cloud connector', 'cloud.acme.getdbt.com', 'METAPHOR_TOKEN'],
    ]);
  });

  it('leaves keys of the same names elsewhere alone', async () => {
    expect((await run('a.yml', 'service_token: ${X}\naccount_id: 1\n')).callSites).toEqual([]);
    expect((await run('a.yml', 'source:\n  type: dbt-cloud\n  token: ${X}\n')).callSites).toEqual([]);
    expect((await run('a.yml', 'config:\n  type: DBTCloud\n  host: https://cloud.getdbt.com\n')).callSites).toEqual([]);
  });

  it('is chosen by content before the formats a partner file may be named like, and falls through when it finds nothing', async () => {
    expect(adapterFor('ingestion/dbt_cloud.yaml', openMetadata('${T}'))?.id).toBe('partner-config');
    expect(adapterFor('ingestion/dbt.yaml', 'source:\n  type: dbt\n')?.id).toBe('lines');
    // A Cloud CLI dbt_cloud.yml that mentions the key in a comment only is still read as one.
    const cli = `# not dbtCloudAuthToken: here\nversion: "1"\nprojects:\n  - project-id: "1"\n    account-id: "2"\n    token-value: "${PAT}"\n`;
    const facts = await extractWith('partner-config', 'dbt_cloud.yml', cli);
    expect(facts.callSites.map((c) => c.workflow)).toEqual(['cloud-cli']);
  });
});
