import { mdCell, mdCode } from '../report/reporters/markdown-escape.js';
import { count, tokenLabel } from '../report/reporters/wording.js';
import { inHistoryOrder, scrubHistory } from './history-order.js';
import { shortCommit, type HistoryReport } from './history-report.js';

// A table for a pull-request comment or a job summary: one row per token, most recent first.

export function renderMarkdown(h: HistoryReport): string {
  const rows = inHistoryOrder(h.report.findings, h).map((f) => {
    const facts = h.history.get(f.fingerprint)!;
    return `| ${mdCode(shortCommit(facts.commit))} | ${facts.date.slice(0, 10)} | ${mdCode(f.file)}:${f.line} | ${tokenLabel(f.credential.type)} | ${mdCode(f.credential.redacted ?? '')} | ${facts.commits} | ${facts.presentAtHead ? '**yes**' : 'no'} |`;
  });
  const out = ['## dbt Cloud tokens in the git history', ''];
  const read = `${count(h.stats.commits, 'commit')}, ${count(h.stats.blobs, 'distinct file content')} read`;
  if (!rows.length) out.push(`No committed dbt Cloud token found (${read}).`);
  else {
    out.push(`${count(rows.length, 'token')} committed (${read}). Revoke each in dbt Cloud: deleting it from the files does not.`, '');
    out.push('| First commit | Date | File | Type | Token | Commits | In HEAD |', '|---|---|---|---|---|---|---|', ...rows);
  }
  if (h.report.suppressed.length) out.push('', `${count(h.report.suppressed.length, 'token')} suppressed (inline comment or baseline).`);
  if (h.report.errors.length) {
    out.push('', `${count(h.report.errors.length, 'file')} not fully read:`, '');
    for (const e of h.report.errors) out.push(`- ${mdCode(e.file)}: ${mdCell(e.message)}`);
  }
  return scrubHistory(`${out.join('\n')}\n`, h);
}
