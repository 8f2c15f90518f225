import type { Finding } from '../../model/findings.js';
import type { RenderOptions } from '../render-options.js';
import type { Report, RuleInfo } from '../../model/report.js';
import type { Severity } from '../../model/vocabulary.js';
import { PROJECT_URI } from '../../rules/rule-help.js';
import { scrubSecrets } from './scrub-secrets.js';
import { sourceLine } from './source-line.js';
import { endWithPeriod } from './wording.js';

// SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers).
// Paths stay relative to the scan's working folder under the `%SRCROOT%` base id; the base itself
// is described but not given an absolute URI, so the output does not depend on the machine it ran
// on (consumers such as GitHub resolve it against the checkout).

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = PROJECT_URI;
export const FINGERPRINT_KEY = 'dbtTokenScan/v1';
const SRCROOT = '%SRCROOT%';

export function render(report: Report, _opts: RenderOptions): string {
  return scrubSecrets(`${JSON.stringify(toSarif(report), null, 2)}\n`, report);
}

export function toSarif(report: Report): object {
  const rules = ruleTable(report);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = mergeSorted(report.findings, report.suppressed).map((f) =>
    result(f, index.get(f.ruleId)!, sourceLine(report, f.file, f.line)),
  );
  const notifications = report.errors.map((e) => ({
    level: 'warning',
    message: { text: endWithPeriod(`Could not scan this file: ${e.message}`) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file) } }],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          notifications.length ? { executionSuccessful: true, toolExecutionNotifications: notifications } : { executionSuccessful: true },
        ],
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The folder the scan ran in; every path is relative to it.' } },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** The report's rules, plus a minimal entry for any rule a finding names but the table lacks. */
function ruleTable(report: Report): RuleInfo[] {
  const rules = [...report.rules];
  const known = new Set(rules.map((r) => r.id));
  const missing = [...new Set([...report.findings, ...report.suppressed].map((f) => f.ruleId))].filter((id) => !known.has(id)).sort();
  for (const id of missing) {
    const f = [...report.findings, ...report.suppressed].find((x) => x.ruleId === id)!;
    rules.push({ id, severity: f.severity, summary: id, why: id, fix: f.recommendation.text });
  }
  return rules;
}

function ruleDescriptor(rule: RuleInfo): object {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.why },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    help: {
      text: `${rule.why}\n\nHow to fix: ${rule.fix}`,
      markdown: `${rule.why}\n\n**How to fix:** ${rule.fix}`,
    },
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: ['dbt-cloud', 'security', ...(rule.tags ?? [])],
      ...(rule.precision ? { precision: rule.precision } : {}),
      // GitHub ranks alerts by this string-valued property (critical above 9, high from 7, medium from 4).
      ...(rule.securitySeverity !== undefined ? { 'security-severity': rule.securitySeverity.toFixed(1) } : {}),
    },
  };
}

function result(f: Finding, ruleIndex: number, sourceText: string | undefined): object {
  const region = regionOf(f);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.severity satisfies Severity,
    message: { text: `${endWithPeriod(f.message)} ${endWithPeriod(f.recommendation.text)}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.file),
          region,
          ...(sourceText !== undefined && hasContext(region)
            ? { contextRegion: { startLine: f.line, snippet: { text: sourceText } } }
            : {}),
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      workflow: f.workflow,
      production: f.production,
      credentialType: f.credential.type,
      ...(f.recommendation.tokenType ? { recommendedTokenType: f.recommendation.tokenType } : {}),
    },
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: f.suppression.kind === 'inline' ? 'inSource' : 'external',
              ...(f.suppression.reason ? { justification: f.suppression.reason } : {}),
            },
          ],
        }
      : {}),
  };
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

function regionOf(f: Finding): Region {
  const r: Region = { startLine: f.line, startColumn: f.column };
  // Only a consistent end is emitted: SARIF validators reject regions that end before they start.
  const endLine = f.endLine !== undefined && f.endLine >= f.line ? f.endLine : undefined;
  if (endLine !== undefined) r.endLine = endLine;
  if (f.endColumn !== undefined && ((endLine ?? f.line) > f.line || f.endColumn >= f.column)) r.endColumn = f.endColumn;
  return r;
}

/**
 * The whole source line is a context region only if it is strictly larger than the region:
 * validators reject a context region equal to the region (SARIF1008), e.g. a finding at column 1
 * with no end.
 */
function hasContext(r: Region): boolean {
  return (r.endLine === undefined || r.endLine === r.startLine) && r.startColumn > 1;
}

/**
 * A report path as a SARIF artifact location: relative paths become URI references under
 * `%SRCROOT%` with every segment percent-encoded (a space is `%20`, `%` is `%25`, `#` is `%23`);
 * an absolute path (outside the contract, but possible) becomes a `file://` URI.
 */
export function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  const drive = /^[A-Za-z]:\//.test(path);
  if (path.startsWith('/') || drive) {
    const segments = (drive ? path : path.slice(1)).split('/');
    return { uri: `file:///${segments.map((s, i) => (drive && i === 0 ? s : encodeURIComponent(s))).join('/')}` };
  }
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** `legacy-user-api-key` → `LegacyUserApiKey`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** Active and suppressed findings in one list, in the core's order: file, line, column, ruleId. */
function mergeSorted(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const key = (f: Finding): [string, number, number, string] => [f.file, f.line, f.column, f.ruleId];
  return [...a, ...b].sort((x, y) => {
    const [kx, ky] = [key(x), key(y)];
    for (let i = 0; i < kx.length; i++) {
      if (kx[i]! < ky[i]!) return -1;
      if (kx[i]! > ky[i]!) return 1;
    }
    return 0;
  });
}
