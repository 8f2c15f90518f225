import { compareFindings, countBySeverity } from '../model/report-order.js';
import type { Finding } from '../model/findings.js';
import type { Report } from '../model/report.js';

/**
 * Moves to `suppressed` each finding `why` gives a suppression for (a baseline, an ignore file),
 * keeping both lists in report order and the summary's counts true. Returns how many moved.
 */
export function moveToSuppressed(report: Report, why: (f: Finding) => Finding['suppression'] | undefined): number {
  const active: Finding[] = [];
  for (const f of report.findings) {
    const suppression = why(f);
    if (suppression) report.suppressed.push({ ...f, suppression });
    else active.push(f);
  }
  const moved = report.findings.length - active.length;
  if (!moved) return 0;
  report.findings = active;
  report.suppressed.sort(compareFindings);
  report.summary.findings = countBySeverity(active);
  report.summary.suppressed = report.suppressed.length;
  return moved;
}
