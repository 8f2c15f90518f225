import { envReadOf } from './env-reads.js';
import { lastIdentifier, type Placeholder } from './placeholders.js';
import type { Literal, Reference, Unknown } from '../values/parts.js';

// The few expression shapes around a string literal that the line-level adapter follows on one
// line: `base + "/api/…"` and `"…" + id + "/run/"` (`+`, `.`, `..`, `&`, `<>`), and the
// arguments of a format call (`Sprintf("%s/…", base, id)`, `"…".format(a)`, `format!("{}", a)`).

/**
 * An identifier chain: `c.baseURL`, `$this->host`, `self::HOST`, `config.getHost()`, also through
 * calls with short arguments (`render(this.baseUrl).as(String.class).orElseThrow()`).
 */
const CALL_ARGS = String.raw`(?:\([^()\n]{0,120}\))`;
const CHAIN = String.raw`[A-Za-z_$@][\w$]*${CALL_ARGS}?(?:(?:\.|->|::|\?\.)[A-Za-z_$][\w$]*${CALL_ARGS}?)*`;
const CONCAT_OP = String.raw`(?:\+|\.\.|\.(?=\s)|&|<>)`;
const QUOTED = String.raw`"([^"\n]{0,500})"|'([^'\n]{0,500})'`;

/** What is concatenated with a string literal (../values/parts.ts): a literal, an env read, or a variable named by its last identifier. */
export type Piece = Literal | Reference | (Unknown & { name: string });

const LEFT = new RegExp(String.raw`(?:(${CHAIN})|${QUOTED})\s*${CONCAT_OP}\s*$`);
const RIGHT = new RegExp(
  String.raw`^\s*${CONCAT_OP}\s*(?:([A-Za-z_$@][\w$]*(?:(?:\.|->|::|\?\.)[A-Za-z_$][\w$]*)*(?:\([^()\n]{0,120}\))?)|${QUOTED})`,
);

/**
 * What unwraps or tidies a value without changing which it is: `.orElseThrow()` of an Optional,
 * `.trim()`, `.get()`, `.toString()`, `.unwrap()`, Kestra's `.as(String.class)`.
 */
const UNWRAP = /(?:\.|\?\.|->)(?:trim|strip|orElseThrow|getOrThrow|get|toString|unwrap|block|as\([^()]*\)(?=$))(?:\(\))?\s*$/;

/** A variable, or a conversion of one (`strconv.Itoa(id)`, `String(id)`): named by the variable. */
function expressionName(written: string): string {
  let expr = written;
  for (let i = 0; i < 4 && UNWRAP.test(expr) && expr.replace(UNWRAP, '') !== ''; i++) expr = expr.replace(UNWRAP, '');
  const call = /\(([^()]*)\)\s*$/.exec(expr);
  const inner = call ? lastIdentifier(call[1]!) : '';
  return inner || lastIdentifier(call ? expr.slice(0, call.index) : expr) || lastIdentifier(expr);
}

const identPiece = (expr: string): Piece => {
  const env = envReadOf(expr);
  return env ? { kind: 'reference', source: 'env', name: env } : { kind: 'unknown', name: expressionName(expr) };
};

/** What is concatenated before a string literal whose opening quote is at `quoteAt`, in order. */
export function piecesBefore(line: string, quoteAt: number, max = 4): Piece[] {
  const out: Piece[] = [];
  let pos = quoteAt;
  while (out.length < max) {
    const lo = Math.max(0, pos - 300);
    const m = LEFT.exec(line.slice(lo, pos));
    if (!m) break;
    out.unshift(m[1] !== undefined ? identPiece(m[1]) : { kind: 'literal', text: m[2] ?? m[3] ?? '' });
    pos = lo + m.index;
  }
  return out;
}

/** What is concatenated after a string literal whose closing quote ends at `after`, in order. */
export function piecesAfter(line: string, after: number, max = 6): Piece[] {
  const out: Piece[] = [];
  let rest = line.slice(after, after + 600);
  while (out.length < max) {
    const m = RIGHT.exec(rest);
    if (!m) break;
    out.push(m[1] !== undefined ? identPiece(m[1]) : { kind: 'literal', text: m[2] ?? m[3] ?? '' });
    rest = rest.slice(m[0].length);
  }
  return out;
}

