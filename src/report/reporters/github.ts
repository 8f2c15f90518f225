import type { Finding } from '../../model/findings.js';
import type { RenderOptions } from '../render-options.js';
import type { Report } from '../../model/report.js';
import type { Severity } from '../../model/vocabulary.js';
import { scrubSecrets } from './scrub-secrets.js';
import { printableKeepingLines } from './terminal-safe.js';
import { count, problemCounts, scannedCounts } from './wording.js';

// GitHub Actions workflow commands: one annotation per active finding.
// The runner reads stdout line by line and treats any line starting with `::` as a command, so
// every value from the repository is escaped the way @actions/core does it (escapeData /
// escapeProperty): after escaping, no CR or LF is left inside a command, and a file named
// "x\n::add-mask::y" cannot start a line of its own. Other control characters (ESC, BEL, C1,
// bidirectional overrides) would reach the job log and the annotation as they are: they are shown
// as `\u{1b}`-style escapes, as in the text report.

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

export function render(report: Report, opts: RenderOptions): string {
  const lines = report.findings.map(annotation);
  if (!opts.quiet) lines.push(summaryLine(report));
  return scrubSecrets(lines.length ? `${lines.join('\n')}\n` : '', report);
}

function annotation(f: Finding): string {
  const props: [string, string | number | undefined][] = [
    ['file', f.file],
    ['line', f.line],
    ['col', f.column],
    ['endLine', f.endLine],
    ['endColumn', f.endColumn],
    ['title', f.ruleId],
  ];
  const list = props
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${COMMAND[f.severity]} ${list}::${escapeData(`${f.message}\n${f.recommendation.text}`)}`;
}

/** A plain line (never starting with `::`) for the job log. */
function summaryLine(report: Report): string {
  const { summary } = report;
  const total = summary.findings.error + summary.findings.warning + summary.findings.note;
  const parts = [total === 0 ? 'no dbt Cloud token problems' : problemCounts(summary.findings), scannedCounts(summary)];
  const suppressed = summary.suppressed ?? report.suppressed.length;
  const extra: string[] = [];
  if (suppressed > 0) extra.push(`${suppressed} suppressed`);
  if (summary.fixed !== undefined) extra.push(`${summary.fixed} fixed since the baseline`);
  if (report.errors.length > 0) extra.push(`${count(report.errors.length, 'file')} could not be scanned in full`);
  return `dbt-token-scan: ${parts.join('; ')}${extra.length ? `; ${extra.join(', ')}` : ''}.`;
}

/** The message part of a command (after the second `::`). */
export function escapeData(value: string): string {
  return printableKeepingLines(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A `key=value` property of a command: data escaping plus `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
