import { accountIdsInPath, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import type { FileFacts, RawCredential } from '../../model/raw-facts.js';
import type { ScriptPositions } from './positions.js';
import { cutMessage, MAX_SCANNED_SITES_PER_FILE } from '../../facts/limits.js';
import { noteCut, pastDeadline } from '../extraction-limits.js';
import { schemeWords } from '../../credentials/auth-schemes.js';

// For scripts too big to parse (or with absurdly long lines): a line-by-line look for HTTP client
// lines naming a dbt Cloud URL. Every regex here is linear and runs on bounded lines only.

export const MAX_LINE = 50_000;

const CLIENT = /(?:^|[\s;&|(`$])(curl|wget|https?|xhs?)\s/;
const URL = /https?:\/\/[^\s"'<>`\\]{1,2000}/g;
const AUTH = new RegExp(`authorization:\\s{0,20}(?:${schemeWords('dbt')})\\s{1,20}([^\\s"'\\\\]{1,512})`, 'i');
const VAR_REF = /^\$\{?([A-Za-z_][A-Za-z0-9_]{0,200})\}?$/;

export function lineScan(text: string, pos: ScriptPositions, facts: FileFacts): void {
  let skipped = 0;
  let start = 0;
  let lines = 0;
  const limit = facts.callSites.length + MAX_SCANNED_SITES_PER_FILE;
  while (start <= text.length) {
    if (facts.callSites.length >= limit) {
      noteCut(cutMessage('shell call sites', MAX_SCANNED_SITES_PER_FILE, undefined, `reading stopped at line ${pos.span(start).line}`));
      break;
    }
    if (++lines % 1024 === 0 && pastDeadline()) break;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MAX_LINE) skipped++;
    else scanLine(text.slice(start, end), start, pos, facts);
    start = end + 1;
  }
  if (skipped > 0) facts.problems.push(`${skipped} line(s) longer than ${MAX_LINE} characters not scanned`);
}

function scanLine(line: string, offset: number, pos: ScriptPositions, facts: FileFacts): void {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('#')) return;
  const client = CLIENT.exec(line);
  if (!client) return;
  const auth = AUTH.exec(line);
  let credential: RawCredential | undefined;
  if (auth) {
    const raw = auth[1]!;
    const v = VAR_REF.exec(raw);
    const span = pos.span(offset + auth.index + auth[0].length - raw.length);
    credential = v ? { source: 'env', name: v[1], span } : { source: 'literal', value: raw, span };
  }
  for (const m of line.matchAll(URL)) {
    const endpoint = recognizeDbtCloudUrl(m[0].replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, '{$1}'));
    if (!endpoint) continue;
    const name = client[1]!;
    const ids = accountIdsInPath(endpoint.path);
    facts.callSites.push({
      kind: 'http',
      span: pos.span(offset + client.index + client[0].length - name.length - 1),
      endpoint,
      client: name.startsWith('http') ? 'httpie' : name.startsWith('xh') ? 'xh' : name,
      ...(credential ? { credential } : {}),
      ...(ids.length > 0 ? { accountIds: ids } : {}),
    });
  }
}
