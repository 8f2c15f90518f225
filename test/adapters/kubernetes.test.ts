import { test } from 'vitest';
import { extractWith } from '../helpers/extract.js';
test('play', async () => {
  const f = await extractWith('kubernetes', 'k8s/dbt-refresh-cronjob.yaml', `apiVersion: v1
kind: Secret
metadata:
  name: dbt-cloud
type: Opaque
stringData:
  DBT_CLOUD_SERVICE_TOKEN: dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA
data:
  DBT_CLOUD_API_KEY: ZGVhZGJlZWZkZWFkYmVlZmRlYWRiZWVmZGVhZGJlZWZkZWFkYmVlZg==
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: dbt-cloud-nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
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
                      key: DBT_CLOUD_SERVICE_TOKEN
              command: ["/bin/sh", "-c"]
              args:
                - |
                  curl -fsS -X POST \\
                    -H "Authorization: Token \${DBT_CLOUD_TOKEN}" \\
                    "https://cloud.getdbt.com/api/v2/accounts/$(DBT_CLOUD_ACCOUNT_ID)/jobs/4411/run/"
`);
  console.log(JSON.stringify(f, null, 1));
  const g = await extractWith('kubernetes', 'charts/app/templates/deployment.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            {{- if .Values.dbt.enabled }}
            - name: DBT_CLOUD_API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.dbt.secretName }}
                  key: token
            - name: DBT_CLOUD_PAT
              value: {{ .Values.dbt.pat | quote }}
            {{- end }}
`);
  console.log(JSON.stringify(g, null, 1));
});
