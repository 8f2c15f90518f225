import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';
const run = (text: string, path = 'services/api/Dockerfile') => extractWith('dockerfile', path, text);

describe('dockerfile adapter', () => {
  it('reports a literal ENV token as a config call site and credential site, and RUN curl through the shell', async () => {
    const f = await run(`FROM python:3.11-slim
ENV DBT_CLOUD_HOST=cloud.getdbt.com \\
    DBT_CLOUD_SERVICE_TOKEN=${SVC}
ARG ACCOUNT=36412
RUN --mount=type=cache,target=/root/.cache pip install requests && \\
    # smoke test
    curl -fsS -H "Authorization: Token \${DBT_CLOUD_SERVICE_TOKEN}" \\
      "https://\${DBT_CLOUD_HOST}/api/v2/accounts/\${ACCOUNT}/jobs/"
`);
    expect(f.role).toBeUndefined();
    const [config, http] = f.callSites;
    expect(f.callSites).toHaveLength(2);
    expect(config).toMatchObject({
      kind: 'config',
      client: 'dockerfile',
      span: { line: 3, column: 5 },
      endpoint: { host: 'cloud.getdbt.com' },
      credential: { source: 'literal', name: 'DBT_CLOUD_SERVICE_TOKEN', value: SVC, span: { line: 3, column: 29 } },
    });
    expect(http).toMatchObject({
      kind: 'http',
      span: { line: 7, column: 5 },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/36412/jobs/' },
      credential: { source: 'literal', value: SVC, span: { line: 3, column: 29 } },
      accountIds: ['36412'],
    });
    expect(f.credentialSites).toEqual([
      {
        span: { line: 3, column: 29 },
        credential: { source: 'literal', name: 'DBT_CLOUD_SERVICE_TOKEN', value: SVC, span: { line: 3, column: 29 } },
      },
    ]);
  });

  it('reads legacy `ENV KEY value`, quoted values and build arguments', async () => {
    const f = await run(`FROM alpine
ENV DBT_CLOUD_API_KEY ${LEGACY}
ARG DBT_CLOUD_PAT
ENV DBT_TOKEN="\${DBT_CLOUD_PAT}"
`);
    expect(f.callSites.map((c) => [c.span.line, c.credential?.source, c.credential?.name])).toEqual([
      [2, 'literal', 'DBT_CLOUD_API_KEY'],
      [4, 'env', 'DBT_CLOUD_PAT'],
    ]);
    expect(f.callSites[0]!.credential).toMatchObject({ value: LEGACY, span: { line: 2, column: 23 } });
    expect(f.credentialSites).toHaveLength(1);
  });

  it('reads exec-form sh -c, heredoc RUN and shell-form CMD', async () => {
    const f = await run(
      [
        'FROM curlimages/curl',
        'ENTRYPOINT ["/bin/sh", "-c", "curl -H \\"Authorization: Bearer $DBT_CLOUD_TOKEN\\" https://emea.dbt.com/api/v2/accounts/1/runs/"]',
        'RUN <<SCRIPT',
        'curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v3/accounts/',
        'SCRIPT',
        'CMD curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/2/jobs/',
        '',
      ].join('\n'),
    );
    expect(f.callSites.map((c) => [c.span.line, c.span.column, c.endpoint?.host, c.credential?.name])).toEqual([
      [2, 31, 'emea.dbt.com', 'DBT_CLOUD_TOKEN'],
      [4, 1, 'cloud.getdbt.com', 'DBT_CLOUD_TOKEN'],
      [6, 5, 'cloud.getdbt.com', 'DBT_CLOUD_TOKEN'],
    ]);
  });

  it('defines Airflow connections from ENV AIRFLOW_CONN_*', async () => {
    const f = await run(`FROM apache/airflow:2.9.1
ENV AIRFLOW_CONN_DBT_CLOUD_DEFAULT='dbt-cloud://70403:\${DBT_CLOUD_SERVICE_TOKEN}@cloud.getdbt.com'
`);
    expect(f.definitions).toHaveLength(1);
    expect(f.definitions[0]).toMatchObject({ ref: { kind: 'airflow-connection', id: 'dbt_cloud_default' } });
    expect(f.callSites).toMatchObject([
      { kind: 'config', span: { line: 2 }, client: 'airflow-connection', credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' } },
    ]);
  });

  it('finds nothing for dbt Core on Databricks', async () => {
    const f = await run(`FROM python:3.11-slim
ARG DBT_TOKEN
ENV DBT_HOST=adb-5555555555555555.19.azuredatabricks.net \\
    DBT_ACCESS_TOKEN=\${DBT_TOKEN} \\
    DBT_ENV_SECRET_GIT_CREDENTIAL=abc
RUN pip install dbt-databricks && dbt deps
CMD ["dbt", "build"]
`);
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
  });

  it('survives hostile input', async () => {
    for (const text of [
      'RUN ' + 'x'.repeat(20_000_000),
      'RUN \\\n'.repeat(100_000),
      'ENV ' + '"'.repeat(100_000),
      'CMD [' + '['.repeat(100_000),
      'RUN <<SCRIPT\n' + 'curl\n'.repeat(100),
    ]) {
      const f = await run(text);
      expect(f.callSites).toEqual([]);
    }
  }, 60_000);
});
