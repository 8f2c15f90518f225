import { hexRunsIn, redactHexRuns, redactTokens } from '../findings/redact.js';
import { reportLocations } from '../findings/outgoing-report.js';
import type { Finding } from '../model/findings.js';
import type { HistoryReport } from './history-report.js';

// What every history format shares: the order (most recent first commit first) and the last
// scrub, which keeps commit ids: 40 hex digits that git made, not a secret of the repository.

export function inHistoryOrder(findings: readonly Finding[], h: Pick<HistoryReport, 'rank'>): Finding[] {
  const rank = (f: Finding): number => h.rank.get(f.fingerprint) ?? Number.MAX_SAFE_INTEGER;
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

/** The history formats' last line of defence: as scrubSecrets, with the run's commit ids kept. */
export function scrubHistory(text: string, h: HistoryReport): string {
  const keep = hexRunsIn(reportLocations(h.report));
  for (const f of h.history.values()) keep.add(f.commit);
  if (h.range.head) keep.add(h.range.head);
  if (h.range.since && 'commit' in h.range.since) keep.add(h.range.since.commit);
  return redactHexRuns(redactTokens(text), keep);
}
