// The ways source code writes a dbt Cloud token other than as one contiguous run of characters:
// escaped (`dbtu\x5f…`, `dbtu\u005f…`, `dbtu%5F…`, `dbtu&#95;…`), split into pieces that the language
// joins again (`"dbtu_" + "…"`, `"dbtu_" "…"`, `'dbtu_'"…"`, `` `dbtu_${'…'}` ``), or base64 of a
// header value (`Token dbtu_…`, `user:dbtu_…`). A token written so is still a token: it is
// committed (hardcoded-token) and it must never be printed. Detection (src/scan/process-file.ts)
// and redaction (src/findings/redact.ts) both ask this module where such tokens are written.
//
// Cheap before expensive: `mayHoldTokenText` is one regex, and only texts that pass it are
// normalised, and only in windows around what made them pass.

import { Buffer } from 'node:buffer';
import { DBT_TOKEN_IN_TEXT, DBT_TOKEN_PREFIXES, dbtTokenRun } from './token-shapes.js';

/** Characters of a token's body (the prefix's `_` included). */
const TOKEN_CHAR = /[A-Za-z0-9_-]/;

/** What a written token is found as. */
type WrittenForm = 'escaped-or-split' | 'base64';

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
const BASE64_FRAGMENTS = DBT_TOKEN_PREFIXES.flatMap(base64Fragments);
const BASE64_HINT = new RegExp(BASE64_FRAGMENTS.map(escapeRe).join('|'));
/** A base64 (or base64url) run long enough to hold a prefix and 16 characters of a token. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{28,}={0,2}/g;
/** A dbt token run inside decoded bytes. */
const DECODED_TOKEN = new RegExp(dbtTokenRun(16).source);

// ---------------------------------------------------------------- the cheap test

/**
 * One character as written plainly or as any escape `normalise` decodes (hex digits in either case).
 * At most 3 backslashes: enough for an escape inside a JSON string inside a string, and bounded, so
 * that a run of a million backslashes costs nothing.
 */
function escapedChar(c: string): string {
  const code = c.charCodeAt(0);
  const hex = code.toString(16).replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
  const plain = c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return String.raw`(?:${plain}|\\{1,3}(?:x${hex}|u00${hex}|u\{0*${hex}\}|${code.toString(8).padStart(3, '0')})|%${hex}|&#(?:0*${code}|[xX]0*${hex});?)`;
}

/** `dbtu_`/`dbtc_` with at least one of its characters escaped (`dbtu\x5f`, `%64%62%74%75%5F`). */
const ESCAPED_PREFIX = String.raw`${escapedChar('d').replace('(?:d|', '(?:d(?!bt[uc]_)|')}${escapedChar('b')}${escapedChar('t')}(?:${escapedChar('u')}|${escapedChar('c')})${escapedChar('_')}`;

/**
 * How a piece that goes on with the prefix starts: `first` then `second` (or the end of the piece),
 * either of them possibly escaped.
 */
const goesOn = (first: string, second: string): string => String.raw`(?:${first}(?:${second}|[\\%&"'\x60])|[\\%&])`;

/** The end of a quoted prefix piece and the start of the next one: the join between them is short. */
const PIECE_JOIN = String.raw`\\{0,3}["'\x60][^"'\x60]{0,40}["'\x60]`;

/**
 * Can this text hold a dbt token written other than contiguously? A token prefix cut short by an
 * escape, a quote or an interpolation (`dbtu_"`, `dbtu_ab${`); a prefix with an escaped character
 * (`dbtu\x5f`, `%64%62…`); a prefix piece alone between quotes, joined to the next (`"db" + "tu_…"`); base64 of
 * `dbtu_`/`dbtc_`. Every quantifier is bounded: one pass over any text.
 */
