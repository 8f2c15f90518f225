import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractWith } from '../test/helpers/extract.js';
test('timing', async () => {
  await extractWith('python', 'a.py', 'x=1');
  const src = readFileSync(process.env.PYFILE!, 'utf8');
  const t0 = Date.now();
  const facts = await extractWith(process.env.ADAPTER ?? 'python', process.env.PYPATH ?? 'scripts/x.py', src);
  console.log('ms', Date.now() - t0, 'callSites', facts.callSites.length, facts.problems);
}, 60000);
