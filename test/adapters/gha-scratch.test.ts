import { describe, expect, it, vi } from 'vitest';
import { extractWith } from '../helpers/extract.js';
import * as shell from '../../src/adapters/shell/script.js';

vi.mock('../../src/adapters/shell/script.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/adapters/shell/script.js')>();
  return { ...real, extractShellScript: vi.fn(real.extractShellScript) };
});

it('scratch', async () => {
  const spy = vi.mocked(shell.extractShellScript);
  spy.mockImplementation(async (script, origin, env) => {
    console.log(JSON.stringify(script), origin, [...env].map(([k, v]) => k + '=' + JSON.stringify(v)));
    const lines = script.split('\n');
    const li = lines.findIndex((l) => l.includes('curl'));
    return { callSites: li < 0 ? [] : [{ kind: 'http', span: { line: li + 1, column: lines[li]!.indexOf('curl') + 1 }, credential: (env.get('DBT_CLOUD_API_TOKEN') as any)?.credential }], credentialSites: [], definitions: [], runsScripts: [], problems: [] };
  });
  const text = `name: deploy
on:
  push:
    branches: [main]
env:
  DBT_CLOUD_ACCOUNT_ID: 12345
jobs:
  trigger:
    runs-on: ubuntu-latest
    env:
      DBT_CLOUD_API_TOKEN: \${{ secrets.DBT_CLOUD_API_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - name: Trigger
        run: |
          echo start
          curl -X POST -H "Authorization: Token \${{ secrets.DBT_TOKEN }}" "https://cloud.getdbt.com/api/v2/accounts/\${DBT_CLOUD_ACCOUNT_ID}/jobs/1/run/"
          ./scripts/after.sh
      - run: >
          curl -s
          https://x
      - uses: dbt-labs/dbt-cloud-job-action@v4
        with:
          dbt_cloud_token: \${{ secrets.DBT_CLOUD_API_TOKEN }}
          dbt_cloud_account_id: \${{ env.DBT_CLOUD_ACCOUNT_ID }}
          dbt_cloud_job_id: 678
`;
  const f = await extractWith('github-actions', '.github/workflows/deploy.yml', text);
  console.log(JSON.stringify(f, null, 1));
});
