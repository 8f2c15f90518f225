import type { RawCredential } from '../../model/raw-facts.js';
import type { ScriptPositions } from './positions.js';
import type { Part, Word } from './words.js';
import { dropChars, joinText } from './words.js';
import { leadingAuthScheme, startsWithOtherScheme } from '../../credentials/auth-schemes.js';
import { partCredential, toCredential, type TokenReading } from '../shared/values/credential.js';
import { mergeLiterals } from '../shared/values/parts.js';

/**
 * How a resolved word reads as a token: blank pieces are not part of it, and only a word of one
 * part names where it comes from; anything mixed is unknown, where the word starts. Parts are
 * placed at their script offset, or at the file position of what the surroundings bind.
 */
const token = (pos: ScriptPositions): TokenReading<Part> => ({
  mixed: 'unknown',
  dropBlanks: true,
  spanOf: (p) => p.span ?? pos.span(p.at),
  startOf: (p) => pos.span(p.at),
  dropStart: (p, n) => ({ ...p, text: p.text.slice(n), at: p.at + n }),
  join: joinText,
});

/**
 * Where a token written as this (resolved) word comes from: a literal, an environment variable,
 * a CI secret, or something only known at run time.
 */
export function credentialOf(word: Word, pos: ScriptPositions): RawCredential | undefined {
  return toCredential(word, token(pos));
}

/** The credential a binding's part (`boundCredential`) stands for, as the binding gave it. */
export function bindingCredential(p: Extract<Part, { kind: 'reference' }>): RawCredential {
  return partCredential(p, p.span);
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
    if (p.kind !== 'literal') break;
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
  const w = mergeLiterals(userPass, joinText);
  for (let i = 0; i < w.length; i++) {
    const p = w[i]!;
    const k = p.kind === 'literal' ? p.text.indexOf(':') : -1;
    if (p.kind !== 'literal' || k < 0) continue;
    const user: Word = [...w.slice(0, i), ...(k > 0 ? [{ ...p, text: p.text.slice(0, k) }] : [])];
    const password: Word = [...(k + 1 < p.text.length ? [{ ...p, text: p.text.slice(k + 1), at: p.at + k + 1 }] : []), ...w.slice(i + 1)];
    return password.length > 0 ? password : user;
  }
  return w;
}
