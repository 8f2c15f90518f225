import { toContractReport, type ContractFinding } from '../report/reporters/json.js';
import type { Finding } from '../model/findings.js';
import { inHistoryOrder, scrubHistory } from './history-order.js';
import type { HistoryFacts, HistoryReport } from './history-report.js';

// The contract's JSON report (it validates against report.schema.json, which allows extra keys):
// findings most recent first, each with a `history` object, and a top-level `history` saying
// which commits were read. Suppressed findings carry theirs too.

export interface HistoryJson {
  branches: 'all' | 'current';
  since?: { ref: string; commit: string } | { date: string };
  /** HEAD's commit, against which `presentAtHead` is told. */
  head?: string;
  commitsRead: number;
  blobsRead: number;
}

export function renderJson(h: HistoryReport): string {
  const { report, history } = h;
  const ordered = { ...report, findings: inHistoryOrder(report.findings, h), suppressed: inHistoryOrder(report.suppressed, h) };
  const contract = toContractReport(ordered);
  const withHistory = <T extends ContractFinding>(f: T, from: Finding): T & { history: HistoryFacts } => ({
    ...f,
    history: { ...history.get(from.fingerprint)! },
  });
  const meta: HistoryJson = {
    branches: h.range.branches,
    ...(h.range.since ? { since: h.range.since } : {}),
    ...(h.range.head ? { head: h.range.head } : {}),
    commitsRead: h.stats.commits,
    blobsRead: h.stats.blobs,
  };
  const out = {
    ...contract,
    findings: contract.findings.map((f, i) => withHistory(f, ordered.findings[i]!)),
    suppressed: contract.suppressed.map((f, i) => withHistory(f, ordered.suppressed[i]!)),
    history: meta,
  };
  return scrubHistory(`${JSON.stringify(out, null, 2)}\n`, h);
}
