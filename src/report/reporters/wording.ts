import { SEVERITIES, type RecommendedTokenType, type TokenType } from '../../model/vocabulary.js';
import type { Report } from '../../model/report.js';

// Small pieces of wording shared by the reporters (text, github, markdown, and the messages of
// sarif, gitlab and junit), so counts, token names and sentences read the same everywhere.

/** `1 file`, `2 files`; `plural` defaults to `word + 's'`. */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

/** `17 files scanned, 5 call sites`. */
export function scannedCounts(summary: Report['summary']): string {
  return `${count(summary.filesScanned, 'file')} scanned, ${count(summary.callSites, 'call site')}`;
}

/** `9 problems (5 errors, 3 warnings, 1 note)`; severities with 0 are left out of the brackets. */
export function problemCounts(findings: Report['summary']['findings']): string {
  const total = findings.error + findings.warning + findings.note;
  const parts = SEVERITIES.filter((s) => findings[s] > 0).map((s) => count(findings[s], s));
  return `${count(total, 'problem')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

const TOKEN_LABELS: Record<TokenType, string> = {
  'legacy-user-api-key': 'user API key',
  pat: 'PAT',
  'service-token': 'service token',
  unknown: 'unknown token',
};

/** How a token type reads in prose: `PAT`, `service token`, `user API key`. */
export function tokenLabel(type: TokenType | RecommendedTokenType): string {
  return TOKEN_LABELS[type];
}

/** `a PAT`, `a service token`. */
export function withArticle(type: RecommendedTokenType): string {
  return `a ${tokenLabel(type)}`;
}

/** A sentence ends with `.`, `!` or `?`: messages and recommendations joined into one text. */
export function endWithPeriod(text: string): string {
  const t = text.trimEnd();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
