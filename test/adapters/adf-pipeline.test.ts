import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import { extractWith } from '../helpers/extract.js';

const run = (text: string, path = 'adf/pipeline/PL_Nightly_Dbt.json') => extractWith('adf-pipeline', path, text);

const pipeline = (activities: string): string => `{
  "name": "PL_Nightly_Dbt",
  "properties": {
    "activities": [${activities}
    ],
    "parameters": { "accountId": { "type": "string", "defaultValue": "4040" } }
  }
}
`;

describe('adf-pipeline adapter', () => {
  it('is chosen for JSON with web activities only', () => {
    expect(adapterFor('pipeline/x.json', pipeline('{"type": "WebActivity"}'))?.id).toBe('adf-pipeline');
    expect(adapterFor('pipeline/x.json', '{"activities": []}')).toBeUndefined();
  });

  it('reports web activities calling dbt Cloud, with the Key Vault lookup or parameter they authenticate with', async () => {
    const f = await run(
      pipeline(`
      {
        "name": "Read dbt secret",
        "type": "WebActivity",
        "typeProperties": {
          "url": "https://kv-analytics.vault.azure.net/secrets/dbt-cloud-service-token?api-version=7.4",
          "method": "GET",
          "authentication": { "type": "MSI", "resource": "https://vault.azure.net" }
        }
      },
      {
        "name": "Start dbt job",
        "type": "WebActivity",
        "typeProperties": {
          "url": {
            "value": "https://emea.dbt.com/api/v2/accounts/@{pipeline().parameters.accountId}/jobs/@{pipeline().parameters.jobId}/run/",
            "type": "Expression"
          },
          "method": "POST",
          "headers": {
            "Authorization": { "value": "Token @{activity('Read dbt secret').output.value}", "type": "Expression" }
          }
        }
      },
      {
        "name": "Poll run",
        "type": "WebActivity",
        "typeProperties": {
          "url": "@concat('https://emea.dbt.com/api/v2/accounts/', pipeline().parameters.accountId, '/runs/', variables('runId'), '/')",
          "method": "GET",
          "headers": [ { "name": "Authorization", "value": "Bearer @{pipeline().parameters.dbtToken}" } ]
        }
      }`),
    );
    expect(f.role).toBe('orchestrator');
    expect(f.callSites).toEqual([
      {
        kind: 'http',
        span: { line: 19, column: 23 },
        client: 'azure-data-factory',
        endpoint: expect.objectContaining({ host: 'emea.dbt.com', path: '/api/v2/accounts/{accountId}/jobs/{jobId}/run/', method: 'POST' }),
        credential: { source: 'secret', name: 'dbt-cloud-service-token', span: { line: 9, column: 19 } },
      },
      {
        kind: 'http',
        span: { line: 32, column: 19 },
        client: 'azure-data-factory',
        endpoint: expect.objectContaining({ host: 'emea.dbt.com', path: '/api/v2/accounts/{accountId}/runs/{runId}/', method: 'GET' }),
        credential: { source: 'variable', name: 'dbtToken', span: { line: 34, column: 61 } },
      },
    ]);
  });

  it('finds nothing in pipelines whose web activities call other services', async () => {
    const f = await run(
      pipeline(`
      {
        "name": "Notify",
        "type": "WebActivity",
        "typeProperties": {
          "url": "https://hooks.example.com/services/dbt-cloud-finished",
          "method": "POST",
          "body": "see https://docs.getdbt.com/docs/deploy/webhooks"
        }
      }`),
    );
    expect(f.callSites).toEqual([]);
    expect(f.role).toBeUndefined();
  });
});
