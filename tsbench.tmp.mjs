import { Parser, Language } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
const t00 = performance.now();
await Parser.init();
const lang = await Language.load('/work/main/node_modules/tree-sitter-python/tree-sitter-python.wasm');
const p = new Parser(); p.setLanguage(lang);
const tl = performance.now() - t00;
const text = readFileSync(process.argv[2], 'utf8');
const times = [];
for (let i = 0; i < 20; i++) { const t0 = performance.now(); p.parse(text).delete(); times.push((performance.now() - t0).toFixed(1)); }
console.log('load', tl.toFixed(0), 'parses', times.join(' '));