const FORM_HINT = new RegExp(
  [
    String.raw`dbt[uc](?:_[A-Za-z0-9_-]{0,49})?(?:\\|%[0-9a-fA-F]{2}|&#?\w{1,8};|["'\x60]|\$?\{)`,
    ESCAPED_PREFIX,
    // A piece alone counts only when another piece that goes on with the prefix follows it: a
    // quoted `"dbt"` is everywhere in dbt projects (`["dbt", "compile"]`), `"dbt" + "u_…"` is not.
    // The next piece goes on for two characters, or ends after one (`"d" + "b" + "tu_…"`).
    String.raw`["'\x60](?:dbt${PIECE_JOIN}${goesOn('[uc]', '_')}|db${PIECE_JOIN}${goesOn('t', '[uc]')}|d${PIECE_JOIN}${goesOn('b', 't')})`,
    BASE64_HINT.source,
  ].join('|'),
);

/**
 * A token prefix written as is (`dbtu_`), or in any of the forms above: the pre-filter's question
 * about every file that mentions dbt, asked in one pass over its text rather than one a prefix
 * and one for the forms (each pass costs about as much, and most files of a dbt project hold none).
 */
const ANY_FORM_HINT = new RegExp(`${DBT_TOKEN_PREFIXES.map(escapeRe).join('|')}|${FORM_HINT.source}`);

export function mayHoldTokenText(text: string): boolean {
  return ANY_FORM_HINT.test(text);
}

// ---------------------------------------------------------------- joins between string pieces
// Scanned by hand, not by regex: a quote followed by a megabyte of spaces must cost one pass, and a
// regex with two runs of optional whitespace around an optional operator backtracks quadratically.

const isQuote = (c: string | undefined): boolean => c === '"' || c === "'" || c === '\x60';
const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);
const BACKSLASH = 92;

/** Past whitespace, written as is or escaped (`\n` in code held in a JSON string), and line continuations. */
function skipSpace(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c !== BACKSLASH) return i;
    let j = i;
    while (j < end && text.charCodeAt(j) === BACKSLASH) j++;
    const next = text[j];
    if (next === 'n' || next === 'r' || next === 't' || next === '\n') i = j + 1;
    else if (next === '\r' && text[j + 1] === '\n') i = j + 2;
    else return i;
  }
  return i;
}

/** Past a quote, escaped or not (`"`, `\"`, `\\\"`): the offset after it, or -1. */
function quoteEnd(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) === BACKSLASH) i++;
  return i < end && isQuote(text[i]) ? i + 1 : -1;
}

/**
 * Past the join between two string pieces that starts at `at` (the closing quote): spaces, an
 * optional `+`, `.`, `..` or `||`, spaces, an optional string prefix (`r`, `f`, `b`, `u`, `$`), the
 * opening quote. -1 when there is none.
 */
function joinEnd(text: string, at: number, end: number): number {
  let i = quoteEnd(text, at, end);
  if (i < 0) return -1;
  i = skipSpace(text, i, end);
  if (text.startsWith('||', i)) i = skipSpace(text, i + 2, end);
  else if (text[i] === '+') i = skipSpace(text, i + 1, end);
  else if (text[i] === '.') i = skipSpace(text, i + (text[i + 1] === '.' ? 2 : 1), end);
  if (text[i] === '$') i++;
  else for (let k = 0; k < 2 && i < end && 'rRbBfFuU'.includes(text[i]!); k++) i++;
  return quoteEnd(text, i, end);
}

/** Into an interpolated literal piece: `${'…` (JS, shell, Terraform), `{'…` (Python f-string). */
function interpolationOpenEnd(text: string, at: number, end: number): number {
  let i = at;
  if (text[i] === '$') i++;
  if (text[i] !== '{') return -1;
  return quoteEnd(text, skipSpace(text, i + 1, end), end);
}

/** Out of it: `…'}`. */
function interpolationCloseEnd(text: string, at: number, end: number): number {
  const i = quoteEnd(text, at, end);
  if (i < 0) return -1;
  const j = skipSpace(text, i, end);
  return text[j] === '}' ? j + 1 : -1;
}

