import { buildRepoLayout, WorkflowClassifier } from '../classify/workflow.js';
import type { Config } from '../config/config.js';
import { withFingerprints } from '../findings/fingerprint.js';
import { outgoingReport } from '../findings/outgoing-report.js';
import { countBySeverity } from '../model/report-order.js';
import type { Finding, RawFinding } from '../model/findings.js';
import type { Report } from '../model/report.js';
import { reportedRules } from '../rules/rule-help.js';
import { effectiveRules, evaluate } from '../rules/evaluate.js';
import { loadRules } from '../rules/load-rules.js';
import { TOOL_VERSION } from '../version.js';
import type { HistoryEntry } from './entries.js';
import type { HistoryRange } from './range.js';

// Entries as a report: each is a `hardcoded-token` finding, made by the rule itself from the token
// site of its first commit (message, workflow, recommendation, severity from the config), with the
// commit added to the message. What only history knows (commit, date, count, HEAD) travels beside
// the report, keyed by fingerprint, for the history formats to print.

export interface HistoryFacts {
  commit: string;
  /** Committer date, ISO 8601 UTC. */
  date: string;
  commits: number;
  presentAtHead: boolean;
}

export interface HistoryReport {
  report: Report;
  /** By finding fingerprint. */
  history: Map<string, HistoryFacts>;
  /** By finding fingerprint: the place in history order (most recent first commit first). */
  rank: Map<string, number>;
  range: HistoryRange;
  stats: { commits: number; blobs: number; candidates: number };
}

const RULE = 'hardcoded-token';

export const shortCommit = (oid: string): string => oid.slice(0, 12);
const isoDate = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

/** Where the token stands now, in the words every format uses. */
export function headWording(h: Pick<HistoryFacts, 'presentAtHead'>): string {
  return h.presentAtHead ? 'still in HEAD' : 'no longer in HEAD, still in the history';
}

export async function historyReport(input: {
  entries: readonly HistoryEntry[];
  errors: Report['errors'];
  headFiles: readonly string[];
  config: Config;
  range: HistoryRange;
  stats: HistoryReport['stats'];
  started: number;
}): Promise<HistoryReport> {
  const active = effectiveRules(await loadRules(), input.config, new Set([RULE]));
  const classifier = new WorkflowClassifier(input.config, buildRepoLayout(input.headFiles, []));
  const raws: RawFinding[] = [];
  const facts: HistoryFacts[] = [];
  const owners: HistoryEntry[] = [];
  const snippets: Report['snippets'] = {};
  const ruleErrors: Report['errors'] = [];
  for (const e of input.entries) {
    const { hit } = e;
    const decision = hit.call
      ? classifier.decide({
          file: e.file,
          ...(e.role ? { role: e.role } : {}),
          kind: hit.call.kind,
          ...(hit.call.workflow ? { adapterWorkflow: hit.call.workflow } : {}),
        })
      : classifier.decide({ file: e.file, ...(e.role ? { role: e.role } : {}) });
    const found = evaluate(
      active,
      [],
      [{ file: e.file, span: hit.span, credential: hit.credential, committed: true, ...decision }],
      ruleErrors,
    );
    const h: HistoryFacts = { commit: e.commit, date: isoDate(e.time), commits: e.commits, presentAtHead: e.presentAtHead };
    for (const f of found) {
      const when = `First committed in ${shortCommit(e.commit)} on ${h.date.slice(0, 10)}${e.commits > 1 ? `, written in ${e.commits} commits` : ''}; ${headWording(h)}.`;
      owners.push(e);
      raws.push({ ...f, message: `${f.message} ${when}` });
      facts.push(h);
      if (hit.snippet !== undefined) (snippets[e.file] ??= {})[hit.span.line] = hit.snippet;
    }
  }
  const fingerprinted = withFingerprints(raws, (file, line) => (Object.hasOwn(snippets, file) ? snippets[file]![line] : undefined));
  const history = new Map<string, HistoryFacts>();
  const rank = new Map<string, number>();
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  fingerprinted.forEach((f, i) => {
    history.set(f.fingerprint, facts[i]!);
    rank.set(f.fingerprint, i);
    const s = owners[i]!.suppression;
    if (s) suppressed.push({ ...f, suppression: s.reason ? { kind: 'inline', reason: s.reason } : { kind: 'inline' } });
    else findings.push(f);
  });
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'dbt-token-scan', version: TOOL_VERSION },
    findings,
    suppressed,
    callSites: [],
    errors: [...input.errors, ...ruleErrors],
    summary: {
      filesScanned: input.stats.blobs,
      callSites: 0,
      findings: countBySeverity(findings),
      durationMs: Math.round(performance.now() - input.started),
      suppressed: suppressed.length,
    },
    rules: reportedRules(active),
    snippets,
  };
  return { report: outgoingReport(report), history, rank, range: input.range, stats: input.stats };
}
