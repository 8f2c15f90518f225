import { readFileSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * A baseline is one small JSON object per finding; a file far beyond what any repository's
 * findings could make is refused before it is read, since it may come with a pull request.
 */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
const FINGERPRINT = /^[A-Za-z0-9+/=_:.-]{1,128}$/;

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
  const path = resolve(cwd, file);
  let data: unknown;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ConfigError(`${file}: not a baseline file (not a regular file)`);
    if (st.size > MAX_BASELINE_BYTES) throw new ConfigError(`${file}: ${Math.ceil(st.size / 1048576)} MB is too big for a baseline file (the limit is ${MAX_BASELINE_BYTES / 1048576} MB)`);
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(`${file}: ${missing ? 'baseline file not found (create it with --write-baseline)' : 'not a baseline file (expected JSON written by --write-baseline)'}`);
  }
  const head = data as Partial<BaselineFile> | null;
  // Another tool's baseline (gitleaks, detect-secrets) would silently suppress nothing or the wrong things.
  if (typeof head !== 'object' || head === null || Array.isArray(head) || head.tool !== 'dbt-token-scan') {
    throw new ConfigError(`${file}: not a dbt-token-scan baseline (expected "tool": "dbt-token-scan", as --write-baseline writes)`);
  }
  if (head.version !== 1) throw new ConfigError(`${file}: baseline version ${JSON.stringify(head.version)?.slice(0, 20)} is not supported (expected 1)`);
  const list = head.findings;
  if (!Array.isArray(list) || list.some((x) => typeof x?.fingerprint !== 'string' || !FINGERPRINT.test(x.fingerprint))) {
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