/** Does a token continue at `at`: a token character, or the start of an escape that may decode to one? */
function continuesAt(text: string, at: number): boolean {
  const c = text[at];
  return c !== undefined && (TOKEN_CHAR.test(c) || c === '\\' || c === '%' || c === '&');
}

const isHex = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);

/** Two hex pieces joined by quotes (`"0123abcd" "4567…"`): a legacy key split in source. Offsets of the joins. */
function splitHexAt(text: string): number[] {
  const out: number[] = [];
  // Every quote in order, by one native search per kind merged (a third of a regex's time on a
  // minified bundle); most are passed over at the first of the six characters before them.
  let dq = text.indexOf('"');
  let sq = text.indexOf("'");
  let bq = text.indexOf('`');
  for (;;) {
    let at = dq;
    if (sq >= 0 && (at < 0 || sq < at)) at = sq;
    if (bq >= 0 && (at < 0 || bq < at)) at = bq;
    if (at < 0) return out;
    if (at === dq) dq = text.indexOf('"', at + 1);
    else if (at === sq) sq = text.indexOf("'", at + 1);
    else bq = text.indexOf('`', at + 1);
    let i = at;
    while (i > 0 && text.charCodeAt(i - 1) === BACKSLASH) i--;
    if (i < 6) continue;
    let hex = true;
    for (let k = i - 6; k < i && hex; k++) hex = isHex(text.charCodeAt(k));
    if (!hex) continue;
    const j = joinEnd(text, at, text.length);
    if (j < 0 || j + 6 > text.length) continue;
    let after = true;
    for (let k = j; k < j + 6 && after; k++) after = isHex(text.charCodeAt(k));
    if (after) out.push(at);
  }
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

/** What follows the backslashes of an escape: `x5f`, `u005f`, `u{5f}`, `137`, `_` (markdown, shell). */
const BACKSLASH_ESCAPE = /x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|([0-3][0-7]{2})|([_-])/y;
const PERCENT_ESCAPE = /%([0-9a-fA-F]{2})/y;
const ENTITY = /&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?|&(lowbar|UnderBar|hyphen|dash|minus);/y;
const NAMED: Record<string, string> = { lowbar: '_', UnderBar: '_', hyphen: '-', dash: '-', minus: '-' };
const SPECIAL_START = /[\\%&"'\x60${]/g;

/** The token character an escape stands for; `%2F` or `\n` stay as written, so nothing else is joined. */
function tokenChar(code: number | undefined, named?: string): string | undefined {
  const ch = named ?? (code !== undefined && code < 0x80 ? String.fromCharCode(code) : undefined);
  return ch !== undefined && TOKEN_CHAR.test(ch) ? ch : undefined;
}

function stickyAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** A decoded escape at `at` (after any backslashes from `start`): the character and where it ends. */
function escapeAt(text: string, start: number, at: number): { ch: string; end: number } | undefined {
  const c = text[at];
  if (start < at) {
    const m = stickyAt(BACKSLASH_ESCAPE, text, at);
    if (!m) return undefined;
    const hex = m[1] ?? m[2] ?? m[3];
    const ch = m[5] ?? tokenChar(hex !== undefined ? parseInt(hex, 16) : parseInt(m[4]!, 8));
    return ch === undefined ? undefined : { ch, end: at + m[0].length };
  }
  if (c === '%') {
    const m = stickyAt(PERCENT_ESCAPE, text, at);
    const ch = m ? tokenChar(parseInt(m[1]!, 16)) : undefined;
    return ch === undefined ? undefined : { ch, end: at + m![0].length };
  }
  if (c === '&') {
    const m = stickyAt(ENTITY, text, at);
    if (!m) return undefined;
    const ch =
      m[3] !== undefined ? tokenChar(undefined, NAMED[m[3]]) : tokenChar(m[1] !== undefined ? parseInt(m[1], 10) : parseInt(m[2]!, 16));
    return ch === undefined ? undefined : { ch, end: at + m[0].length };
  }
  return undefined;
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
  while (i < to) {
    SPECIAL_START.lastIndex = i;
    const next = SPECIAL_START.exec(text);
    const at = next && next.index < to ? next.index : to;
    copy(i, at);
    if (at >= to) break;
    // A run of backslashes is looked at once, from its end: what it escapes, or the quote it precedes.
    let after = at;
    while (after < to && text.charCodeAt(after) === BACKSLASH) after++;
    // A line continuation inside a string (`"dbtu_abc\` then `def…"` on the next line, in a JS
    // template, a Python or shell string): the backslash and the line break are no characters of it.
    if (after === at + 1 && afterToken()) {
      const next = text[after] === '\n' ? after + 1 : text[after] === '\r' && text[after + 1] === '\n' ? after + 2 : -1;
      if (next > 0 && next < to && TOKEN_CHAR.test(text[next]!)) {
        i = next;
        continue;
      }
    }
    const escape = escapeAt(text, at, after);
    if (escape) {
      push(escape.ch, at, escape.end);
      i = escape.end;
      continue;
    }
    if (afterToken()) {
      const c = text[after];
      let skip = -1;
      if (isQuote(c)) {
        skip = joinEnd(text, at, to);
        if (skip < 0 || !continuesAt(text, skip)) skip = interpolationCloseEnd(text, at, to);
        if (skip < 0 || !continuesAt(text, skip)) skip = quoteEnd(text, at, to);
      } else if (at === after && (c === '$' || c === '{')) {
        skip = interpolationOpenEnd(text, at, to);
      }
      if (skip >= 0 && continuesAt(text, skip)) {
        i = skip;
        continue;
      }
    }
    // Nothing to drop: the backslashes (with the quote they escape), or the one character, as written.
    const stop = Math.min(to, after > at ? (isQuote(text[after]) ? after + 1 : after) : at + 1);
    copy(at, stop);
    i = stop;
  }
  return { text: chars.join(''), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

// ---------------------------------------------------------------- finding written tokens

/** How far a split token may reach past what gave it away: 50 one-character pieces with generous joins. */
const WINDOW_AFTER = 4096;
const WINDOW_BEFORE = 64;
const HEX_WINDOW_BEFORE = 256;

const N_DBT = dbtTokenRun(16);
const N_HEX = /(?<![0-9A-Fa-f])[0-9a-fA-F]{32,}(?![0-9A-Fa-f])/g;

export interface FindOptions {
  /** Also split hex runs (redaction of source text; a bare hex run is no dbt token by itself). */
  hex?: boolean;
}

/**
 * A token glued to a percent-escape (`http://:Token%20dbtc_…@cloud.getdbt.com`, an Airflow HTTP
 * connection URI): the escape's last hex digit is a word character, so DBT_TOKEN_IN_TEXT's word
 * start does not hold there.
 */
const DBT_TOKEN_AFTER_PERCENT_ESCAPE = /(?<=%[0-9A-Fa-f]{2})dbt[uc]_[A-Za-z0-9_-]{50}(?![A-Za-z0-9_-])/g;

/** Every complete token written as it reads in a text (DBT_TOKEN_IN_TEXT's, and those after a percent-escape), in order. */
export function dbtTokensInText(text: string): { index: number; value: string }[] {
  const out = [...text.matchAll(DBT_TOKEN_IN_TEXT)].map((m) => ({ index: m.index, value: m[0] }));
  if (!text.includes('%')) return out;
  const escaped = [...text.matchAll(DBT_TOKEN_AFTER_PERCENT_ESCAPE)].map((m) => ({ index: m.index, value: m[0] }));
  return escaped.length === 0 ? out : [...out, ...escaped].sort((a, b) => a.index - b.index);
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
