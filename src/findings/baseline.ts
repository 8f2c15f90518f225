import { writeFileSync } from 'node:fs';
import { readInputFile } from '../config/read-input-file.js';
import { resolve } from 'node:path';
import { ConfigError, isParseError, rethrowUnless } from '../errors.js';
import type { Report } from '../model/report.js';
import { moveToSuppressed } from './move-to-suppressed.js';
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
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
const FINGERPRINT = /^[A-Za-z0-9+/=_:.-]{1,128}$/;

export function writeBaseline(report: Report, cwd: string, file: string): void {
  const data: BaselineFile = {
    version: 1,
    tool: 'dbt-token-scan',
    findings: report.findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, line: f.line })),
  };
  // The report's locations are redacted already (src/findings/outgoing-report.ts); a baseline is
  // an output like any other, so it gets the same last line as the reports.
  writeFileSync(resolve(cwd, file), redactTokens(`${JSON.stringify(data, null, 2)}\n`));
}

function readBaseline(cwd: string, file: string): Set<string> {
  const text = readInputFile(resolve(cwd, file), { shown: file, what: 'a baseline file', maxBytes: MAX_BASELINE_BYTES, unit: 'MB' });
  if (text === undefined) throw new ConfigError(`${file}: baseline file not found (create it with --write-baseline)`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    rethrowUnless(e, isParseError);
    throw new ConfigError(`${file}: not a baseline file (expected JSON written by --write-baseline)`);
  }
  const head = data as Partial<BaselineFile> | null;
  // Another tool's baseline (gitleaks, detect-secrets) would silently suppress nothing or the wrong things.
  if (typeof head !== 'object' || head === null || Array.isArray(head) || head.tool !== 'dbt-token-scan') {
    throw new ConfigError(`${file}: not a dbt-token-scan baseline (expected "tool": "dbt-token-scan", as --write-baseline writes)`);
  }
  if (head.version !== 1)
    throw new ConfigError(`${file}: baseline version ${JSON.stringify(head.version)?.slice(0, 20)} is not supported (expected 1)`);
  const list = head.findings;
  if (!Array.isArray(list) || list.some((x) => typeof x?.fingerprint !== 'string' || !FINGERPRINT.test(x.fingerprint))) {
    throw new ConfigError(`${file}: findings: expected a list of { fingerprint, ruleId, file, line }`);
  }
  return new Set(list.map((x) => x.fingerprint));
}

/** Moves findings recorded in the baseline to `suppressed`; counts recorded ones that are gone as fixed. */
export function applyBaseline(report: Report, cwd: string, file: string): void {
  const known = readBaseline(cwd, file);
  const seen = new Set<string>();
  for (const f of [...report.findings, ...report.suppressed]) seen.add(f.fingerprint);
  moveToSuppressed(report, (f) => (known.has(f.fingerprint) ? { kind: 'baseline' } : undefined));
  report.summary.fixed = [...known].filter((fp) => !seen.has(fp)).length;
}
