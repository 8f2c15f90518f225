import { Parser, Language } from 'web-tree-sitter';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
await Parser.init();
const lang = await Language.load(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'));
const p = new Parser(); p.setLanguage(lang);
const src = process.argv[2];
console.log(p.parse(src).rootNode.toString());
