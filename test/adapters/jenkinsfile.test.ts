import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';
const run = (text: string, path = 'Jenkinsfile', others: Record<string, string> = {}) => extractWith('jenkinsfile', path, text, others);

describe('jenkinsfile adapter', () => {
  it('binds withCredentials string credentials to the sh step and points at the curl', async () => {
    const f = await run(`pipeline {
  agent any
  stages {
    stage('Trigger') {
      steps {
        withCredentials([string(credentialsId: 'dbt-cloud-service-token', variable: 'DBT_TOKEN')]) {
          sh '''
            curl -X POST -H "Authorization: Token $DBT_TOKEN" \\
              https://cloud.getdbt.com/api/v2/accounts/43786/jobs/567/run/
          '''
        }
      }
    }
  }
}
`);
    expect(f.role).toBe('ci-cd');
    expect(f.callSites).toHaveLength(1);
    const c = f.callSites[0]!;
    expect(c).toMatchObject({ kind: 'http', span: { line: 8, column: 13 }, client: 'curl', accountIds: ['43786'] });
    expect(c.endpoint).toMatchObject({ host: 'cloud.getdbt.com', path: '/api/v2/accounts/43786/jobs/567/run/', method: 'POST' });
    expect(c.credential).toMatchObject({
      source: 'secret',
      name: 'dbt-cloud-service-token',
      ref: { kind: 'jenkins-credential', id: 'dbt-cloud-service-token' },
      span: { line: 6, column: 49 },
    });
  });

  it('scopes withCredentials bindings to their block', async () => {
    const f = await run(`node {
  withCredentials([string(credentialsId: 'dbt-token', variable: 'DBT_TOKEN')]) {
    sh 'echo inside'
  }
  sh 'curl -H "Authorization: Token $DBT_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/runs/'
}
`);
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'DBT_TOKEN' });
  });

  it('reads environment { } credentials() and literals, and reports literal dbt keys as credential sites', async () => {
    const f = await run(`pipeline {
  agent any
  environment {
    DBT_CLOUD_API_KEY = '${LEGACY}'
    DBT_ACCOUNT_ID = '12001'
    DBT_SVC = credentials('dbt-svc')
  }
  stages {
    stage('Run') {
      steps {
        sh "curl -H 'Authorization: Token \${env.DBT_CLOUD_API_KEY}' https://cloud.getdbt.com/api/v2/accounts/\${DBT_ACCOUNT_ID}/runs/"
        sh 'curl -H "Authorization: Bearer $DBT_SVC" https://cloud.getdbt.com/api/v3/accounts/'
      }
    }
  }
}
`);
    expect(f.callSites).toHaveLength(2);
    // Groovy interpolates before the shell runs, also inside shell single quotes.
    expect(f.callSites[0]).toMatchObject({
      span: { line: 11, column: 13 },
      endpoint: { path: '/api/v2/accounts/12001/runs/' },
      credential: { source: 'literal', name: 'DBT_CLOUD_API_KEY', value: LEGACY, span: { line: 4, column: 26 } },
      accountIds: ['12001'],
    });
    expect(f.callSites[1]!.credential).toMatchObject({
      source: 'secret',
      name: 'dbt-svc',
      ref: { kind: 'jenkins-credential', id: 'dbt-svc' },
    });
    expect(f.credentialSites).toEqual([
      {
        span: { line: 4, column: 26 },
        credential: { source: 'literal', name: 'DBT_CLOUD_API_KEY', value: LEGACY, span: { line: 4, column: 26 } },
      },
    ]);
  });

  it('binds usernamePassword variables and reads httpRequest steps', async () => {
    const f = await run(`def base = 'https://emea.dbt.com'
node {
  withCredentials([usernamePassword(credentialsId: 'dbt-pat', usernameVariable: 'U', passwordVariable: 'DBT_PAT')]) {
    httpRequest url: "\${base}/api/v2/accounts/55021/jobs/7781/run/",
      httpMode: 'POST',
      customHeaders: [[name: 'Authorization', value: "Token \${DBT_PAT}"]]
  }
}
`);
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      kind: 'http',
      client: 'httpRequest',
      span: { line: 4, column: 5 },
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/55021/jobs/7781/run/', method: 'POST' },
      credential: { source: 'secret', name: 'dbt-pat', ref: { kind: 'jenkins-credential', id: 'dbt-pat' } },
      accountIds: ['55021'],
    });
  });

  it('reads sh(script: ...) and bat steps', async () => {
    const f = await run(`node {
  def out = sh(returnStdout: true, script: 'curl -s -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/9/runs/')
  bat 'curl -H "Authorization: Token %DBT_CLOUD_TOKEN%" https://cloud.getdbt.com/api/v2/accounts/9/jobs/'
}
`);
    expect(f.callSites.map((c) => c.endpoint?.path)).toEqual(['/api/v2/accounts/9/runs/', '/api/v2/accounts/9/jobs/']);
    expect(f.callSites.every((c) => c.credential?.source === 'env' && c.credential.name === 'DBT_CLOUD_TOKEN')).toBe(true);
  });

  it('reads named-argument sh steps without parentheses and withEnv', async () => {
    const f = await run(`node {
  withEnv(['DBT_URL=https://cloud.getdbt.com/api/v2/accounts/77/runs/']) {
    sh label: 'List runs', script: '''
      curl -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" "$DBT_URL"
    '''
  }
  sh script: "echo done", returnStatus: true
}
`);
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      span: { line: 4, column: 7 },
      endpoint: { path: '/api/v2/accounts/77/runs/' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' },
    });
  });

  it('lists the scripts sh steps run, against the Jenkinsfile folder', async () => {
    const f = await run(
      `pipeline { agent any
  stages { stage('x') { steps {
    sh 'bash scripts/trigger_dbt.sh'
    sh './ci/wait.sh --timeout 600'
  } } }
}`,
      'Jenkinsfile',
      { 'scripts/trigger_dbt.sh': '', 'ci/wait.sh': '' },
    );
    expect(f.runsScripts).toEqual(['scripts/trigger_dbt.sh', 'ci/wait.sh']);
  });

  it('finds nothing in comments, dbt Core builds and Databricks tokens', async () => {
    const f = await run(`pipeline {
  environment {
    DBT_HOST = 'adb-5555555555555555.19.azuredatabricks.net'
    DBT_TOKEN = credentials('databricks-pat')
  }
  stages { stage('b') { steps {
    // sh 'curl -H "Authorization: Token $DBT_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/runs/'
    /* sh "curl https://cloud.getdbt.com/api/v2/accounts/1/jobs/" */
    sh 'dbt deps && dbt build --target prod'
    echo "see https://cloud.getdbt.com/deploy/1/projects/2/jobs/3"
  } } }
}`);
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
  });

  it('sets no role on a plain Groovy source file', async () => {
    const f = await run('class Greeter { String greet() { "hi" } }\n', 'src/main/groovy/Greeter.groovy');
    expect(f.role).toBeUndefined();
  });

  it('survives hostile input', async () => {
    for (const text of [
      '{'.repeat(100_000) + 'sh "curl https://cloud.getdbt.com/api/v2/accounts/1/runs/"',
      '"${'.repeat(50_000),
      "sh '''" + 'x'.repeat(100_000),
      'x'.repeat(20_000_000),
      Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      'pipeline {\n  environment {\n    X = credentials(',
    ]) {
      const f = await run(text);
      expect(Array.isArray(f.callSites)).toBe(true);
    }
  }, 60_000);
});
