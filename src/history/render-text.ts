import { loadPicocolors } from '../packages.js';
import { printable } from '../report/reporters/terminal-safe.js';
import { count, tokenLabel } from '../report/reporters/wording.js';
import type { Finding } from '../model/findings.js';
import { inHistoryOrder, scrubHistory } from './history-order.js';
import { headWording, shortCommit, type HistoryReport } from './history-report.js';

// For people at a terminal: one block per token, most recent first commit first: the commit, its
// date, where the token was written, its type and redacted value, and whether HEAD still has it.

export function renderText(h: HistoryReport, opts: { color: boolean; quiet: boolean }): string {
  const c = loadPicocolors().createColors(opts.color);
  const out: string[] = [];
  for (const f of inHistoryOrder(h.report.findings, h)) {
    const facts = h.history.get(f.fingerprint)!;
    const where = `${printable(f.file)}:${f.line}:${f.column}`;
    out.push(`${c.yellow(shortCommit(facts.commit))}  ${facts.date.slice(0, 10)}  ${c.underline(where)}  ${c.dim(f.ruleId)}`);
    out.push(
      `  ${c.red(f.severity)}  ${tokenLabel(f.credential.type)} ${f.credential.redacted ?? ''}, ${count(facts.commits, 'commit')}, ${facts.presentAtHead ? c.red(headWording(facts)) : headWording(facts)}`,
    );
    out.push(`  ${c.green('→')} ${printable(f.recommendation.text)}`, '');
  }
  if (!opts.quiet) out.push(summary(h, c));
  return scrubHistory(out.length ? `${out.join('\n')}\n` : '', h);
}

function summary(h: HistoryReport, c: ReturnType<ReturnType<typeof loadPicocolors>['createColors']>): string {
  const { report, stats } = h;
  const read = `${count(stats.commits, 'commit')}, ${count(stats.blobs, 'distinct file content')} read`;
  const found = report.findings as readonly Finding[];
  const atHead = found.filter((f) => h.history.get(f.fingerprint)?.presentAtHead).length;
  const extra = [
    report.suppressed.length ? `${report.suppressed.length} suppressed` : '',
    report.errors.length ? `${count(report.errors.length, 'file')} not fully read` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const tail = extra ? ` (${extra})` : '';
  if (!found.length) return c.green(`No committed dbt Cloud token in the history; ${read}${tail}.`);
  return c.bold(
    `${count(found.length, 'dbt Cloud token')} committed in the history, ${atHead} still in HEAD; ${read}${tail}. Revoke each in dbt Cloud: deleting it from the files does not.`,
  );
}
