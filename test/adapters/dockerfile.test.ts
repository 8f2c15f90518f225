import { test } from 'vitest';
import { extractWith } from '../helpers/extract.js';
test('play', async () => {
  const f = await extractWith('dockerfile', 'services/refresher/Dockerfile', `FROM python:3.11-slim AS base
ARG DBT_CLOUD_ACCOUNT_ID=12345
ENV DBT_CLOUD_HOST=cloud.getdbt.com \\
    DBT_CLOUD_SERVICE_TOKEN=dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA
RUN --mount=type=cache,target=/root/.cache pip install requests && \\
    # trigger once at build
    curl -sf -X POST -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" \\
      "https://$DBT_CLOUD_HOST/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/42/run/"
CMD ["sh", "-c", "curl -H \\"Authorization: Bearer $DBT_CLOUD_SERVICE_TOKEN\\" https://cloud.getdbt.com/api/v2/accounts/1/runs/"]
`);
  console.log(JSON.stringify(f, null, 1));
});
