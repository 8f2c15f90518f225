import type { Report, ReportCallSite } from '../../model/report.js';
import type { Credential } from '../../model/extracted.js';
import type { Endpoint } from '../../model/classified.js';
import type { Finding } from '../../model/findings.js';
import type { RenderOptions } from '../render-options.js';
import { scrubSecrets } from './scrub-secrets.js';

// The contract's JSON report (report.schema.json). Every object is rebuilt field by field, in a
// fixed key order, so internal fields (`client`, `snippets`, `rules`) never leak into the public
// format and the output is byte-stable. Suppressed findings go to an extra top-level `suppressed`
// array (the schema allows extra top-level properties); `findings` holds only active ones, and
// `repository` (`--repository`, or from the origin remote) is another such property, for `merge`.

/** A finding as the contract writes it; a suppressed one carries its `suppression` (in `suppressed` only). */
export type ContractFinding = Omit<Finding, 'suppression'>;

export interface ContractSuppressedFinding extends ContractFinding {
  suppression: NonNullable<Finding['suppression']>;
}

/** A call site as the contract writes it: the report's without `client`, which only the text and inventory reports show. */
export type ContractCallSite = Omit<ReportCallSite, 'client'>;

export interface ContractReport {
  schemaVersion: 1;
  tool: { name: 'dbt-token-scan'; version: string };
  repository?: string;
  findings: ContractFinding[];
  callSites: ContractCallSite[];
  errors: { file: string; message: string }[];
  summary: Report['summary'];
  suppressed: ContractSuppressedFinding[];
}

export function render(report: Report, _opts: RenderOptions): string {
  return scrubSecrets(`${JSON.stringify(toContractReport(report), null, 2)}\n`, report);
}

export function toContractReport(report: Report): ContractReport {
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    ...(report.repository !== undefined ? { repository: report.repository } : {}),
    findings: report.findings.map(toContractFinding),
    callSites: report.callSites.map(toContractCallSite),
    errors: report.errors.map((e) => ({ file: e.file, message: e.message })),
    summary: summaryOf(report.summary),
    suppressed: report.suppressed.map((f) => ({
      ...toContractFinding(f),
      suppression: definedOnly({ kind: f.suppression?.kind ?? 'inline', reason: f.suppression?.reason }),
    })),
  };
}

export function toContractFinding(f: Finding): ContractFinding {
  return definedOnly({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    workflow: f.workflow,
    production: f.production,
    credential: credentialOf(f.credential),
    endpoint: f.endpoint && endpointOf(f.endpoint),
    recommendation: definedOnly({ tokenType: f.recommendation.tokenType, text: f.recommendation.text }),
    fingerprint: f.fingerprint,
  });
}

export function toContractCallSite(s: ReportCallSite): ContractCallSite {
  return definedOnly({
    file: s.file,
    line: s.line,
    column: s.column,
    endLine: s.endLine,
    endColumn: s.endColumn,
    kind: s.kind,
    endpoint: s.endpoint && endpointOf(s.endpoint),
    credential: credentialOf(s.credential),
    workflow: s.workflow,
    production: s.production,
    recommendedTokenType: s.recommendedTokenType,
  });
}

function credentialOf(c: Credential): Credential {
  return definedOnly({
    type: c.type,
    source: c.source,
    evidence: c.evidence,
    evidenceAt: c.evidenceAt && { file: c.evidenceAt.file, line: c.evidenceAt.line },
    name: c.name,
    redacted: c.redacted,
  });
}

function endpointOf(e: Endpoint): Endpoint {
  return definedOnly({ url: e.url, host: e.host, path: e.path, api: e.api });
}

function summaryOf(s: Report['summary']): Report['summary'] {
  return definedOnly({
    filesScanned: s.filesScanned,
    callSites: s.callSites,
    findings: { error: s.findings.error, warning: s.findings.warning, note: s.findings.note },
    durationMs: s.durationMs,
    suppressed: s.suppressed,
    fixed: s.fixed,
  });
}

/** Drops keys whose value is undefined, so optional fields are absent rather than `null`-ish. */
function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
