import { describe, expect, it } from 'vitest';
import { holdsCallEvidence } from '../../src/adapters/javascript/call-evidence.js';

// Whether a module can hold a dbt Cloud call or credential at all (it is parsed only if so): an
// over-approximation, which must never say no to a module the adapter could take a fact from.

const FILLER = 'const a = b(c, "d"); '.repeat(20_000);

describe('what a JavaScript module must hold to be parsed', () => {
  it.each([
    ['a token prefix', `const t = "dbtc_abc";`],
    ['an API path, after 400 KB of code', `${FILLER}fetch(host + "/api/v2/jobs/")`],
    ['an accounts path', `get(\`\${base}/accounts/\${id}\`)`],
    ['the AI API', `post(root + "api/ai/v1/")`],
    ['a 40-hex literal', `const KEY = "${'ab12'.repeat(10)}";`],
    ['a dbt-named credential', `headers.Authorization = "Token " + DBT_TOKEN;`],
    ['a dbt-named host with a member taken', `fetch(DBT_HOST.url)`],
    ['an API path right after a dbt-named word', `fetch("https://x/dbt_api/v2/jobs")`],
    ['a dbt Cloud host', `fetch("https://cloud.getdbt.com/")`],
  ])('%s', (_, text) => {
    expect(holdsCallEvidence(text)).toBe(true);
  });

  it.each([
    ['no dbt at all', FILLER],
    ['a link to the docs under a dbt-named constant', `const DBT_DOCS_URL = "https://docs.getdbt.com/guides";\nopen(DBT_DOCS_URL);`],
    ['a list of dbt Labs sites', `const sites = ["docs.getdbt.com", "cloud.getdbt.com", "www.getdbt.com"];`],
  ])('not %s', (_, text) => {
    expect(holdsCallEvidence(text)).toBe(false);
  });
});
