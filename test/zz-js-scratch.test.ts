import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractWith } from './helpers/extract.js';
const show = (label: string, f: any) => { console.log('### ' + label); for (const c of f.callSites) console.log(JSON.stringify({ at: `${c.span.line}:${c.span.column}`, url: c.endpoint?.url, m: c.endpoint?.method, cred: c.credential, ids: c.accountIds, client: c.client })); for (const s of f.credentialSites) console.log('site', JSON.stringify(s)); if (f.problems.length) console.log('problems', f.problems); if (f.role) console.log('role', f.role); };
it('dump', async () => {
  const cases: [string, string, string, Record<string, string>?][] = JSON.parse(readFileSync('/tmp/jsreal/cases.json', 'utf8'));
  for (const [label, path, text, others] of cases) show(label, await extractWith('javascript', path, text, others ?? {}));
}, 60000);
