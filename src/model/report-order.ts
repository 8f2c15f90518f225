import type { Finding } from './findings.js';
import type { Report } from './report.js';

// The one order of every list of a report (by file, line, column, then rule), and its counts: a
// report is the same bytes however its findings were found, suppressed or moved.

type Located = { file: string; line: number; column?: number };

export const compareLocations = (a: Located, b: Located): number =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.column ?? 0) - (b.column ?? 0);

export const compareFindings = (a: Located & { ruleId: string }, b: Located & { ruleId: string }): number =>
  compareLocations(a, b) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Report['summary']['findings'] {
  const count = { error: 0, warning: 0, note: 0 };
  for (const f of findings) count[f.severity]++;
  return count;
}

export const compareErrors = (a: { file: string; message: string }, b: { file: string; message: string }): number =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;

/** Findings by file, each file's in the order given. */
export function groupByFile<T extends { file: string }>(findings: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}
