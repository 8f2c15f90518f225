import { createHash } from 'node:crypto';

// The only place that turns a secret into something printable. Contract: at most the prefix
// and the last 4 characters survive.

const DBT_PREFIX = /^dbt[uc]_/;

export function redact(value: string): string {
  const v = value.trim();
  const prefix = DBT_PREFIX.exec(v)?.[0] ?? '';
  const body = v.slice(prefix.length);
  if (body.length < 12) return `${prefix}****`;
  return `${prefix}…${body.slice(-4)}`;
}

/** A stable, non-reversible identity for grouping uses of one secret value (never printed whole). */
export function secretIdentity(value: string): string {
  return createHash('sha256').update(value.trim()).digest('base64url').slice(0, 16);
}

// Shapes redacted wherever text from the scanned repository is printed (code frames, URLs):
// dbt tokens, long hex runs (legacy keys, old service tokens), and values after an auth scheme.
const TOKEN_SHAPES = /dbt[uc]_[A-Za-z0-9_-]{16,}|(?<![0-9A-Fa-f])[0-9a-fA-F]{32,}(?![0-9A-Fa-f])/g;
const AFTER_SCHEME = /\b(Token|Bearer|Basic)(\s+)([A-Za-z0-9_\-.+/=]{12,})/g;
const SECRET_ASSIGNMENT = /((?:token|api[_-]?key|secret|password|passwd|pat)["']?\s*[:=]\s*["']?)([A-Za-z0-9_\-.+/=]{16,})/gi;

/** Redacts every secret-shaped run in a line of source, plus the raw values given. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 8 && out.includes(s)) out = out.split(s).join(redact(s));
  }
  out = out.replace(TOKEN_SHAPES, (m) => redact(m));
  out = out.replace(AFTER_SCHEME, (_m, scheme: string, space: string, v: string) => (v.startsWith('dbt') && v.includes('…') ? `${scheme}${space}${v}` : `${scheme}${space}${redact(v)}`));
  out = out.replace(SECRET_ASSIGNMENT, (_m, head: string, v: string) => (v.includes('…') || v.includes('****') ? `${head}${v}` : `${head}${redact(v)}`));
  return out;
}
