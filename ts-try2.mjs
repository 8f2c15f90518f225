const seen = new Set();
const origExec = RegExp.prototype.exec;
RegExp.prototype.exec = function (s) { const k = this.source; if (!seen.has(k)) { seen.add(k); process.stderr.write('RX ' + k.slice(0, 200) + ' len=' + String(s).length + '\n'); } return origExec.call(this, s); };
const origTest = RegExp.prototype.test;
RegExp.prototype.test = function (s) { const k = this.source; if (!seen.has(k)) { seen.add(k); process.stderr.write('RXt ' + k.slice(0, 200) + ' len=' + String(s).length + '\n'); } return origTest.call(this, s); };
await import('./ts-try.mjs');
