import { readFileSync } from 'node:fs';
import { Parser, Language } from 'web-tree-sitter';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
await Parser.init();
const lang = await Language.load(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'));
const p = new Parser(); p.setLanguage(lang);
const src = readFileSync(process.argv[2], 'utf8');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let c0 = cpu(); const tree = p.parse(src); console.log('parse', cpu() - c0);
function walk(fn) { const c = tree.walk(); let n = 0; for (;;) { fn(c); n++; if (c.gotoFirstChild()) continue; for (;;) { if (c.gotoNextSibling()) break; if (!c.gotoParent()) { c.delete(); return n; } } } }
c0 = cpu(); walk(() => {}); console.log('walk only', cpu() - c0);
c0 = cpu(); walk((c) => c.nodeTypeId); console.log('+typeId', cpu() - c0);
c0 = cpu(); walk((c) => c.currentFieldId); console.log('fieldId', cpu() - c0);
c0 = cpu(); walk((c) => c.currentFieldName); console.log('fieldName', cpu() - c0);
c0 = cpu(); walk((c) => c.startIndex + c.endIndex); console.log('indices', cpu() - c0);
c0 = cpu(); walk((c) => c.startPosition); console.log('startPosition', cpu() - c0);
c0 = cpu(); walk((c) => c.nodeIsNamed); console.log('isNamed', cpu() - c0);
