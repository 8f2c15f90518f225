import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join, relative } from 'node:path';
import { foldersUpToRepositoryRoot } from '../config/find-upward.js';
import { ConfigError } from '../errors.js';
import type { Finding, Report } from '../report/types.js';

// `.dbt-token-scan-ignore`, like `.gitleaksignore`: one finding fingerprint per line (from the JSON
// report's `fingerprint` or SARIF's partialFingerprints), `#` comments. For a finding a team has
// decided to keep (a documented test token, say) where an inline comment cannot go, such as a
// generated or vendored file. Fingerprints do not contain the line number, so edits elsewhere
// in the file keep them matched.

export const IGNORE_FILE = '.dbt-token-scan-ignore';
const MAX_BYTES = 4 * 1024 * 1024;
const FINGERPRINT = /^[A-Za-z0-9_-]{8,64}$/;

interface IgnoreList {
  shown: string;
  fingerprints: Set<string>;
}

/** The nearest ignore file at or above the scanned folder (up to the repository root), if any. */
export function findIgnoreFile(cwd: string, scanned: string): IgnoreList | undefined {
  for (const folder of foldersUpToRepositoryRoot(scanned)) {
    const path = join(folder, IGNORE_FILE);
    const shown = relative(cwd, path).split('\\').join('/') || path;
    const text = readSmallText(path, shown);
    if (text !== undefined) return { shown, fingerprints: parseIgnoreFile(text, shown) };
  }
  return undefined;
}

function parseIgnoreFile(text: string, shown: string): Set<string> {
  const out = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const fingerprint = line.split(/\s+/)[0]!;
    // gitleaks writes `file:rule:line`; ours are bare fingerprints. Say so rather than match nothing.
    if (!FINGERPRINT.test(fingerprint)) throw new ConfigError(`${shown}:${i + 1}: expected a finding fingerprint (as the JSON report's "fingerprint" gives it)`);
    out.add(fingerprint);
  });
  return out;
}

function readSmallText(path: string, shown: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_BYTES) throw new ConfigError(`${shown}: too big for an ignore file (the limit is ${MAX_BYTES / 1048576} MB)`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    for (let n = 1; off < buf.length && n > 0; off += n) n = readSync(fd, buf, off, buf.length - off, off);
    return buf.subarray(0, off).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Moves the findings the ignore file lists to `suppressed`, as the baseline does. */
export function applyIgnoreFile(report: Report, list: IgnoreList): void {
  const active: Finding[] = [];
  for (const f of report.findings) {
    if (list.fingerprints.has(f.fingerprint)) report.suppressed.push({ ...f, suppression: { kind: 'ignore-file', reason: `listed in ${list.shown}` } });
    else active.push(f);
  }
  if (active.length === report.findings.length) return;
  report.findings = active;
  report.suppressed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const count = { error: 0, warning: 0, note: 0 };
  for (const f of active) count[f.severity]++;
  report.summary.findings = count;
  report.summary.suppressed = report.suppressed.length;
}
