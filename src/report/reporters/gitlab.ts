import type { Finding } from '../../model/findings.js';
import type { RenderOptions } from '../render-options.js';
import type { Report } from '../../model/report.js';
import type { Severity } from '../../model/vocabulary.js';
import { scrubSecrets } from './scrub-secrets.js';
import { endWithPeriod } from './wording.js';

// GitLab Code Quality: the JSON array of Code Climate issues that a job uploads as
// `artifacts: reports: codequality`, shown in the merge-request widget and the pipeline's Code
// Quality tab. GitLab reads `description`, `check_name`, `fingerprint`, `severity`,
// `location.path` and `location.lines.begin`; `type`, `categories`, `engine_name` and
// `lines.end` make each entry a complete Code Climate issue for other readers of the format.
// Only active findings are issues: the format has no notion of a suppressed one.

/**
 * Code Quality's five levels (info, minor, major, critical, blocker) for our three. An `error`
 * is a token that is exposed or about to stop working: critical. `blocker` is left to the
 * reader's own policy, as nothing here stops a merge by itself.
 */
export const CODE_QUALITY_SEVERITY: Record<Severity, 'minor' | 'major' | 'critical'> = {
  error: 'critical',
  warning: 'major',
  note: 'minor',
};

export interface CodeQualityIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: (typeof CODE_QUALITY_SEVERITY)[Severity];
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
  engine_name: string;
}

export function render(report: Report, _opts: RenderOptions): string {
  return scrubSecrets(`${JSON.stringify(toCodeQuality(report), null, 2)}\n`, report);
}

export function toCodeQuality(report: Report): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return report.findings.map((f) => issue(f, uniqueFingerprint(f.fingerprint, seen), report.tool.name));
}

function issue(f: Finding, fingerprint: string, engine: string): CodeQualityIssue {
  return {
    type: 'issue',
    check_name: f.ruleId,
    description: `${endWithPeriod(f.message)} ${endWithPeriod(f.recommendation.text)}`,
    categories: ['Security'],
    severity: CODE_QUALITY_SEVERITY[f.severity],
    fingerprint,
    location: {
      path: repositoryPath(f.file),
      lines: { begin: f.line, end: f.endLine !== undefined && f.endLine >= f.line ? f.endLine : f.line },
    },
    engine_name: engine,
  };
}

/**
 * The finding's own fingerprint: line-independent, so GitLab sees a finding that moved as the
 * same issue and not as one fixed and one new. GitLab shows issues with equal fingerprints as
 * one; the core's fingerprints already tell equal lines of a file apart, and a repeat (which
 * would need a hash collision) gets a `-2`, `-3` suffix in report order, which is stable.
 */
function uniqueFingerprint(fingerprint: string, seen: Map<string, number>): string {
  const n = (seen.get(fingerprint) ?? 0) + 1;
  seen.set(fingerprint, n);
  return n === 1 ? fingerprint : `${fingerprint}-${n}`;
}

/** GitLab matches `location.path` against the repository's files: relative, no leading `./`. */
function repositoryPath(file: string): string {
  return file.replace(/^(\.\/)+/, '');
}
