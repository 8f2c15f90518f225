// The ways source code writes a dbt Cloud token other than as one contiguous run of characters:
// escaped (`dbtu\x5f…`, `dbtu\u005f…`, `dbtu%5F…`, `dbtu&#95;…`), split into pieces that the language
// joins again (`"dbtu_" + "…"`, `"dbtu_" "…"`, `'dbtu_'"…"`, `` `dbtu_${'…'}` ``), or base64 of a
// header value (`Token dbtu_…`, `user:dbtu_…`). A token written so is still a token: it is
// committed (hardcoded-token) and it must never be printed. Detection (src/scan/process-file.ts)
// and redaction (src/findings/redact.ts) both ask this module where such tokens are written.
//
// Cheap before expensive: `mayHoldTokenForm` is one regex, and only texts that pass it are
// normalised, and only in windows around what made them pass.

import { Buffer } from 'node:buffer';

/** Characters of a token's body (the prefix's `_` included). */
const TOKEN_CHAR = /[A-Za-z0-9_-]/;

/** What a written token is found as. */
export type WrittenForm = 'escaped-or-split' | 'base64';

export interface WrittenToken {
  /** Offsets in the text of the whole written form: escapes, quotes and joins between pieces included. */
  start: number;
  end: number;
  /** The token as the program sees it once the language has joined and unescaped it. */
  value: string;
  form: WrittenForm;
  /** `dbt`: a `dbtu_`/`dbtc_` run; `hex`: a run of 32 or more hex digits (legacy key shaped). */
  kind: 'dbt' | 'hex';
}

// ---------------------------------------------------------------- base64

/**
 * Six base64 characters that any base64 text holding `needle` contains, whatever the alignment of
 * the needle in the encoded bytes (3 alignments), in the standard and the URL-safe alphabet.
 */
function base64Fragments(needle: string): string[] {
  const bytes = Buffer.from(needle, 'latin1');
  const out = new Set<string>();
  for (let lead = 0; lead < 3; lead++) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes, Buffer.alloc(3)]).toString('base64');
    // Character i holds bits [6i, 6i+6): it is the needle's own when they fall inside the needle's bits.
    const first = Math.ceil((8 * lead) / 6);
    const last = Math.floor((8 * (lead + bytes.length)) / 6);
    const fragment = encoded.slice(first, last);
    out.add(fragment);
    out.add(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BASE64_FRAGMENTS = ['dbtu_', 'dbtc_'].flatMap(base64Fragments);
const BASE64_HINT = new RegExp(BASE64_FRAGMENTS.map(escapeRe).join('|'));
/** A base64 (or base64url) run long enough to hold a prefix and 16 characters of a token. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{28,}={0,2}/g;
/** A dbt token run inside decoded bytes. */
const DECODED_TOKEN = /dbt[uc]_[A-Za-z0-9_-]{16,}/;

// ---------------------------------------------------------------- the cheap test

/** One character as written plainly or as any escape `normalise` decodes (hex digits in either case). */
function escapedChar(c: string): string {
  const code = c.charCodeAt(0);
  const hex = code.toString(16).replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
  const plain = c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return String.raw`(?:${plain}|\\+(?:x${hex}|u00${hex}|u\{0*${hex}\}|${code.toString(8).padStart(3, '0')})|%${hex}|&#(?:0*${code}|[xX]0*${hex});?)`;
}

/** `dbtu_`/`dbtc_` with at least one of its characters escaped (`dbtu\x5f`, `%64%62%74%75%5F`). */
const ESCAPED_PREFIX = String.raw`${escapedChar('d').replace('(?:d|', '(?:d(?!bt[uc]_)|')}${escapedChar('b')}${escapedChar('t')}(?:${escapedChar('u')}|${escapedChar('c')})${escapedChar('_')}`;

/**
 * Can this text hold a dbt token written other than contiguously? A token prefix cut short by an
 * escape, a quote or an interpolation (`dbtu_"`, `dbtu_ab${`); a prefix with an escaped character
 * (`dbtu\x5f`, `%64%62…`); a prefix piece alone between quotes (`"db" + "tu_…"`); base64 of
 * `dbtu_`/`dbtc_`.
 */
const FORM_HINT = new RegExp([
  String.raw`dbt[uc](?:_[A-Za-z0-9_-]{0,49})?(?:\\|%[0-9a-fA-F]{2}|&#?\w{1,8};|["'\x60]|\$?\{)`,
  ESCAPED_PREFIX,
  String.raw`["'\x60](?:d|db|dbt)\\*["'\x60]`,
  BASE64_HINT.source,
].join('|'));

export function mayHoldTokenForm(text: string): boolean {
  return FORM_HINT.test(text);
}

/**
 * Two hex pieces joined by quotes (`"0123abcd" "4567…"`): a legacy key split in source. The regex
 * starts at the quote (a regex that starts with a character class tries every position and is
 * ten times slower); the hex before it is checked by `splitHexAt`.
 */
const SPLIT_HEX_JOIN = /["'\x60](?:\s|\\+[nrt]|\\\r?\n)*(?:\+|\.\.?|\|\|)?(?:\s|\\+[nrt]|\\\r?\n)*[$rRbBfFuU]{0,2}\\*["'\x60][0-9a-fA-F]{6}/g;
const HEX_BEFORE = /[0-9a-fA-F]{6}\\*$/;

/** Offsets of the joins between two hex pieces. */
function splitHexAt(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(SPLIT_HEX_JOIN)) {
    if (HEX_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index))) out.push(m.index);
  }
  return out;
}

