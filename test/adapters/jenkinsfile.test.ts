import { test } from 'vitest';
import { extractWith } from '../helpers/extract.js';
test('play', async () => {
  const f = await extractWith('jenkinsfile', 'Jenkinsfile', `pipeline {
  agent any
  environment {
    DBT_CLOUD_ACCOUNT_ID = '43786'
    DBT_CLOUD_API_KEY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef'
  }
  stages {
    stage('Trigger dbt Cloud job') {
      steps {
        withCredentials([string(credentialsId: 'dbt-cloud-service-token', variable: 'DBT_TOKEN')]) {
          sh '''
            curl -sf -X POST \\
              -H "Authorization: Token $DBT_TOKEN" \\
              "https://cloud.getdbt.com/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/567/run/"
          '''
        }
        sh "curl -H 'Authorization: Token \${env.DBT_CLOUD_API_KEY}' https://cloud.getdbt.com/api/v2/accounts/\${DBT_CLOUD_ACCOUNT_ID}/runs/"
        sh 'bash scripts/trigger_dbt.sh'
        httpRequest url: "https://cloud.getdbt.com/api/v2/accounts/\${DBT_CLOUD_ACCOUNT_ID}/jobs/9/run/",
          httpMode: 'POST',
          customHeaders: [[name: 'Authorization', value: "Token \${DBT_CLOUD_API_KEY}"]]
      }
    }
  }
}
`, { 'scripts/trigger_dbt.sh': 'echo' });
  console.log(JSON.stringify(f, null, 1));
});
