import { parseDocument, LineCounter } from 'yaml';
const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const p = (s, label) => { const t = Date.now(); const lc = new LineCounter(); const d = parseDocument(s, { lineCounter: lc, logLevel: 'silent', uniqueKeys: false, prettyErrors: false }); console.log(label, Date.now() - t, d.errors.length); };
if (process.argv[2] === '1') p(`projects:\n  - token-value: "${PAT}"\n    account-id: [1\n  bad: : :\n`, 'err');
p('projects: ' + '['.repeat(100_000) + ']'.repeat(100_000), 'deep1');
p('projects:\n' + '  - '.repeat(50_000) + 'x\n', 'deep2');
