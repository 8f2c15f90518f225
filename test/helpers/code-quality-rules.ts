// The field rules GitLab documents for a Code Quality report
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format), as explicit checks:
// - the file is one JSON array, with no byte order mark;
// - every entry has `description`, `check_name`, `fingerprint` (strings), `severity` (one of
//   info, minor, major, critical, blocker), `location.path` (relative to the repository) and
//   `location.lines.begin` or `location.positions.begin.line` (an integer);
// - "Multiple Code Quality findings with identical fingerprints display as a single entry":
//   fingerprints must be unique for every issue to show.
// Plus the Code Climate spec's rule for `lines` (`end` not before `begin`), which GitLab's
// widget relies on when it draws the range. Returns the problems found; none means valid.

const CODE_QUALITY_SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const lineNumber = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;

export function codeQualityProblems(raw: string): string[] {
  if (raw.startsWith('\uFEFF')) return ['starts with a byte order mark, which GitLab rejects'];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    return [`not JSON: ${(e as Error).message}`];
  }
  if (!Array.isArray(data)) return ['the report is not a JSON array'];
  const problems: string[] = [];
  const fingerprints = new Map<string, number>();
  data.forEach((issue: unknown, i) => {
    const at = `[${i}]`;
    if (!isObject(issue)) {
      problems.push(`${at}: not an object`);
      return;
    }
    for (const key of ['description', 'check_name', 'fingerprint'] as const) {
      if (!nonEmptyString(issue[key])) problems.push(`${at}.${key}: missing or not a non-empty string`);
    }
    if (!(CODE_QUALITY_SEVERITIES as readonly unknown[]).includes(issue.severity))
      problems.push(`${at}.severity: ${JSON.stringify(issue.severity)} is not one of ${CODE_QUALITY_SEVERITIES.join(', ')}`);
    if (nonEmptyString(issue.fingerprint)) {
      const first = fingerprints.get(issue.fingerprint);
      if (first !== undefined) problems.push(`${at}.fingerprint: same as [${first}]'s; GitLab would show them as one`);
      else fingerprints.set(issue.fingerprint, i);
    }
    const location = issue.location;
    if (!isObject(location)) {
      problems.push(`${at}.location: missing`);
      return;
    }
    const path = location.path;
    if (!nonEmptyString(path)) problems.push(`${at}.location.path: missing`);
    else if (/^(\/|[A-Za-z]:[\\/]|\.\/)/.test(path) || path.split('/').includes('..'))
      problems.push(`${at}.location.path: ${JSON.stringify(path)} is not relative to the repository`);
    const lines = isObject(location.lines) ? location.lines : undefined;
    const positions = isObject(location.positions) && isObject(location.positions.begin) ? location.positions.begin : undefined;
    if (!lineNumber(lines?.begin) && !lineNumber(positions?.line))
      problems.push(`${at}.location: neither lines.begin nor positions.begin.line is a line number`);
    if (lines?.end !== undefined && (!lineNumber(lines.end) || (lineNumber(lines.begin) && lines.end < lines.begin)))
      problems.push(`${at}.location.lines.end: not a line at or after begin`);
  });
  return problems;
}
