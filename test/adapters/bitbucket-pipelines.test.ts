import { test } from 'vitest';
import { extractWith } from '../helpers/extract.js';
test('play', async () => {
  const f = await extractWith('bitbucket-pipelines', 'bitbucket-pipelines.yml', `image: atlassian/default-image:4

definitions:
  steps:
    - step: &trigger-dbt-cloud
        name: Trigger dbt Cloud production job
        deployment: production
        script:
          - export DBT_RUN_URL="https://cloud.getdbt.com/api/v2/accounts/\${DBT_CLOUD_ACCOUNT_ID}/jobs/\${DBT_CLOUD_JOB_ID}/run/"
          - >-
            curl --fail -X POST
            -H "Authorization: Token \${DBT_CLOUD_API_TOKEN}"
            -H "Content-Type: application/json"
            -d '{"cause": "Bitbucket deploy"}'
            "$DBT_RUN_URL"
          - pipe: atlassian/slack-notify:2.1.0
            variables:
              WEBHOOK_URL: $SLACK_WEBHOOK

pipelines:
  branches:
    main:
      - step:
          name: Lint
          script:
            - bash scripts/lint.sh
      - step: *trigger-dbt-cloud
`);
  console.log(JSON.stringify(f, null, 1));
});
