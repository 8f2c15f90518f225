import { test } from 'vitest';
import { extractWith } from '../helpers/extract.js';
test('play', async () => {
  const f = await extractWith('azure-pipelines', 'azure-pipelines.yml', `trigger:
  branches:
    include: [main]
variables:
  - group: dbt-cloud-prod
  - name: dbtCloudAccountId
    value: '70403'
  - name: dbtCloudHost
    value: emea.dbt.com
stages:
  - stage: Deploy
    jobs:
      - job: TriggerDbtCloud
        pool:
          vmImage: ubuntu-latest
        steps:
          - task: Bash@3
            displayName: Trigger dbt Cloud job
            inputs:
              targetType: inline
              script: |
                curl -sS --fail -X POST \\
                  -H "Authorization: Token $(DBT_CLOUD_SERVICE_TOKEN)" \\
                  "https://$(dbtCloudHost)/api/v2/accounts/$(dbtCloudAccountId)/jobs/1234/run/"
          - bash: |
              curl -H "Authorization: Bearer $DBT_TOKEN" "https://\${{ variables.dbtCloudHost }}/api/v3/accounts/$(dbtCloudAccountId)/projects/"
            env:
              DBT_TOKEN: $(dbtCloudPat)
          - script: python ci/wait_for_dbt.py
`, { 'ci/wait_for_dbt.py': 'x' });
  console.log(JSON.stringify(f, null, 1));
});
