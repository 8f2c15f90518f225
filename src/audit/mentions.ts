import { isDbtTokenName } from '../credentials/names.js';
import { DBT_TOKEN_PREFIX_IN_TEXT } from '../credentials/token-shapes.js';

// What makes a line a keyword line: the terms of the grep a user compares the scan with
// (`getdbt\.com|\.dbt\.com|dbt[cu]_|DBT_CLOUD|dbtcloud|/api/v[23]/accounts`, case-insensitive),
// plus what the scan itself looks for beyond it: the MCP path, Discovery / Semantic Layer GraphQL
// on a placeholder host, and dbt Cloud token names (`DBT_TOKEN`, `dbt-cloud-pat`) however written.

const MENTION_KINDS = ['host', 'api-path', 'token-prefix', 'dbt-cloud-name', 'token-name'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

export interface Mention {
  kind: MentionKind;
  /** 0-based columns of the mention on its line; for a host, the whole URL it sits in. */
  start: number;
  end: number;
  text: string;
}

const HOST = /(?:[A-Za-z0-9{}$_-]+\.)*getdbt\.com|(?:[A-Za-z0-9{}$_-]+\.)+dbt\.com/gi;
const API_PATH = /\/api\/v[23]\/accounts|\/api\/ai\/v1\/mcp|\b(?:metadata|semantic-layer)\.[^\s"'`/]*\/(?:beta\/)?graphql/gi;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_.-]*/g;
const DBT_CLOUD_WORD = /dbt_cloud|dbtcloud/i;
/** Characters a URL may hold here, templates and placeholders included. */
const URL_CHAR = /[^\s"'`<>\\|]/;

/** The mentions on one line, in order of position. */
export function findMentions(line: string): Mention[] {
  const out: Mention[] = [];
  for (const m of line.matchAll(HOST)) {
    const [start, end] = urlAround(line, m.index, m.index + m[0].length);
    out.push({ kind: 'host', start, end, text: line.slice(start, end) });
  }
  for (const m of line.matchAll(API_PATH)) {
    const [start, end] = urlAround(line, m.index, m.index + m[0].length);
    out.push({ kind: 'api-path', start, end, text: line.slice(start, end) });
  }
  for (const m of line.matchAll(DBT_TOKEN_PREFIX_IN_TEXT)) {
    let start = m.index;
    while (start > 0 && /[A-Za-z0-9_-]/.test(line[start - 1]!)) start--;
    let end = m.index + m[0].length;
    while (end < line.length && /[A-Za-z0-9_\-.…*<>]/.test(line[end]!)) end++;
    out.push({ kind: 'token-prefix', start, end, text: line.slice(start, end) });
  }
  for (const m of line.matchAll(IDENTIFIER)) {
    // Dotted and dashed runs are split into their parts: `dbtJobsViewer.dbtCloudApiToken`.
    let offset = m.index;
    for (const part of m[0].split(/(?<=[.])/)) {
      const word = part.replace(/\.$/, '');
      const at = offset;
      offset += part.length;
      if (word.length < 3 || word.length > 128) continue;
      const tokenName = isDbtTokenName(word);
      if (!tokenName && !DBT_CLOUD_WORD.test(word)) continue;
      out.push({ kind: tokenName ? 'token-name' : 'dbt-cloud-name', start: at, end: at + word.length, text: word });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Widens a match to the URL-like run of characters around it. */
function urlAround(line: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0 && URL_CHAR.test(line[s - 1]!) && !/[([,=]/.test(line[s - 1]!)) s--;
  let e = end;
  // A comma right after the host ends it (`DBT_HOST=cloud.getdbt.com,DBT_ENV_ID=1`); in a path it may be the URL's.
  while (e < line.length && URL_CHAR.test(line[e]!) && !(line[e] === ',' && !line.slice(end, e).includes('/'))) e++;
  // Punctuation that closes the sentence or the call, not the URL.
  while (e > end && /[),.;:\]]/.test(line[e - 1]!)) e--;
  return [s, e];
}
