import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const run = (text: string, others: Record<string, string> = {}) =>
  extractWith('bitbucket-pipelines', 'bitbucket-pipelines.yml', text, others);

describe('bitbucket-pipelines adapter', () => {
  it('runs a step script as one shell (assignments carry across items); undefined variables are secrets', async () => {
    const f = await run(`pipelines:
  branches:
    main:
      - step:
          name: Trigger
          deployment: production
          script:
            - export URL="https://cloud.getdbt.com/api/v2/accounts/\${DBT_CLOUD_ACCOUNT_ID}/jobs/42/run/"
            - >-
              curl -X POST
              -H "Authorization: Token \${DBT_CLOUD_SERVICE_TOKEN}"
              "$URL"
            - pipe: atlassian/slack-notify:2.1.0
              variables:
                WEBHOOK_URL: $SLACK_WEBHOOK
`);
    expect(f.role).toBe('ci-cd');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 10, column: 15 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/jobs/42/run/', method: 'POST' },
      credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 11, column: 40 } },
    });
  });

  it('follows anchored definitions into parallel and stage groups, once per position', async () => {
    const f = await run(
      `definitions:
  steps:
    - step: &refresh
        name: Refresh
        script:
          - 'curl -H "Authorization: Token $DBT_API_KEY" https://cloud.getdbt.com/api/v2/accounts/7/runs/'
pipelines:
  default:
    - parallel:
        - step: *refresh
        - step:
            script:
              - bash ci/check.sh
  custom:
    nightly:
      - stage:
          name: Deploy
          steps:
            - step:
                <<: *refresh
                name: Refresh again
`,
      { 'ci/check.sh': '' },
    );
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({ span: { line: 6, column: 14 }, credential: { source: 'secret', name: 'DBT_API_KEY' } });
    expect(f.runsScripts).toEqual(['ci/check.sh']);
  });

  it('finds nothing in a dbt Core pipeline', async () => {
    const f = await run(`pipelines:
  default:
    - step:
        script:
          - pip install dbt-postgres
          - dbt build --target ci
`);
    expect(f.callSites).toEqual([]);
  });

  it('survives hostile input', async () => {
    for (const text of ['pipelines:\n  default:\n' + '    - step: *missing\n', '{'.repeat(100_000), '\u0000\u0001\u0002'.repeat(10_000)]) {
      const f = await run(text);
      expect(f.callSites).toEqual([]);
    }
  }, 60_000);
});
