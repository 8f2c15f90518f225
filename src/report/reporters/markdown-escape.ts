import { printable } from './terminal-safe.js';

// Escaping for GitHub-flavoured Markdown table cells. Everything in a cell comes from the scanned
// repository (paths, names, messages), so it must neither break the table (a `|` or a newline ends
// the cell or the row) nor turn into markup (emphasis, links, HTML).

const NEWLINES = /\r\n|\r|\n/g;
/** ASCII punctuation that CommonMark or GFM may read as markup; `_` is handled separately. */
const MARKUP = /[\\`*[\]<>|~&]/g;

/** Plain text in a table cell: markup characters backslash-escaped, line breaks as `<br>`. */
export function mdCell(text: string): string {
  const escaped = text
    .replace(MARKUP, '\\$&')
    // An underscore inside a word (DBT_CLOUD_API_KEY) cannot start or end emphasis; escape the rest.
    .replace(/_/g, (u, i: number, s: string) => (isWordChar(s[i - 1]) && isWordChar(s[i + 1]) ? u : '\\_'))
    .replace(NEWLINES, '<br>');
  return printable(escaped);
}

/**
 * Code in a table cell: a code span with a fence longer than any backtick run inside, `|` escaped
 * (GFM unescapes `\|` inside code spans in tables), line breaks and control characters shown as
 * `\n`-style escapes, since a code span cannot hold a line break.
 */
export function mdCode(text: string): string {
  const body = printable(text).replace(/\|/g, '\\|');
  if (body === '') return '—';
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9]/.test(ch);
}
