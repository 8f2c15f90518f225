// A small, language-agnostic lexer for the line-level adapter: comments are blanked (replaced by
// spaces, line breaks kept, so offsets and line numbers stay those of the file) and string
// literals are listed. It knows only each family's comment and quote marks, not its grammar, so
// it is cheap (one regex hop per interesting character) and never fails.

export interface Syntax {
  /** Markers that comment out the rest of the line: `//`, `#`, `--`. */
  lineComments: readonly string[];
  /** `#` comments only at the start of a line or after a blank (YAML, where `a#b` is text). */
  hashNeedsBlank?: boolean;
  blockComments: readonly (readonly [string, string])[];
  /** Quotes whose string ends on the same line; an unclosed one is taken as a plain character. */
  quotes: readonly string[];
  /** Quotes whose string may span lines: Go's backtick, `"""`, SQL's `$$`. */
  multiLineQuotes: readonly string[];
  /** Backslash escapes the next character inside `quotes` (not in SQL or YAML single quotes). */
  backslashEscapes: boolean;
  /** URLs are commonly written unquoted (shell recipes, YAML, PowerShell arguments). */
  unquotedUrls: boolean;
}

export interface StringLiteral {
  /** Offset of the first character of the content (after the opening quote). */
  start: number;
  /** Offset just after the content (at the closing quote). */
  end: number;
  quote: string;
}

export interface Lexed {
  /** The text with every comment replaced by spaces; same length and line breaks as the input. */
  code: string;
  /** String literals in file order. */
  strings: StringLiteral[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternation of every opening mark, longest first so `"""` wins over `"`. */
function openers(syntax: Syntax): RegExp {
  const marks = [...syntax.lineComments, ...syntax.blockComments.map(([open]) => open), ...syntax.quotes, ...syntax.multiLineQuotes].sort(
    (a, b) => b.length - a.length,
  );
  return new RegExp(marks.map(escapeRe).join('|'), 'g');
}

const cache = new WeakMap<Syntax, RegExp>();

export function lex(text: string, syntax: Syntax): Lexed {
  let re = cache.get(syntax);
  if (!re) {
    re = openers(syntax);
    cache.set(syntax, re);
  }
  const strings: StringLiteral[] = [];
  const blanks: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) break;
    const mark = m[0];
    const at = m.index;
    if (syntax.lineComments.includes(mark)) {
      if (mark === '#' && syntax.hashNeedsBlank && at > 0 && !/\s/.test(text[at - 1]!)) {
        i = at + 1;
        continue;
      }
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl;
      blanks.push([at, end]);
      i = end;
      continue;
    }
    const block = syntax.blockComments.find(([open]) => open === mark);
    if (block) {
      const close = text.indexOf(block[1], at + mark.length);
      const end = close < 0 ? text.length : close + block[1].length;
      blanks.push([at, end]);
      i = end;
      continue;
    }
    if (syntax.multiLineQuotes.includes(mark)) {
      const close = text.indexOf(mark, at + mark.length);
      const end = close < 0 ? text.length : close;
      strings.push({ start: at + mark.length, end, quote: mark });
      i = close < 0 ? text.length : close + mark.length;
      continue;
    }
    // A one-line string: its closing quote on the same line, or it is no string at all
    // (an apostrophe in prose, a Rust lifetime, a Kotlin char).
    const close = closingQuote(text, at + 1, mark, syntax.backslashEscapes);
    if (close < 0) {
      i = at + 1;
      continue;
    }
    strings.push({ start: at + 1, end: close, quote: mark });
    i = close + 1;
  }
  return { code: blanks.length === 0 ? text : blank(text, blanks), strings };
}

function closingQuote(text: string, from: number, quote: string, escapes: boolean): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') return -1;
    if (escapes && c === '\\') j++;
    else if (c === quote) return j;
  }
  return -1;
}

function blank(text: string, ranges: readonly [number, number][]): string {
  const parts: string[] = [];
  let last = 0;
  for (const [a, b] of ranges) {
    const comment = text.slice(a, b);
    // Most comments are one line without a CR: spaces of their length, without a regex pass.
    const oneLine = comment.indexOf('\n') < 0 && comment.indexOf('\r') < 0;
    parts.push(text.slice(last, a), oneLine ? ' '.repeat(comment.length) : comment.replace(/[^\n\r]+/g, (m) => ' '.repeat(m.length)));
    last = b;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
