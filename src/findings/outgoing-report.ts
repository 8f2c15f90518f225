import type { Endpoint } from '../model/classified.js';
import type { Credential } from '../model/extracted.js';
import type { Finding } from '../model/findings.js';
import type { Report, ReportCallSite, ScanError } from '../model/report.js';
import { compareErrors, compareFindings, compareLocations } from '../model/report-order.js';
import { hexRunsIn, redactText, redactTokens } from './redact.js';

// The report as it may leave the process: every string in it that came from the scanned
// repository goes through src/findings/redact.ts here, once, before any reporter, inventory or
// baseline sees it. Locations (file and folder names) get `redactTokens`: a dbt token in a file
// name is redacted, a name that only looks like hex is not. Everything else from the repository
// (messages, endpoint URLs and paths, names, suppression reasons, error messages, code lines)
// gets `redactText`, with the hex runs of the report's own locations kept so that a message
// naming such a file still names it.

/**
 * `shownPath`: how a path of the scan is shown, when the scan is rooted elsewhere than the current
 * folder (src/cli/scan-root.ts); messages already show paths that way (src/rules/evaluate.ts).
 */
export function outgoingReport(report: Report, shownPath: (file: string) => string = (file) => file): Report {
  const keepHex = hexRunsIn(Array.from(reportLocations(report), shownPath));
  const text = (s: string): string => redactText(s, [], keepHex);
  let moved = false;
  const location = (file: string): string => {
    const out = redactTokens(shownPath(file));
    if (out !== file) moved = true;
    return out;
  };
  const credential = (c: Credential): Credential => ({
    ...c,
    ...(c.name !== undefined ? { name: text(c.name) } : {}),
    ...(c.redacted !== undefined ? { redacted: redactTokens(c.redacted) } : {}),
    ...(c.evidenceAt ? { evidenceAt: { ...c.evidenceAt, file: location(c.evidenceAt.file) } } : {}),
  });
  const endpoint = (e: Endpoint | undefined): Endpoint | undefined =>
    e && {
      ...e,
      ...(e.url !== undefined ? { url: text(e.url) } : {}),
      ...(e.host !== undefined ? { host: text(e.host) } : {}),
      ...(e.path !== undefined ? { path: text(e.path) } : {}),
    };
  const finding = (f: Finding): Finding => {
    const out: Finding = { ...f, file: location(f.file), message: text(f.message), credential: credential(f.credential) };
    const ep = endpoint(f.endpoint);
    if (ep) out.endpoint = ep;
    if (f.suppression?.reason !== undefined) out.suppression = { ...f.suppression, reason: text(f.suppression.reason) };
    return out;
  };
  const callSite = (c: ReportCallSite): ReportCallSite => {
    const out: ReportCallSite = { ...c, file: location(c.file), credential: credential(c.credential) };
    const ep = endpoint(c.endpoint);
    if (ep) out.endpoint = ep;
    if (c.client !== undefined) out.client = text(c.client);
    return out;
  };
  const error = (e: ScanError): ScanError => ({ file: location(e.file), message: text(e.message) });

  const snippets: Report['snippets'] = {};
  for (const [file, lines] of Object.entries(report.snippets)) {
    const safe: Record<number, string> = Object.hasOwn(snippets, location(file)) ? snippets[location(file)]! : {};
    for (const [line, source] of Object.entries(lines)) safe[Number(line)] = text(source);
    snippets[location(file)] = safe;
  }
  const out: Report = {
    ...report,
    findings: report.findings.map(finding),
    suppressed: report.suppressed.map(finding),
    callSites: report.callSites.map(callSite),
    errors: report.errors.map(error),
    snippets,
    ...(report.notices ? { notices: report.notices.map((n) => ({ ...n, file: location(n.file), message: text(n.message) })) } : {}),
  };
  // A redacted name sorts elsewhere than the name it hides: keep the report's order by location.
  if (moved) {
    out.findings.sort(compareFindings);
    out.suppressed.sort(compareFindings);
    out.callSites.sort(compareLocations);
    out.errors.sort(compareErrors);
  }
  return out;
}

/** Every file path the report names: where findings, call sites, evidence and errors are. */
export function* reportLocations(report: Pick<Report, 'findings' | 'suppressed' | 'callSites' | 'errors'>): Iterable<string> {
  for (const list of [report.findings, report.suppressed, report.callSites]) {
    for (const x of list) {
      yield x.file;
      if (x.credential.evidenceAt) yield x.credential.evidenceAt.file;
    }
  }
  for (const e of report.errors) yield e.file;
}
