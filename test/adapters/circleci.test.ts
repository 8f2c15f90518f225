import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const run = (text: string, others: Record<string, string> = {}, path = '.circleci/config.yml') =>
  extractWith('circleci', path, text, others);

describe('circleci adapter', () => {
  it('binds context variables as CI-store secrets and job environment as values', async () => {
    const f = await run(`version: 2.1
parameters:
  dbt-job-id:
    type: string
    default: "731"
jobs:
  trigger:
    docker:
      - image: cimg/base:2024.01
    environment:
      DBT_CLOUD_ACCOUNT_ID: "51798"
    steps:
      - checkout
      - run:
          name: Trigger
          command: |
            curl --fail -X POST \\
              -H "Authorization: Token \${DBT_CLOUD_SERVICE_TOKEN}" \\
              "https://cloud.getdbt.com/api/v2/accounts/\${DBT_CLOUD_ACCOUNT_ID}/jobs/<< pipeline.parameters.dbt-job-id >>/run/"
workflows:
  deploy:
    jobs:
      - trigger:
          context: dbt-cloud
`);
    expect(f.role).toBe('ci-cd');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 17, column: 13 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/51798/jobs/731/run/', method: 'POST' },
      credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 18, column: 40 } },
      accountIds: ['51798'],
    });
  });

  it('reads one-line run steps, step environment, executors and reusable commands', async () => {
    const f = await run(`version: 2.1
executors:
  base:
    docker:
      - image: cimg/base:current
    environment:
      DBT_HOST_URL: https://emea.dbt.com
commands:
  list-runs:
    parameters:
      token-var:
        type: env_var_name
        default: DBT_CLOUD_PAT
    steps:
      - run: 'curl -H "Authorization: Bearer \${<< parameters.token-var >>}" https://cloud.getdbt.com/api/v2/accounts/3/runs/'
jobs:
  a:
    executor: base
    steps:
      - run: >-
          curl -H "Authorization: Token $DBT_API_TOKEN"
          "$DBT_HOST_URL/api/v2/accounts/4/jobs/"
      - when:
          condition: true
          steps:
            - run:
                command: |
                  curl -H "Authorization: Token $TOKEN" https://cloud.getdbt.com/api/v3/accounts/
                environment:
                  TOKEN: dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA
`);
    const byPath = Object.fromEntries(f.callSites.map((c) => [c.endpoint?.path, c]));
    expect(Object.keys(byPath).sort()).toEqual(['/api/v2/accounts/3/runs/', '/api/v2/accounts/4/jobs/', '/api/v3/accounts/']);
    expect(byPath['/api/v2/accounts/4/jobs/']).toMatchObject({
      endpoint: { host: 'emea.dbt.com' },
      credential: { source: 'secret', name: 'DBT_API_TOKEN' },
    });
    expect(byPath['/api/v3/accounts/']!.credential).toMatchObject({
      source: 'literal',
      value: 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA',
      span: { line: 30, column: 26 },
    });
    expect(byPath['/api/v2/accounts/3/runs/']!.credential).toMatchObject({ source: 'secret', name: 'DBT_CLOUD_PAT' });
  });

  it('lists scripts run steps run, relative to the repository root', async () => {
    const f = await run(
      `version: 2.1
jobs:
  a:
    docker: [{ image: cimg/base:current }]
    steps:
      - run: bash scripts/trigger_dbt_cloud.sh
      - run: python3 ci/wait.py
`,
      { 'scripts/trigger_dbt_cloud.sh': '', 'ci/wait.py': '' },
    );
    expect(f.runsScripts).toEqual(['scripts/trigger_dbt_cloud.sh', 'ci/wait.py']);
  });

  it('finds nothing in a dbt Core pipeline', async () => {
    const f = await run(`version: 2.1
jobs:
  build:
    docker: [{ image: ghcr.io/dbt-labs/dbt-snowflake:1.8.latest }]
    environment:
      DBT_PROFILES_DIR: ci
    steps:
      - checkout
      - run: dbt deps && dbt build --target prod
      - run: echo "docs at https://cloud.getdbt.com/deploy/1/projects/2/jobs/3"
`);
    expect(f.callSites).toEqual([]);
    expect(f.role).toBe('ci-cd');
  });

  it('reports parse errors by line only and survives hostile input', async () => {
    const bad = await run('version: 2.1\njobs:\n  a: [unclosed\n    token: dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA\n');
    expect(bad.problems.length).toBeGreaterThan(0);
    for (const p of bad.problems) expect(p).not.toContain('dbtc_');
    for (const text of [
      '['.repeat(100_000),
      'a: "' + 'x'.repeat(20_000_000) + '"',
      'a: &a [x]\nb: &b [*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b]\n',
    ]) {
      const f = await run(text);
      expect(f.callSites).toEqual([]);
    }
  }, 60_000);
});
