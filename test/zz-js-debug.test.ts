import { it } from 'vitest';
import { extractWith } from './helpers/extract.js';
it('dbg', async () => {
  const h = "export async function dbtRequest(path: string, init: RequestInit = {}) {\n  return fetch(`${process.env.DBT_CLOUD_URL}${path}`, { ...init, headers: { Authorization: `Token ${process.env.DBT_CLOUD_TOKEN}` } });\n}\n";
  const f = await extractWith('javascript', 'src/i.ts', "import { dbtRequest } from './h';\nawait dbtRequest('/api/v2/accounts/77/jobs/');\n", { 'src/h.ts': h });
  console.log(JSON.stringify(f));
  const g = await extractWith('javascript', 'src/i.ts', "import { dbtRequest } from './h';\ndbtRequest('/api/v2/accounts/77/jobs/');\n", { 'src/h.ts': h });
  console.log(JSON.stringify(g));
});
