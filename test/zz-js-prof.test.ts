import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadParser, parseSource } from '../src/adapters/javascript/parse.js';
import { indexModule } from '../src/adapters/javascript/module-index.js';
import { ModuleLoader } from '../src/adapters/javascript/imports.js';
import { Resolver } from '../src/adapters/javascript/resolve-value.js';
import { CallSiteFinder } from '../src/adapters/javascript/call-sites.js';
it('prof', async () => {
  await loadParser();
  for (const p of ['node_modules/@babel/parser/lib/index.js', 'node_modules/vite/dist/node/chunks/config.js', 'node_modules/yaml/dist/compose/composer.js']) {
    let text: string; try { text = readFileSync(p, 'utf8'); } catch { continue; }
    let t = performance.now();
    const parsed = parseSource(p, text); const tParse = performance.now() - t; t = performance.now();
    if (!parsed.ok) { console.log('fail', p); continue; }
    const mod = indexModule(p, text, parsed.program); const tIndex = performance.now() - t; t = performance.now();
    const ctx = { readRepoFile: () => undefined, fileExists: () => false };
    const loader = new ModuleLoader(ctx); loader.register(mod);
    new CallSiteFinder(new Resolver(loader), mod).find(); const tFind = performance.now() - t;
    console.log(p, text.length, 'calls', mod.calls.length, 'parse', tParse.toFixed(0), 'index', tIndex.toFixed(0), 'find', tFind.toFixed(0));
  }
}, 600000);
