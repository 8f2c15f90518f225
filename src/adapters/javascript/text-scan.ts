import type { RawCallSite, RawCredential } from '../../model/raw-facts.js';
import { accountIdsInPath, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { LineIndex } from '../../facts/location.js';
import { maskTokens } from './url.js';
import { schemeWords } from '../../credentials/auth-schemes.js';
import { cutMessage, MAX_SCANNED_SITES_PER_FILE } from '../../facts/limits.js';
import { noteCut } from '../extraction-limits.js';

// The fallback for files that cannot or should not be parsed (fatal syntax errors, deep nesting,
// minified bundles, huge files): a linear scan for dbt Cloud URL literals passed straight to a
// request call, with a `Token`/`Bearer` credential on the same statement. Every regex runs on a
// bounded window, and the number of candidates is capped, so a 20 MB single line stays fast. A cap
// that stops the scan is reported (src/facts/limits.ts), never silent.

const HOST_MARKERS = ['getdbt.com', '.dbt.com'];
/** Host names looked at: each costs a few bounded windows, so this bounds the work on a huge file. */
const MAX_MARKERS = 2 * MAX_SCANNED_SITES_PER_FILE;
const MAX_SITES = MAX_SCANNED_SITES_PER_FILE;
const LOOKBACK = 300;
const MAX_STRING = 2000;

/** A request call (or client config key) right before the URL literal. */
const CALL_BEFORE =
  /(?:\b(fetch|axios|got|ky|superagent|request|needle|ofetch|\$fetch)(?:\.(?:get|post|put|patch|delete|del|head|request|extend|create))?|\.(get|post|put|patch|delete|request|fetch|getJson|postJson))\s*\(\s*$|\b(baseURL|prefixUrl|uri)\s*:\s*$/;

const TOKEN_TEMPLATE = new RegExp(`(?:${schemeWords('dbt')})\\s+\\$\\{\\s*([^{}]{1,120})\\}`, 'i');
const TOKEN_CONCAT = new RegExp(`(["'])(?:${schemeWords('dbt')})\\s+\\1\\s*\\+\\s*([A-Za-z_$][\\w$.[\\]'"]{0,120})`, 'i');
const TOKEN_LITERAL = new RegExp(`(?:${schemeWords('dbt')})\\s+([A-Za-z0-9_\\-.]{20,200})(?=["'\`])`, 'i');
const ENV_EXPR = /^(?:process\.env|import\.meta\.env)(?:\.([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])$/;

export function scanText(text: string): RawCallSite[] {
  // Lines are counted only for a site found (a minified bundle's 6 MB seldom holds one).
  let lineIndex: LineIndex | undefined;
  const lines: Lines = { at: (offset) => (lineIndex ??= new LineIndex(text)).at(offset) };
  const out: RawCallSite[] = [];
  const seenStrings = new Set<number>();
  let markers = 0;
  for (const marker of HOST_MARKERS) {
    let from = 0;
    while (out.length < MAX_SITES && markers < MAX_MARKERS) {
      const at = text.indexOf(marker, from);
      if (at < 0) break;
      from = at + marker.length;
      markers++;
      const str = enclosingString(text, at);
      if (!str || seenStrings.has(str.start)) continue;
      seenStrings.add(str.start);
      const site = siteFor(text, str, lines);
      if (site) out.push(site);
    }
  }
  if (out.length >= MAX_SITES)
    noteCut(
      cutMessage(
        'dbt Cloud calls found by the text scan of this JavaScript',
        MAX_SITES,
        undefined,
        'the first kept, the rest of the file not read',
      ),
    );
  else if (markers >= MAX_MARKERS)
    noteCut(
      cutMessage(
        'dbt Cloud host names in this JavaScript for a text scan',
        MAX_MARKERS,
        undefined,
        'the first looked at, the rest of the file not read',
      ),
    );
  out.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return out;
}

type Lines = Pick<LineIndex, 'at'>;

interface StringAt {
  /** Offset of the opening quote. */
  start: number;
  /** Offset of the closing quote. */
  end: number;
  quote: string;
}

function enclosingString(text: string, at: number): StringAt | undefined {
  const lo = Math.max(0, at - LOOKBACK);
  let start = -1;
  for (let i = at - 1; i >= lo; i--) {
    const ch = text[i];
    if (ch === '\n') break;
    if (ch === '"' || ch === "'" || ch === '`') {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  const quote = text[start]!;
  const hi = Math.min(text.length, at + MAX_STRING);
  for (let i = at; i < hi; i++) {
    const ch = text[i];
    if (ch === '\n' && quote !== '`') return undefined;
    if (ch === quote && text[i - 1] !== '\\') return { start, end: i, quote };
  }
  return undefined;
}

function siteFor(text: string, str: StringAt, lines: Lines): RawCallSite | undefined {
  const before = text.slice(Math.max(0, str.start - 120), str.start);
  const call = CALL_BEFORE.exec(before);
  if (!call) return undefined;
  if (inLineComment(text, str.start)) return undefined;
  const raw = text.slice(str.start + 1, str.end);
  const url = str.quote === '`' ? raw.replace(/\$\{([^{}]{0,200})\}/g, (_m, expr: string) => `{${placeholderName(expr)}}`) : raw;
  const found = recognizeDbtCloudUrl(url);
  if (!found) return undefined;
  const endpoint = maskTokens(found);
  const callStart = str.start - before.length + call.index;
  const span = lines.at(callStart);
  const site: RawCallSite = { kind: 'http', span, endpoint, client: call[1] ?? 'http' };
  const ids = accountIdsInPath(endpoint.path);
  if (ids.length > 0) site.accountIds = ids;
  const credential = credentialAfter(text, str.end + 1, lines);
  if (credential) site.credential = credential;
  return site;
}

function placeholderName(expr: string): string {
  const e = expr.trim();
  const env = ENV_EXPR.exec(e);
  if (env) return env[1] ?? env[2] ?? 'env';
  const parts = e.split('.');
  return (parts[parts.length - 1] ?? 'expr').replace(/[^\w$]/g, '').slice(0, 60) || 'expr';
}

/** A `Token`/`Bearer` credential later in the same statement. */
function credentialAfter(text: string, from: number, lines: Lines): RawCredential | undefined {
  let window = text.slice(from, from + 1500);
  const semi = window.indexOf(';');
  if (semi >= 0) window = window.slice(0, semi);
  const tpl = TOKEN_TEMPLATE.exec(window);
  if (tpl) return refCredential(tpl[1]!, from + tpl.index + tpl[0].indexOf('${') + 2, lines);
  const cat = TOKEN_CONCAT.exec(window);
  if (cat) return refCredential(cat[2]!, from + cat.index + cat[0].length - cat[2]!.length, lines);
  const lit = TOKEN_LITERAL.exec(window);
  if (lit) {
    const offset = from + lit.index + lit[0].length - lit[1]!.length;
    return { source: 'literal', value: lit[1]!, span: lines.at(offset) };
  }
  return undefined;
}

function refCredential(expr: string, offset: number, lines: Lines): RawCredential {
  const env = ENV_EXPR.exec(expr.trim());
  const span = lines.at(offset);
  if (env) return { source: 'env', name: env[1] ?? env[2], span };
  return { source: 'unknown', span };
}

/** Whether a `//` comment starts before `offset` on its line (outside quotes, roughly). */
function inLineComment(text: string, offset: number): boolean {
  const lo = Math.max(0, offset - 2000);
  // Looked for within the window only: on a minified line, `lastIndexOf` would walk back to the
  // start of the file for every candidate.
  let lineStart = offset;
  while (lineStart > lo && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  const head = text.slice(lineStart, offset);
  if (/^\s*(\*|\/\*)/.test(head)) return true;
  let quote = '';
  for (let i = 0; i < head.length; i++) {
    const ch = head[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
    } else if (ch === '/' && head[i + 1] === '/' && head[i - 1] !== ':') {
      return true;
    }
  }
  return false;
}
