import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractWith } from '../test/helpers/extract.js';
test('scratch', async () => {
  const src = readFileSync(process.env.PYFILE!, 'utf8');
  const others: Record<string,string> = {};
  if (process.env.OTHERS) for (const p of process.env.OTHERS.split(',')) { const [k, f] = p.split('='); others[k!] = readFileSync(f!, 'utf8'); }
  const facts = await extractWith(process.env.ADAPTER ?? 'python', process.env.PYPATH ?? 'scripts/x.py', src, others);
  console.log(JSON.stringify(facts, null, 1));
});
