import type { Colors } from 'picocolors/types.js';
import { printable } from './terminal-safe.js';

// One source line with a caret under a column, as in ESLint's and Babel's code frames:
//
//     14 |         dbt_cloud_token: ${{ secrets.DBT_CLOUD_API_KEY }}
//        |                          ^

/** Longest stretch of a source line that is shown; longer lines are cut around the column. */
const MAX_SHOWN = 120;
/** How much of the line before the column is kept when a long line is cut. */
const LEAD = 40;

export interface CodeFrameInput {
  /** The source line (already redacted by the core). */
  text: string;
  /** 1-based line number, shown in the gutter. */
  line: number;
  /** 1-based column the caret points at. */
  column: number;
  /** Spaces before the gutter. */
  indent: string;
}

/** Returns the two lines of the frame, without trailing newline. */
export function codeFrame({ text, line, column, indent }: CodeFrameInput, c: Colors): string[] {
  let col = Math.max(1, column);
  let shown = text;
  let before = '';
  let after = '';
  if (shown.length > MAX_SHOWN) {
    const start = Math.max(0, Math.min(col - 1 - LEAD, shown.length - MAX_SHOWN));
    before = start > 0 ? '…' : '';
    after = start + MAX_SHOWN < shown.length ? '…' : '';
    shown = shown.slice(start, start + MAX_SHOWN);
    col -= start;
  }
  const cut = Math.min(col - 1, shown.length);
  const head = before + printable(shown.slice(0, cut));
  const tail = printable(shown.slice(cut)) + after;
  // Keep tabs in the padding so the caret lines up however wide the terminal draws a tab.
  const pad = head.replace(/[^\t]/g, ' ');
  const gutter = String(line);
  const blank = ' '.repeat(gutter.length);
  const code = head + tail;
  return [`${indent}${c.dim(`${gutter} |`)}${code ? ` ${code}` : ''}`, `${indent}${c.dim(`${blank} |`)} ${pad}${c.red('^')}`];
}
