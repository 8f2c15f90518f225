import { test } from 'vitest';
import { extractWith } from '../helpers/extract.js';
test('play', async () => {
  const f = await extractWith('circleci', '.circleci/config.yml', `version: 2.1
parameters:
  dbt-job-id:
    type: string
    default: "731"
jobs:
  trigger-dbt-cloud:
    docker:
      - image: cimg/base:2024.01
    environment:
      DBT_CLOUD_ACCOUNT_ID: "51798"
    steps:
      - checkout
      - run:
          name: Trigger dbt Cloud production job
          command: |
            curl --fail -X POST \\
              -H "Authorization: Token \${DBT_CLOUD_SERVICE_TOKEN}" \\
              -H "Content-Type: application/json" \\
              -d '{"cause": "CircleCI deploy"}' \\
              "https://cloud.getdbt.com/api/v2/accounts/\${DBT_CLOUD_ACCOUNT_ID}/jobs/<< pipeline.parameters.dbt-job-id >>/run/"
      - run: ./scripts/wait_for_run.sh
workflows:
  deploy:
    jobs:
      - trigger-dbt-cloud:
          context: dbt-cloud-prod
`, { 'scripts/wait_for_run.sh': 'x' });
  console.log(JSON.stringify(f, null, 1));
});
