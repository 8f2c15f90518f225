import { FINGERPRINT_KEY, toSarif } from '../report/reporters/sarif.js';
import { inHistoryOrder, scrubHistory } from './history-order.js';
import type { HistoryReport } from './history-report.js';

// SARIF 2.1.0 as the scan writes it, plus where each result comes from in version control: the
// run's `versionControlProvenance` names the repository and HEAD's commit, and each result's
// properties name the commit that first wrote the token (with its date, how many commits wrote
// it, and whether HEAD still holds it). Results are in history order, most recent first.

interface SarifResult {
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

export function renderSarif(h: HistoryReport, repositoryUri: string): string {
  const log = toSarif(h.report) as { runs: [{ results: SarifResult[]; versionControlProvenance?: object[] } & Record<string, unknown>] };
  const run = log.runs[0];
  const byFingerprint = new Map(run.results.map((r) => [r.partialFingerprints[FINGERPRINT_KEY]!, r]));
  const order = [...inHistoryOrder(h.report.findings, h), ...inHistoryOrder(h.report.suppressed, h)];
  run.results = order.map((f) => {
    const r = byFingerprint.get(f.fingerprint)!;
    const facts = h.history.get(f.fingerprint)!;
    r.properties = {
      ...r.properties,
      commit: facts.commit,
      commitDate: facts.date,
      commits: facts.commits,
      presentAtHead: facts.presentAtHead,
    };
    return r;
  });
  if (h.range.head) run.versionControlProvenance = [{ repositoryUri, revisionId: h.range.head }];
  return scrubHistory(`${JSON.stringify(log, null, 2)}\n`, h);
}
