import { it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { adapter } from '../src/adapters/javascript.js';
import type { AdapterContext } from '../src/adapters/adapter.js';
it('bench', async () => {
  const root = join(process.cwd(), 'node_modules');
  const files: string[] = [];
  const walk = (d: string) => { for (const e of readdirSync(d)) { const p = join(d, e); const s = statSync(p); if (s.isDirectory()) walk(p); else if (/\.(m?js|cjs|ts|mts)$/.test(e) && !/\.d\.ts$/.test(e) && s.size < 3_000_000) files.push(relative(root, p)); } };
  walk(root);
  const set = new Set(files);
  const cache = new Map<string, string>();
  const read = (p: string) => { if (!cache.has(p)) cache.set(p, readFileSync(join(root, p), 'utf8')); return cache.get(p)!; };
  const ctx: AdapterContext = { readRepoFile: (p) => (set.has(p) ? { path: p, absPath: join(root, p), text: read(p) } : undefined), fileExists: (p) => set.has(p) };
  const sel = files.slice(0, 4000);
  let total = 0, max = 0, maxFile = '', sites = 0, probs = 0;
  await adapter.extract({ path: 'x.js', absPath: '', text: 'fetch("https://cloud.getdbt.com/api/v2/accounts/")' }, ctx);
  for (const p of sel) {
    const text = read(p);
    const t0 = performance.now();
    const f = await adapter.extract({ path: p, absPath: join(root, p), text }, ctx);
    const dt = performance.now() - t0;
    total += dt; sites += f.callSites.length; probs += f.problems.length;
    if (dt > max) { max = dt; maxFile = p; }
    for (const c of f.callSites) console.log('SITE', p, JSON.stringify(c.endpoint?.url), c.client);
  }
  console.log(`files=${sel.length} total=${total.toFixed(0)}ms avg=${(total / sel.length).toFixed(2)}ms max=${max.toFixed(0)}ms ${maxFile} sites=${sites} problems=${probs}`);
}, 600000);
