const re = /(.*?)\r?\n/y;
re.lastIndex = 0; re.exec('abc\n');
let maxDepth = 0;
function rec(n) { try { return rec(n + 1); } catch { maxDepth = n; return n; } }
rec(0);
console.log('max', maxDepth);
function deep(n) { if (n === 0) { re.lastIndex = 0; for (let i = 0; i < 50; i++) re.exec('x'.repeat(1000) + '\n'); return 1; } return deep(n - 1) + 1; }
console.log(deep(maxDepth - 50));
