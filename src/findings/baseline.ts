import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Finding, Report } from '../report/types.js';
import { redactTokens } from './redact.js';

// Adopting on a legacy repository: record today's findings, then report only new ones.
// Entries are keyed by the line-independent fingerprint, so edits above a finding keep it matched.

interface BaselineFile {
  version: 1;
  tool: 'dbt-token-scan';
  findings: { fingerprint: string; ruleId: string; file: string; line: number }[];
}

export function writeBaseline(report: Report, cwd: string, file: string): void {
  const data: BaselineFile = {
    version: 1,
    tool: 'dbt-token-scan',
    findings: report.findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, line: f.line })),
  };
  // The report's locations are redacted already (src/report/outgoing.ts); a baseline is an output
  // like any other, so it gets the same last line as the reports.
  writeFileSync(resolve(cwd, file), redactTokens(`${JSON.stringify(data, null, 2)}\n`));
}

function readBaseline(cwd: string, file: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(`${file}: ${missing ? 'baseline file not found (create it with --write-baseline)' : 'not a baseline file (expected JSON written by --write-baseline)'}`);
  }
  const list = (data as Partial<BaselineFile> | null)?.findings;
  if (!Array.isArray(list) || list.some((x) => typeof x?.fingerprint !== 'string')) {
    throw new ConfigError(`${file}: findings: expected a list of { fingerprint, ruleId, file, line }`);
  }
  return new Set(list.map((x) => x.fingerprint));
}

/** Moves findings recorded in the baseline to `suppressed`; counts recorded ones that are gone as fixed. */
export function applyBaseline(report: Report, cwd: string, file: string): void {
  const known = readBaseline(cwd, file);
  const active: Finding[] = [];
  const seen = new Set<string>();
  for (const f of [...report.findings, ...report.suppressed]) seen.add(f.fingerprint);
  for (const f of report.findings) {
    if (known.has(f.fingerprint)) report.suppressed.push({ ...f, suppression: { kind: 'baseline' } });
    else active.push(f);
  }
  report.findings = active;
  report.suppressed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const count = { error: 0, warning: 0, note: 0 };
  for (const f of active) count[f.severity]++;
  report.summary.findings = count;
  report.summary.suppressed = report.suppressed.length;
  report.summary.fixed = [...known].filter((fp) => !seen.has(fp)).length;
}
