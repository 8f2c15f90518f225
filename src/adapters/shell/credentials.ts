import type { RawCredential } from '../../model/raw-facts.js';
import type { ScriptPositions } from './positions.js';
import type { Word } from './words.js';
import { dropChars, mergeText } from './words.js';
import { leadingAuthScheme, startsWithOtherScheme } from '../../credentials/auth-schemes.js';

/** Leading and trailing blanks removed from a resolved word (offsets kept right), then merged. */
function trim(word: Word): Word {
  let w = word.filter((p) => p.kind !== 'text' || p.text.trim() !== '');
  const first = w[0];
  if (first?.kind === 'text') {
    const lead = first.text.length - first.text.trimStart().length;
    if (lead) w = dropChars(w, lead);
  }
  const last = w[w.length - 1];
  if (last?.kind === 'text') w = [...w.slice(0, -1), { ...last, text: last.text.trimEnd() }];
  return mergeText(w);
}

/**
 * Where a token written as this (resolved) word comes from: a literal, an environment variable,
 * a CI secret, or something only known at run time.
 */
export function credentialOf(word: Word, pos: ScriptPositions): RawCredential | undefined {
  const w = trim(word);
  if (w.length === 0) return undefined;
  if (w.length === 1) {
    const p = w[0]!;
    switch (p.kind) {
      case 'text':
        return { source: 'literal', value: p.text, name: p.via, span: p.span ?? pos.span(p.at) };
      case 'var':
        return { source: 'env', name: p.name, span: pos.span(p.at) };
      case 'cred':
        return { ...p.credential, span: p.credential.span ?? pos.span(p.at) };
      case 'opaque':
        return { source: 'unknown', name: p.via ?? p.name, span: pos.span(p.at) };
    }
  }
  return { source: 'unknown', span: pos.span(w[0]!.at) };
}

const AUTH_HEADER = /^\s*authorization\s*:\s*/i;

/**
 * The token part of an `Authorization: Token <t>` / `Bearer <t>` header (curl `-H`, wget
 * `--header`, httpie `Authorization:…`). Undefined for other headers and other schemes.
 */
export function authorizationToken(header: Word): Word | undefined {
  // Match on the leading literal text without merging parts, so a token that came from a
  // variable keeps its own offset and name.
  let lead = '';
  for (const p of header) {
    if (p.kind !== 'text') break;
    lead += p.text;
  }
  const m = AUTH_HEADER.exec(lead);
  if (!m) return undefined;
  let rest = m[0].length;
  const s = leadingAuthScheme(lead.slice(rest), 'dbt');
  if (s !== undefined) rest += s.length;
  else if (startsWithOtherScheme(lead.slice(rest), 'non-token')) return undefined;
  return dropChars(header, rest);
}

/** The secret half of `user:password` (curl `-u`, httpie `-a`): the password, else the user. */
export function basicAuthSecret(userPass: Word): Word {
  const w = mergeText(userPass);
  for (let i = 0; i < w.length; i++) {
    const p = w[i]!;
    const k = p.kind === 'text' ? p.text.indexOf(':') : -1;
    if (p.kind !== 'text' || k < 0) continue;
    const user: Word = [...w.slice(0, i), ...(k > 0 ? [{ ...p, text: p.text.slice(0, k) }] : [])];
    const password: Word = [...(k + 1 < p.text.length ? [{ ...p, text: p.text.slice(k + 1), at: p.at + k + 1 }] : []), ...w.slice(i + 1)];
    return password.length > 0 ? password : user;
  }
  return w;
}