// ---------------------------------------------------------------- normalising a window

/**
 * A stretch of text as the language reads it: escapes of token characters decoded, and the quotes
 * and operators that join string pieces dropped. `starts[i]`/`ends[i]` give the original offsets
 * that character i of `text` came from, so a match maps back onto what is written.
 */
interface Normalised {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** An escape of one character: `\x5f`, `\u005f`, `\u{5f}`, `\137`, `\_`, `%5F`, `&#95;`, `&#x5f;`, `&lowbar;`. */
const ESCAPE = /(?:\\+(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|([0-3][0-7]{2})|([_-]))|%([0-9a-fA-F]{2})|&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?|&(lowbar|UnderBar|hyphen|dash|minus);)/y;
const NAMED: Record<string, string> = { lowbar: '_', UnderBar: '_', hyphen: '-', dash: '-', minus: '-' };
/**
 * Between two string pieces: close quote, an optional join operator, an optional string prefix, open
 * quote. Whitespace may be written escaped (`\\n`): code held in a JSON string (notebooks, Postman).
 */
const JOIN = /\\*["'\x60](?:\s|\\+[nrt]|\\\r?\n)*(?:(?:\+|\.\.?|\|\|)(?:\s|\\+[nrt]|\\\r?\n)*)?(?:\$|[rRbBfFuU]{1,2})?\\*["'\x60]/y;
/** Into an interpolated literal piece: `${'…` (JS, shell, Terraform), `{'…` (Python f-string). */
const INTERPOLATION_OPEN = /\$?\{\s*\\*["'\x60]/y;
/** Out of it: `…'}`. */
const INTERPOLATION_CLOSE = /\\*["'\x60]\s*\}/y;
/** One quote between token characters: shell quoting (`dbtu_'abc'"def"`). */
const LONE_QUOTE = /\\*["'\x60]/y;
const SPECIAL_START = /[\\%&"'\x60${]/g;

function decodeEscape(m: RegExpExecArray): string | undefined {
  const hex = m[1] ?? m[2] ?? m[3] ?? m[6] ?? m[8];
  const code = hex !== undefined ? parseInt(hex, 16) : m[4] !== undefined ? parseInt(m[4], 8) : m[7] !== undefined ? parseInt(m[7], 10) : undefined;
  const ch = m[5] ?? (m[9] !== undefined ? NAMED[m[9]] : code !== undefined && code < 0x80 ? String.fromCharCode(code) : undefined);
  // Only token characters are decoded: `%2F` or `\n` stay as written, so nothing else is joined.
  return ch !== undefined && TOKEN_CHAR.test(ch) ? ch : undefined;
}

function stickyAt(re: RegExp, text: string, at: number, end: number): RegExpExecArray | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m && m.index + m[0].length <= end ? m : null;
}

/** Does a token continue at `at`: a token character, or the start of an escape that may decode to one? */
function continuesAt(text: string, at: number): boolean {
  const c = text[at];
  return c !== undefined && (TOKEN_CHAR.test(c) || c === '\\' || c === '%' || c === '&');
}

function normalise(text: string, from: number, to: number): Normalised {
  const chars: string[] = [];
  const starts = new Int32Array(to - from);
  const ends = new Int32Array(to - from);
  let n = 0;
  const push = (ch: string, s: number, e: number): void => {
    chars.push(ch);
    starts[n] = s;
    ends[n] = e;
    n++;
  };
  const copy = (s: number, e: number): void => {
    for (let i = s; i < e; i++) push(text[i]!, i, i + 1);
  };
  const afterToken = (): boolean => n > 0 && TOKEN_CHAR.test(chars[n - 1]!);
  let i = from;
  SPECIAL_START.lastIndex = from;
  while (i < to) {
    SPECIAL_START.lastIndex = i;
    const next = SPECIAL_START.exec(text);
    const at = next && next.index < to ? next.index : to;
    copy(i, at);
    if (at >= to) break;
    let m: RegExpExecArray | null;
    if ((m = stickyAt(ESCAPE, text, at, to))) {
      const ch = decodeEscape(m);
      if (ch !== undefined) push(ch, at, at + m[0].length);
      else copy(at, at + m[0].length);
      i = at + m[0].length;
      continue;
    }
    if (afterToken()) {
      const join = stickyAt(JOIN, text, at, to) ?? stickyAt(INTERPOLATION_OPEN, text, at, to);
      if (join && continuesAt(text, at + join[0].length)) {
        i = at + join[0].length;
        continue;
      }
      const close = stickyAt(INTERPOLATION_CLOSE, text, at, to) ?? stickyAt(LONE_QUOTE, text, at, to);
      if (close && continuesAt(text, at + close[0].length)) {
        i = at + close[0].length;
        continue;
      }
    }
    copy(at, at + 1);
    i = at + 1;
  }
  return { text: chars.join(''), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

// ---------------------------------------------------------------- finding written tokens

/** How far a split token may reach past what gave it away: 50 one-character pieces with generous joins. */
const WINDOW_AFTER = 4096;
const WINDOW_BEFORE = 64;
const HEX_WINDOW_BEFORE = 256;

const N_DBT = /dbt[uc]_[A-Za-z0-9_-]{16,}/g;
const N_HEX = /(?<![0-9A-Fa-f])[0-9a-fA-F]{32,}(?![0-9A-Fa-f])/g;

export interface FindOptions {
  /** Also split hex runs (redaction of source text; a bare hex run is no dbt token by itself). */
  hex?: boolean;
}

/**
 * Every dbt token (a `dbtu_`/`dbtc_` run of 16+ characters, complete or not) written escaped, split
 * or base64-encoded in `text`, with where it is written. Contiguous runs are not returned: the
 * plain pattern search finds those. Sorted by start, not overlapping.
 */
export function findWrittenTokens(text: string, opts: FindOptions = {}): WrittenToken[] {
  const forms = FORM_HINT.test(text);
  const hexJoins = opts.hex === true ? splitHexAt(text) : [];
  const hex = hexJoins.length > 0;
  if (!forms && !hex) return [];
  const found: WrittenToken[] = [];
  for (const [from, to] of windows(text, forms, hexJoins)) {
    const view = normalise(text, from, to);
    if (forms) collect(text, view, N_DBT, 'dbt', found);
    if (hex) collect(text, view, N_HEX, 'hex', found);
  }
  if (forms && BASE64_HINT.test(text)) found.push(...findBase64Tokens(text));
  return withoutOverlaps(found);
}

function collect(text: string, view: Normalised, re: RegExp, kind: WrittenToken['kind'], out: WrittenToken[]): void {
  for (const m of view.text.matchAll(re)) {
    const start = view.starts[m.index]!;
    const end = view.ends[m.index + m[0].length - 1]!;
    // Written as it reads: the plain search's business.
    if (end - start === m[0].length && text.slice(start, end) === m[0]) continue;
    out.push({ start, end, value: m[0], form: 'escaped-or-split', kind });
  }
}

/** The stretches worth normalising: around each hint, merged. */
function windows(text: string, forms: boolean, hexJoins: readonly number[]): [number, number][] {
  const spans: [number, number][] = [];
  if (forms) {
    for (const m of text.matchAll(new RegExp(FORM_HINT.source, 'g'))) {
      spans.push([Math.max(0, m.index - WINDOW_BEFORE), Math.min(text.length, m.index + m[0].length + WINDOW_AFTER)]);
    }
  }
  // A hex key may start well before its first join.
  for (const at of hexJoins) spans.push([Math.max(0, at - HEX_WINDOW_BEFORE), Math.min(text.length, at + WINDOW_AFTER)]);
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** Base64 runs that decode to text holding a dbt token (a `Token …`/`Bearer …` value, `user:token`, the token alone). */
function findBase64Tokens(text: string): WrittenToken[] {
  const out: WrittenToken[] = [];
  for (const m of text.matchAll(BASE64_RUN)) {
    if (!BASE64_HINT.test(m[0])) continue;
    // The run may start a character or three before the encoded text (`x=`, a glued word).
    for (let skip = 0; skip < 4; skip++) {
      const decoded = Buffer.from(m[0].slice(skip), 'base64').toString('latin1');
      const t = DECODED_TOKEN.exec(decoded);
      if (t) {
        out.push({ start: m.index, end: m.index + m[0].length, value: t[0], form: 'base64', kind: 'dbt' });
        break;
      }
    }
  }
  return out;
}

function withoutOverlaps(list: WrittenToken[]): WrittenToken[] {
  list.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: WrittenToken[] = [];
  for (const t of list) {
    const last = out[out.length - 1];
    if (last && t.start < last.end) continue;
    out.push(t);
  }
  return out;
}
