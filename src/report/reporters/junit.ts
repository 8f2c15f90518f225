import { compareLocations, groupByFile } from '../../model/report-order.js';
import type { Finding } from '../../model/findings.js';
import type { RenderOptions } from '../render-options.js';
import type { Report } from '../../model/report.js';
import { SEVERITIES, type Severity } from '../../model/vocabulary.js';
import { scrubSecrets } from './scrub-secrets.js';
import { sourceLine } from './source-line.js';
import { printable, printableKeepingLines } from './terminal-safe.js';
import { count, endWithPeriod } from './wording.js';

// JUnit XML, the test report that Jenkins (junit step), GitLab (`artifacts: reports: junit`) and
// Azure Pipelines (PublishTestResults, JUnit) display. One test suite per rule; in it, one test
// case per file the report names (a file with findings or dbt Cloud call sites): it fails with
// the rule's findings in that file, is skipped when they are all suppressed, and passes
// otherwise. Files that could not be scanned are skipped test cases of a suite of their own:
// their checks did not run, which is not the same as failing them (nor does it change the exit
// code). Valid against the Jenkins JUnit schema (test/schemas/junit-10.xsd).
//
// One <failure> per test case, listing every finding of the case: the schemas of Ant and
// Jenkins allow several, but GitLab and Azure Pipelines read one, and a second would be lost
// or shown as an array.
//
// Everything from the repository is escaped for XML, and characters XML 1.0 cannot hold at all
// (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are written as `\u{1b}`-style text rather
// than dropped, so two pieces of a name never join into something else. Control and
// bidirectional characters that XML allows are escaped the same way, as in the text report, so a
// file name cannot reorder what a dashboard shows.

const TOOL = 'dbt-token-scan';

export function render(report: Report, _opts: RenderOptions): string {
  const suites = [...report.rules.map((r) => r.id), ...unlistedRules(report)].map((id) => ruleSuite(report, id));
  if (report.errors.length) suites.push(notScannedSuite(report));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const time = report.summary.durationMs !== undefined ? ` time="${(report.summary.durationMs / 1000).toFixed(3)}"` : '';
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${TOOL}" tests="${tests}" failures="${failures}" errors="0"${time}>`,
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
  ];
  return scrubSecrets(`${out.join('\n')}\n`, report);
}

interface Suite {
  tests: number;
  failures: number;
  xml: string[];
}

/** Rules that findings name but the report's rule table lacks (as SARIF lists them too). */
function unlistedRules(report: Report): string[] {
  const listed = new Set<string>(report.rules.map((r) => r.id));
  return [...new Set([...report.findings, ...report.suppressed].map((f) => f.ruleId))].filter((id) => !listed.has(id)).sort();
}

/** Every file the report names with findings or call sites, in the report's order. */
function reportedFiles(report: Report): string[] {
  const files = [...report.findings, ...report.suppressed, ...report.callSites].map((x) => ({ file: x.file, line: 0 }));
  return [...new Set(files.sort(compareLocations).map((x) => x.file))];
}

function ruleSuite(report: Report, ruleId: string): Suite {
  const active = groupByFile(report.findings.filter((f) => f.ruleId === ruleId));
  const suppressed = groupByFile(report.suppressed.filter((f) => f.ruleId === ruleId));
  const files = reportedFiles(report);
  const classname = `${TOOL}.${ruleId}`;
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const file of files) {
    const open = `    <testcase name="${attr(file)}" classname="${attr(classname)}"`;
    const found = active.get(file);
    const silenced = suppressed.get(file);
    if (found) {
      failures++;
      cases.push(`${open}>`, failure(report, found), '    </testcase>');
    } else if (silenced) {
      skipped++;
      cases.push(`${open}>`, `      <skipped message="${attr(suppressedMessage(silenced))}"/>`, '    </testcase>');
    } else {
      cases.push(`${open}/>`);
    }
  }
  // A rule with nothing to show still appears, as one passing case: it ran.
  if (!files.length)
    cases.push(`    <testcase name="${attr(`${count(report.summary.filesScanned, 'file')} scanned`)}" classname="${attr(classname)}"/>`);
  const tests = Math.max(files.length, 1);
  return {
    tests,
    failures,
    xml: [
      `  <testsuite name="${attr(`${TOOL}: ${ruleId}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
      ...cases,
      '  </testsuite>',
    ],
  };
}

function notScannedSuite(report: Report): Suite {
  const cases = report.errors.flatMap((e) => [
    `    <testcase name="${attr(e.file)}" classname="${TOOL}.not-scanned">`,
    `      <skipped message="${attr(endWithPeriod(`Could not scan this file: ${e.message}`))}"/>`,
    '    </testcase>',
  ]);
  const n = report.errors.length;
  return {
    tests: n,
    failures: 0,
    xml: [
      `  <testsuite name="${TOOL}: files not scanned" tests="${n}" failures="0" errors="0" skipped="${n}">`,
      ...cases,
      '  </testsuite>',
    ],
  };
}

/** One failure for the findings of one rule in one file: the first in the message, all in the text. */
function failure(report: Report, findings: readonly Finding[]): string {
  const first = findings[0]!;
  const message =
    findings.length === 1
      ? `line ${first.line}: ${first.message}`
      : `${count(findings.length, 'finding')}, the first at line ${first.line}: ${first.message}`;
  const body = findings
    .map((f) => {
      const source = sourceLine(report, f.file, f.line);
      return [
        `${f.file}:${f.line}:${f.column}: ${f.severity}: ${endWithPeriod(f.message)}`,
        `How to fix: ${endWithPeriod(f.recommendation.text)}`,
        ...(source !== undefined ? [`${f.line} | ${source}`] : []),
      ].join('\n');
    })
    .join('\n\n');
  return `      <failure type="${worst(findings)}" message="${attr(message)}">${text(body)}</failure>`;
}

function suppressedMessage(findings: readonly Finding[]): string {
  const reasons = [...new Set(findings.map((f) => f.suppression?.reason).filter((r): r is string => r !== undefined))];
  const kinds = [...new Set(findings.map((f) => f.suppression?.kind ?? 'inline'))].join(', ');
  return `${count(findings.length, 'finding')} suppressed (${kinds})${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
}

function worst(findings: readonly Finding[]): Severity {
  return SEVERITIES.find((s) => findings.some((f) => f.severity === s))!;
}

/** Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const notXml = (s: string): string => s.replace(NOT_XML, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);

/** Element text: line breaks kept; `>` too, so `]]>` can never appear. */
export function text(value: string): string {
  return notXml(printableKeepingLines(value)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An attribute value in double quotes, on one line: line breaks and tabs shown as `\n`-style text
 * (a parser would fold them to spaces), quotes and markup escaped.
 */
export function attr(value: string): string {
  return notXml(printable(value).replace(/\t/g, '\\t'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
