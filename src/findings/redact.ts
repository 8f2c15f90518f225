import { createHash } from 'node:crypto';
import { schemeWords } from '../credentials/auth-schemes.js';
import { SECRET_ASSIGNMENT_KEY } from '../credentials/names.js';
import { findWrittenTokens, type WrittenToken } from '../credentials/token-forms.js';
import { dbtTokenPrefixOf, dbtTokenRun } from '../credentials/token-shapes.js';

// The only place that turns secrets into something printable. Contract: at most the prefix and
// the last 4 characters of a token survive. Every piece of text that leaves the process goes
// through one of the two functions below (src/findings/outgoing-report.ts applies them to a
// report; the reporters, output and stderr apply `redactTokens` once more as a last line):
// - `redactText` for source text (code frames, SARIF snippets, endpoint URLs and paths,
//   suppression reasons, error messages): every token form, plus anything secret-shaped.
// - `redactTokens` for locations (file and folder names) and for whole outputs: dbt tokens in
//   every written form only. A path is a location, and one that merely looks like hex (a content
//   hash, a commit id) is not rewritten: a 40-hex legacy key is a secret only in a dbt context.
// Both redact before any cutting to length, so a cut can never leave a token too short to be seen.

export function redact(value: string): string {
  const v = value.trim();
  const prefix = dbtTokenPrefixOf(v);
  const body = v.slice(prefix.length);
  if (body.length < 12) return `${prefix}****`;
  return `${prefix}…${body.slice(-4)}`;
}

/** A stable, non-reversible identity for grouping uses of one secret value (never printed whole). */
export function secretIdentity(value: string): string {
  return createHash('sha256').update(value.trim()).digest('base64url').slice(0, 16);
}

/**
 * `dbtu_`/`dbtc_` and 16 or more token characters: a token or most of one. No boundary before it:
 * a JSON escape (`\ndbtu_…`) or a glued word must not hide a token.
 */
const DBT_RUN = dbtTokenRun(16);
/**
 * A body made of lowercase words (`dbtc_service_account_rotation`) is an identifier, not a token:
 * tokens are random mixed-case runs. File names like that stay as they are.
 */
const WORDS = /^(?:[a-z]{2,}[0-9]*)(?:[_-][a-z]{2,}[0-9]*)+$/;
/** 32 or more hex digits in a row: a legacy user API key (40 hex) or another secret-shaped run. */
const HEX_RUN = /(?<![0-9A-Fa-f])[0-9a-fA-F]{32,}(?![0-9A-Fa-f])/g;
/** A value after an auth scheme that carries a secret (`Token`, `Bearer`, `Basic`; any case, as headers are written). */
const AFTER_SCHEME = new RegExp(`\\b(${schemeWords('dbt')}|basic)(\\s+)([A-Za-z0-9_\\-.+/=]{12,})`, 'gi');
const SECRET_ASSIGNMENT = new RegExp(`((?:${SECRET_ASSIGNMENT_KEY})["']?\\s*[:=]\\s*["']?)([A-Za-z0-9_\\-.+/=]{16,})`, 'gi');

const isRedacted = (v: string): boolean => v.includes('…') || v.includes('****');

/** How a written (escaped, split, base64) token is printed in place of what is written. */
export function printedForm(t: WrittenToken): string {
  return t.form === 'base64' ? `base64(${redact(t.value)})` : redact(t.value);
}

/** Replaces the written forms found in `text`, from the end so that earlier offsets stay valid. */
function replaceWritten(text: string, hex: boolean): string {
  const found = findWrittenTokens(text, { hex });
  if (!found.length) return text;
  let out = text;
  for (let i = found.length - 1; i >= 0; i--) {
    const t = found[i]!;
    if (t.kind === 'dbt' && WORDS.test(t.value.slice(5))) continue;
    out = `${out.slice(0, t.start)}${printedForm(t)}${out.slice(t.end)}`;
  }
  return out;
}

/**
 * dbt tokens in every written form, and nothing else: safe for file and folder names, whole
 * reports and messages. Idempotent (the ellipsis breaks a run).
 */
export function redactTokens(text: string): string {
  return replaceWritten(text, false).replace(DBT_RUN, (run) => (WORDS.test(run.slice(5)) ? run : redact(run)));
}

/** Hex runs of 32+, except those in `keep` (runs that are part of a reported location). */
export function redactHexRuns(text: string, keep?: ReadonlySet<string>): string {
  return text.replace(HEX_RUN, (run) => (keep?.has(run) ? run : redact(run)));
}

/**
 * Source text as it may be printed: the raw values given (found by an adapter), dbt tokens in every
 * written form, hex runs (except `keepHex`, runs of reported locations), values after an auth
 * scheme and after a secret-named key.
 */
export function redactText(text: string, secrets: readonly string[] = [], keepHex?: ReadonlySet<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 8 && out.includes(s)) out = out.split(s).join(redact(s));
  }
  out = replaceWritten(out, true);
  out = out.replace(DBT_RUN, (run) => (WORDS.test(run.slice(5)) ? run : redact(run)));
  out = redactHexRuns(out, keepHex);
  out = out.replace(AFTER_SCHEME, (_m, scheme: string, space: string, v: string) =>
    isRedacted(v) ? `${scheme}${space}${v}` : `${scheme}${space}${redact(v)}`,
  );
  out = out.replace(SECRET_ASSIGNMENT, (_m, head: string, v: string) => (isRedacted(v) ? `${head}${v}` : `${head}${redact(v)}`));
  return out;
}

/**
 * Pieces of known tokens written apart from their prefix: a token split into string pieces can
 * leave its tail where a parser expects a name (`'dbtu_'"abc"def…` read as a variable `def…`).
 * Any run of token characters sharing 6 characters in a row with a token's body is replaced by
 * the token's redacted form.
 */
export class TokenPieces {
  private readonly windows = new Map<string, string>();

  constructor(tokens: Iterable<string>) {
    for (const t of tokens) {
      const body = t.slice(dbtTokenPrefixOf(t).length);
      for (let i = 0; i + 6 <= body.length; i++) this.windows.set(body.slice(i, i + 6), t);
    }
  }

  get empty(): boolean {
    return this.windows.size === 0;
  }

  hide(text: string): string {
    if (this.empty) return text;
    return text.replace(/[A-Za-z0-9_-]{6,}/g, (run) => {
      for (let i = 0; i + 6 <= run.length; i++) {
        const token = this.windows.get(run.slice(i, i + 6));
        if (token !== undefined) return redact(token);
      }
      return run;
    });
  }
}

/** Hex runs of 32+ in locations: a name such as `a/0123…cdef.py` is kept as it is wherever it is printed. */
export function hexRunsIn(locations: Iterable<string>): Set<string> {
  const runs = new Set<string>();
  for (const l of locations) for (const m of l.matchAll(HEX_RUN)) runs.add(m[0]);
  return runs;
}