/**
 * The arguments of the format call a string literal is the pattern of: what follows the literal
 * (`, a, b)`) or `.format(a, b)` / `.formatted(a)`. Each argument is named by its last
 * identifier, or by the variable an env read in it names.
 */
export function formatArguments(line: string, after: number): Placeholder[] {
  const rest = line.slice(after, after + 800);
  const lead = /^\s*(?:,|\.(?:format|formatted)\s*\()/.exec(rest);
  if (!lead) return [];
  return argumentsFrom(rest, lead[0].length)
    .args.map((a) => a.trim())
    .filter((a) => a !== '')
    .slice(0, 12)
    .map((a) => {
      const env = envReadOf(a);
      return env ? { name: env, source: 'env', positional: false } : { name: expressionName(a), source: 'variable', positional: false };
    });
}

/**
 * The comma-separated arguments of a call from `start` (just inside its `(`, or after an argument's
 * comma) to its closing `)`, and where that `)` is (-1 when the line ends first).
 */
function argumentsFrom(text: string, start: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && i + 1 < text.length) {
        cur += c + text[++i];
        continue;
      }
      if (c === quote) quote = '';
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      cur += c;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        args.push(cur);
        return { args, end: i };
      }
      depth--;
    }
    if (c === ',' && depth === 0) {
      args.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  args.push(cur);
  return { args, end: -1 };
}

/** Calls whose arguments are joined into one string: R's `paste0(…)` and `paste(…)`, stringr's `str_c`, SQL's `concat`, C#'s `String.Concat`. */
const CONCAT_CALL = /(?:^|[^\w$.])(?:(?:base::)?paste0?|(?:stringr::)?str_c|(?:[Ss]tring\.)?[Cc]oncat|CONCAT)\s*\(\s*$/;

const CONCAT_NAME = /paste|str_c|concat/i;

/** The quoted string an argument is, as written, or undefined. */
const quotedArgument = (arg: string): string | undefined =>
  /^\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*$/
    .exec(arg)
    ?.slice(1)
    .find((g) => g !== undefined);

/**
 * What a joining call (`paste0("https://…/accounts/", acct, "/jobs/")`) puts before and after the
 * string literal at `quoteAt`..`after` that is one of its arguments; undefined when the literal is
 * not a direct argument of such a call.
 */
export function joinedArguments(line: string, quoteAt: number, after: number): { before: Piece[]; after: Piece[] } | undefined {
  // Most lines join nothing: one look at the line spares the walk back to the call.
  if (!CONCAT_NAME.test(line)) return undefined;
  // The call's `(` and the arguments before this one, read backwards to the unmatched `(`.
  const lo = Math.max(0, quoteAt - 400);
  const head = line.slice(lo, quoteAt);
  let depth = 0;
  let open = -1;
  for (let i = head.length - 1; i >= 0; i--) {
    const c = head[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0 || head[open] !== '(' || !CONCAT_CALL.test(head.slice(0, open + 1))) return undefined;
  const lead = argumentsFrom(head, open + 1).args;
  // The literal starts an argument: only blanks since the last comma (or the `(`).
  if (lead.length === 0 || lead[lead.length - 1]!.trim() !== '') return undefined;
  const rest = line.slice(after, after + 600);
  const next = /^\s*(?:,|\))/.exec(rest);
  if (!next) return undefined;
  const trailing = next[0].endsWith(',') ? argumentsFrom(rest, next[0].length).args : [];
  const piece = (a: string): Piece => {
    const q = quotedArgument(a) ?? /^\s*(\d+)[Ll]?\s*$/.exec(a)?.[1];
    return q !== undefined ? { kind: 'literal', text: q } : identPiece(a.trim());
  };
  const named = (args: string[]): Piece[] =>
    args
      .filter((a) => a.trim() !== '' && !/^\s*(?:sep|collapse)\s*=/.test(a))
      .slice(0, 8)
      .map(piece);
  return { before: named(lead.slice(0, -1)), after: named(trailing) };
}
