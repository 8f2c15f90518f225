import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';
const run = (text: string, path = 'k8s/app.yaml') => extractWith('kubernetes', path, text);

describe('kubernetes adapter', () => {
  it('reads container env (secretKeyRef, literals) and command/args scripts with $(VAR) references', async () => {
    const f = await run(`apiVersion: batch/v1
kind: CronJob
metadata:
  name: dbt-nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: trigger
              image: curlimages/curl:8.5.0
              env:
                - name: DBT_CLOUD_ACCOUNT_ID
                  value: "88123"
                - name: DBT_CLOUD_TOKEN
                  valueFrom:
                    secretKeyRef:
                      name: dbt-cloud
                      key: token
              command: ["/bin/sh", "-c"]
              args:
                - |
                  curl -fsS -X POST \\
                    -H "Authorization: Token \${DBT_CLOUD_TOKEN}" \\
                    "https://cloud.getdbt.com/api/v2/accounts/$(DBT_CLOUD_ACCOUNT_ID)/jobs/4411/run/"
`);
    // A CronJob runs its containers where it is deployed, whatever folder the manifest is in.
    expect(f.role).toBe('application');
    expect(f.callSites).toHaveLength(2);
    expect(f.callSites[0]).toMatchObject({
      kind: 'config',
      client: 'kubernetes',
      span: { line: 17, column: 25 },
      credential: { source: 'secret', name: 'DBT_CLOUD_TOKEN' },
    });
    expect(f.callSites[1]).toMatchObject({
      kind: 'http',
      span: { line: 25, column: 19 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/88123/jobs/4411/run/', method: 'POST' },
      credential: { source: 'secret', name: 'DBT_CLOUD_TOKEN' },
      accountIds: ['88123'],
    });
  });

  it('reports dbt tokens in Secret stringData and base64 data as credential sites, and envFrom of them as config', async () => {
    const f = await run(`apiVersion: v1
kind: Secret
metadata:
  name: dbt
stringData:
  DBT_CLOUD_SERVICE_TOKEN: ${SVC}
  OTHER_SETTING: x
data:
  DBT_CLOUD_API_KEY: ${Buffer.from(`${LEGACY}\n`).toString('base64')}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: acme/api:1.0
          envFrom:
            - secretRef:
                name: dbt
`);
    expect(f.credentialSites.map((s) => [s.span.line, s.span.column, s.credential.name, s.credential.value])).toEqual([
      [6, 28, 'DBT_CLOUD_SERVICE_TOKEN', SVC],
      [9, 22, 'DBT_CLOUD_API_KEY', LEGACY],
    ]);
    expect(f.callSites.map((c) => [c.kind, c.span.line, c.credential?.source, c.credential?.name])).toEqual([
      ['config', 22, 'secret', 'DBT_CLOUD_SERVICE_TOKEN'],
      ['config', 22, 'secret', 'DBT_CLOUD_API_KEY'],
    ]);
  });

  it('reports literal env tokens and AIRFLOW_CONN_* definitions', async () => {
    const f = await run(`apiVersion: v1
kind: Pod
metadata:
  name: airflow
spec:
  containers:
    - name: scheduler
      image: apache/airflow:2.9.1
      env:
        - name: DBT_CLOUD_PAT
          value: dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA
        - name: AIRFLOW_CONN_DBT_CLOUD_DEFAULT
          value: dbt-cloud://70403:${SVC}@cloud.getdbt.com
`);
    expect(f.callSites).toHaveLength(2);
    expect(f.callSites[0]).toMatchObject({
      kind: 'config',
      span: { line: 10, column: 17 },
      credential: { source: 'literal', name: 'DBT_CLOUD_PAT', span: { line: 11, column: 18 } },
    });
    // The connection is configured here too, with the token written in its URI.
    expect(f.callSites[1]).toMatchObject({
      kind: 'config',
      span: { line: 12 },
      client: 'airflow-connection',
      credential: { source: 'literal' },
    });
    expect(f.credentialSites).toHaveLength(1);
    expect(f.definitions).toHaveLength(1);
    expect(f.definitions[0]).toMatchObject({ ref: { kind: 'airflow-connection', id: 'dbt_cloud_default' } });
  });

  it('reads a Helm template as the YAML it renders to: action lines blanked, templated values quoted', async () => {
    const f = await run(
      `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image }}"
          env:
            {{- if .Values.dbt.enabled }}
            - name: DBT_CLOUD_API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.dbt.secret }}
                  key: token
            - name: DBT_CLOUD_SERVICE_TOKEN
              value: {{ .Values.dbt.token | quote }}
            {{- end }}
`,
      'charts/app/templates/deployment.yaml',
    );
    expect(f.problems).toEqual([]);
    expect(f.callSites.map((c) => [c.span.line, c.span.column, c.credential?.source, c.credential?.name])).toEqual([
      [11, 21, 'secret', 'DBT_CLOUD_API_TOKEN'],
      [16, 21, 'config', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
  });

  it('falls back to a line scan for Helm templates that are not YAML even so', async () => {
    const f = await run(
      `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: DBT_CLOUD_SERVICE_TOKEN
              value: {{ .Values.dbt.token | quote }}
           - name: BROKEN_INDENT
`,
      'charts/app/templates/deployment.yaml',
    );
    expect(f.problems.length).toBeGreaterThan(0);
    for (const p of f.problems) expect(p).toMatch(/^YAML parse error at line \d+$/);
    expect(f.callSites.map((c) => [c.span.line, c.credential?.source, c.credential?.name])).toEqual([
      [9, 'config', 'DBT_CLOUD_SERVICE_TOKEN'],
    ]);
  });

  it('finds nothing for Databricks dbt jobs and webhook secrets', async () => {
    const f = await run(`apiVersion: batch/v1
kind: Job
metadata:
  name: dbt-build
spec:
  template:
    spec:
      containers:
        - name: dbt
          image: ghcr.io/dbt-labs/dbt-databricks:1.8.latest
          args: ["build"]
          env:
            - name: DBT_HOST
              value: adb-5555555555555555.19.azuredatabricks.net
            - name: DBT_TOKEN
              valueFrom:
                secretKeyRef: { name: databricks, key: token }
            - name: DBT_CLOUD_AUTH_TOKEN
              valueFrom:
                secretKeyRef: { name: hooks, key: hmac }
`);
    expect(f.callSites).toEqual([]);
  });

  it('survives hostile input', async () => {
    for (const text of [
      'apiVersion: v1\nkind: List\nitems: ' + '['.repeat(100_000),
      'apiVersion: v1\nkind: Secret\ndata:\n  DBT_CLOUD_TOKEN: ' + 'A'.repeat(5_000_000),
      'apiVersion: v1\nkind: Pod\n' + '  - name: DBT_TOKEN\n'.repeat(50_000),
    ]) {
      const f = await run(text);
      expect(Array.isArray(f.callSites)).toBe(true);
    }
  }, 60_000);
});
