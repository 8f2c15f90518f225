import { groupByFile } from '../../model/report-order.js';
import type { Colors } from 'picocolors/types.js';
import { type Severity, TOKEN_TYPES, WORKFLOWS } from '../../model/vocabulary.js';
import type { Finding } from '../../model/findings.js';
import type { RenderOptions } from '../render-options.js';
import type { Report } from '../../model/report.js';
import { codeFrame } from './code-frame.js';
import { scrubSecrets } from './scrub-secrets.js';
import { sourceLine } from './source-line.js';
import { printable } from './terminal-safe.js';
import { scannedCounts, count, problemCounts, withArticle } from './wording.js';
import { loadPicocolors } from '../../packages.js';

// The default format, for people at a terminal: findings grouped by file, each with its source
// line and what to do, then a summary of everything the scan saw.

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'cyan'> = { error: 'red', warning: 'yellow', note: 'cyan' };

export function render(report: Report, opts: RenderOptions): string {
  const c = loadPicocolors().createColors(opts.color);
  const out: string[] = [];
  for (const [file, findings] of groupByFile(report.findings)) {
    out.push(c.underline(printable(file)));
    out.push(...renderFileFindings(findings, (line) => sourceLine(report, file, line), c), '');
  }
  if (!opts.quiet) out.push(...renderSummary(report, c));
  return scrubSecrets(out.length ? `${out.join('\n')}\n` : '', report);
}

function renderFileFindings(findings: readonly Finding[], snippet: (line: number) => string | undefined, c: Colors): string[] {
  const locations = findings.map((f) => `${f.line}:${f.column}`);
  const locWidth = Math.max(...locations.map((l) => l.length));
  const sevWidth = Math.max(...findings.map((f) => f.severity.length));
  const lines: string[] = [];
  findings.forEach((f, i) => {
    if (i > 0) lines.push('');
    const severity = c[SEVERITY_COLOR[f.severity]](f.severity.padEnd(sevWidth));
    lines.push(`  ${c.dim(locations[i]!.padEnd(locWidth))}  ${severity}  ${printable(f.message)}  ${c.dim(f.ruleId)}`);
    const source = snippet(f.line);
    if (source !== undefined) lines.push(...codeFrame({ text: source, line: f.line, column: f.column, indent: '    ' }, c));
    const use = f.recommendation.tokenType ? ` (use ${withArticle(f.recommendation.tokenType)})` : '';
    lines.push(`    ${c.green('→')} ${printable(f.recommendation.text)}${use}`);
  });
  return lines;
}

function renderSummary(report: Report, c: Colors): string[] {
  const { summary } = report;
  const lines: string[] = [];
  const total = summary.findings.error + summary.findings.warning + summary.findings.note;
  const scanned = scannedCounts(summary);
  if (total === 0) {
    lines.push(c.green(`No dbt Cloud token problems found; ${scanned}.`));
  } else {
    const colour = summary.findings.error > 0 ? c.red : summary.findings.warning > 0 ? c.yellow : c.cyan;
    lines.push(colour(c.bold(`${problemCounts(summary.findings)}; ${scanned}.`)));
  }
  const suppressed = summary.suppressed ?? report.suppressed.length;
  const extra: string[] = [];
  if (suppressed > 0) extra.push(`${suppressed} suppressed`);
  if (summary.fixed !== undefined) extra.push(`${summary.fixed} fixed since the baseline`);
  if (extra.length) lines.push(c.dim(`${extra.join(', ')}.`));

  if (report.callSites.length > 0) {
    const byWorkflow = tally(
      report.callSites.map((s) => s.workflow),
      WORKFLOWS,
    );
    const byType = tally(
      report.callSites.map((s) => s.credential.type),
      TOKEN_TYPES,
    );
    lines.push('', ...table('Call sites by workflow', byWorkflow, c), '', ...table('Call sites by credential type', byType, c));
  }

  if (report.errors.length > 0) {
    lines.push('', c.bold(`${count(report.errors.length, 'file')} could not be scanned in full:`));
    for (const e of report.errors) lines.push(`  ${printable(e.file)}: ${printable(e.message)}`);
  }
  return lines;
}

/** Counts per value, in the vocabulary's order, leaving out zeros. */
function tally<T extends string>(values: readonly T[], order: readonly T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return order.filter((v) => counts.has(v)).map((v) => [v, counts.get(v)!]);
}

function table(title: string, rows: readonly [string, number][], c: Colors): string[] {
  const nameWidth = Math.max(...rows.map(([name]) => name.length));
  const numWidth = Math.max(...rows.map(([, n]) => String(n).length));
  return [c.bold(title), ...rows.map(([name, n]) => `  ${name.padEnd(nameWidth)}  ${String(n).padStart(numWidth)}`)];
}
