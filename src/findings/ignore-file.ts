import { join, relative } from 'node:path';
import { foldersUpToRepositoryRoot } from '../config/find-upward.js';
import { readInputFile } from '../config/read-input-file.js';
import { ConfigError } from '../errors.js';
import type { Report } from '../model/report.js';
import { moveToSuppressed } from './move-to-suppressed.js';

// `.dbt-token-scan-ignore`, like `.gitleaksignore`: one finding fingerprint per line (from the JSON
// report's `fingerprint` or SARIF's partialFingerprints), `#` comments. For a finding a team has
// decided to keep (a documented test token, say) where an inline comment cannot go, such as a
// generated or vendored file. Fingerprints do not contain the line number, so edits elsewhere
// in the file keep them matched.

const IGNORE_FILE = '.dbt-token-scan-ignore';
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
    const text = readInputFile(path, { shown, what: 'an ignore file', maxBytes: MAX_BYTES, unit: 'MB' });
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
    if (!FINGERPRINT.test(fingerprint))
      throw new ConfigError(`${shown}:${i + 1}: expected a finding fingerprint (as the JSON report's "fingerprint" gives it)`);
    out.add(fingerprint);
  });
  return out;
}

/** Moves the findings the ignore file lists to `suppressed`, as the baseline does. */
export function applyIgnoreFile(report: Report, list: IgnoreList): void {
  moveToSuppressed(report, (f) =>
    list.fingerprints.has(f.fingerprint) ? { kind: 'ignore-file', reason: `listed in ${list.shown}` } : undefined,
  );
}
