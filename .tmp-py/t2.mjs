import { Parser, Language } from 'web-tree-sitter';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
const pkg = require.resolve('tree-sitter-python/package.json');
await Parser.init();
const lang = await Language.load(join(dirname(pkg), 'tree-sitter-python.wasm'));
const p = new Parser(); p.setLanguage(lang);
let src = `x = "é😀"; y = "a\\nb\\"c" ; z = 1\n`;
let t = p.parse(src);
console.log(t.rootNode.toString());
for (const n of t.rootNode.descendantsOfType(['string','integer','escape_sequence'])) console.log(n.type, n.startIndex, n.endIndex, n.startPosition, JSON.stringify(n.text), src.slice(n.startIndex, n.endIndex));
for (const depth of [1000, 100000]) {
  src = 'x = ' + '('.repeat(depth) + '1' + ')'.repeat(depth) + '\n';
  let t0 = Date.now();
  t = p.parse(src);
  console.log(depth, Date.now()-t0, 'ms', t.rootNode.hasError);
  // cursor walk depth
  const c = t.walk(); let maxd=0, count=0;
  let d=0; outer: for(;;){ count++; maxd=Math.max(maxd,d); if (c.gotoFirstChild()) { d++; continue; } while(!c.gotoNextSibling()){ if(!c.gotoParent()) break outer; d--; } }
  c.delete();
  console.log('walked', count, maxd, Date.now()-t0);
  t.delete();
}
src = 'x = [' + '['.repeat(100000) + '\n';
let t0 = Date.now(); t = p.parse(src); console.log('unclosed', Date.now()-t0, t.rootNode.hasError, t.rootNode.childCount);
src = 'a = 1\n'.repeat(300000); t0 = Date.now(); t = p.parse(src); console.log('big', src.length, Date.now()-t0);
