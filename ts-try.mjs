import { parseDocument, LineCounter } from 'yaml';
for (const src of ['a: ' + '['.repeat(100000) + ']'.repeat(100000), 'a:\n' + Array.from({length: 3000}, (_, i) => ' '.repeat(i+1) + 'b:\n').join(''), '- '.repeat(100000) + 'x', '{'.repeat(100000)]) {
  const s = Date.now();
  try { const lc = new LineCounter(); const d = parseDocument(src, { lineCounter: lc }); console.log('ok', Date.now()-s, d.errors.length, d.errors[0]?.code); d.toJS?.(); }
  catch (e) { console.log('ERR', e.constructor.name, String(e).slice(0, 60), Date.now()-s); }
}
try { JSON.parse('['.repeat(100000) + ']'.repeat(100000)); console.log('json ok'); } catch (e) { console.log('json', e.constructor.name); }
