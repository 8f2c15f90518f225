import type { InlineSuppression } from '../model/extracted.js';
import type { SuppressionNotice } from '../model/report.js';
import { isRuleId, type RuleId } from '../model/vocabulary.js';
import { redactText } from './redact.js';

const DIRECTIVE = /dbt-token-scan-ignore(?![\w-])(?:[ \t]+([a-z][a-z-]*[a-z]))?(?:[ \t]+--[ \t]*([^\r\n]*))?/g;
// Comment closers that may end the line after a reason.
const CLOSER = /\s*(\*\/|-->|#\}|%\}|\}\})\s*$/;

export function findSuppressions(text: string, lineOf: (offset: number) => number): InlineSuppression[] {
  if (!text.includes('dbt-token-scan-ignore')) return [];
  const out: InlineSuppression[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const s: InlineSuppression = { line: lineOf(m.index) };
    const id = m[1];
    if (id && isRuleId(id)) s.ruleId = id;
    else if (id) s.unknownRule = id.slice(0, 60);
    const reason = m[2]?.replace(CLOSER, '').trim();
    // Redacted before it is cut: a cut could leave too little of a token to be recognised.
    if (reason) s.reason = redactText(reason).slice(0, 200);
    out.push(s);
  }
  return out;
}

export function suppressionFor(list: readonly InlineSuppression[], line: number, ruleId: RuleId): InlineSuppression | undefined {
  return list.find((s) => !s.unknownRule && (s.line === line || s.line === line - 1) && (!s.ruleId || s.ruleId === ruleId));
}

/** Notices for the directives of one file, given those that silenced a finding. */
export function suppressionNotices(
  file: string,
  list: readonly InlineSuppression[],
  used: ReadonlySet<InlineSuppression>,
): SuppressionNotice[] {
  return list.flatMap((s): SuppressionNotice[] => {
    if (s.unknownRule)
      return [
        {
          file,
          line: s.line,
          kind: 'unknown-rule',
          message: `dbt-token-scan-ignore names no rule "${s.unknownRule}", so it silences nothing`,
        },
      ];
    if (used.has(s)) return [];
    return [
      {
        file,
        line: s.line,
        kind: 'unused',
        message: `unused dbt-token-scan-ignore${s.ruleId ? ` ${s.ruleId}` : ''}: no finding on this line or the next to silence`,
      },
    ];
  });
}
