import type { Span } from '../../model/raw-facts.js';

// A Dockerfile read as instructions, the way BuildKit does: line continuations (with the
// `# escape=` directive), comment and blank lines inside continuations, and heredocs. Each
// instruction keeps where its arguments start, so words and scripts map back to the file.

/** Lines longer than this are not read (no real instruction is; keeps every scan cheap). */
const MAX_LINE = 200_000;
const MAX_HEREDOC_LINES = 50_000;

export interface Instruction {
  keyword: string;
  /** 1-based line of the keyword. */
  line: number;
  /** The arguments as the instruction's lines: the first line from its first argument on. */
  lines: string[];
  /** 1-based file line and column of `lines[0]`'s first character; later lines start at column 1. */
  argsLine: number;
  argsColumn: number;
  /** Continuation lines Docker drops (comments, blank lines), by index in `lines`. */
  skipped: Set<number>;
  /** Heredoc bodies, in order: the body lines and the file line of the first. */
  heredocs: Heredoc[];
}

interface Heredoc {
  delimiter: string;
  /** Leading tabs are stripped (`<<-`). */
  stripTabs: boolean;
  body: string[];
  line: number;
  /** The delimiter line (file line), for rebuilding the script. */
  endLine: number;
}

const HEREDOC = /(?<!<)<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]{0,63})\2/g;

export function escapeCharOf(lines: readonly string[]): string {
  // Parser directives are `# key=value` lines at the very top, before anything else.
  for (const l of lines.slice(0, 10)) {
    const m = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(l);
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}

export function parseDockerfile(text: string): Instruction[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const escape = escapeCharOf(lines);
  const endsWithEscape = (l: string): boolean => l.trimEnd().endsWith(escape) && !l.trimEnd().endsWith(escape + escape);
  const out: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    if (first.length > MAX_LINE) {
      i++;
      continue;
    }
    const m = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(first);
    if (!m || first.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    const argsStart = m[0].length;
    const ins: Instruction = {
      keyword: m[2]!.toUpperCase(),
      line: i + 1,
      lines: [first.slice(argsStart)],
      argsLine: i + 1,
      argsColumn: argsStart + 1,
      skipped: new Set(),
      heredocs: [],
    };
    let continues = endsWithEscape(first);
    i++;
    while (continues && i < lines.length) {
      const l = lines[i]!;
      const t = l.trimStart();
      if (l.length > MAX_LINE) break;
      ins.lines.push(l);
      if (t === '' || t.startsWith('#')) ins.skipped.add(ins.lines.length - 1);
      else continues = endsWithEscape(l);
      i++;
    }
    if (['RUN', 'COPY', 'ADD'].includes(ins.keyword)) {
      const joined = ins.lines.join('\n');
      HEREDOC.lastIndex = 0;
      for (let h = HEREDOC.exec(joined); h && ins.heredocs.length < 8; h = HEREDOC.exec(joined)) {
        const stripTabs = h[1] === '-';
        const delimiter = h[3]!;
        const body: string[] = [];
        const start = i + 1;
        while (i < lines.length && body.length < MAX_HEREDOC_LINES) {
          const l = lines[i]!;
          i++;
          if ((stripTabs ? l.replace(/^\t+/, '') : l) === delimiter) break;
          body.push(l);
        }
        ins.heredocs.push({ delimiter, stripTabs, body, line: start, endLine: i });
      }
    }
    out.push(ins);
  }
  return out;
}

/** Offsets of the logical (joined) argument text mapped back to the file. */
export interface LogicalText {
  text: string;
  /** Span of logical offset `offset`. */
  spanAt(offset: number): Span;
}

/**
 * The instruction's arguments as Docker reads them: continuation escapes removed, lines joined,
 * dropped lines left out. Heredoc bodies are not included.
 */
export function logicalText(ins: Instruction, escape = '\\'): LogicalText {
  const pieces: Array<{ at: number; line: number; column: number }> = [];
  let text = '';
  ins.lines.forEach((l, idx) => {
    if (ins.skipped.has(idx)) return;
    let part = l;
    const trimmed = part.trimEnd();
    if (idx < ins.lines.length - 1 && trimmed.endsWith(escape)) part = trimmed.slice(0, -1);
    pieces.push({ at: text.length, line: ins.argsLine + idx, column: idx === 0 ? ins.argsColumn : 1 });
    text += part;
  });
  return {
    text,
    spanAt(offset: number): Span {
      let p = pieces[0] ?? { at: 0, line: ins.argsLine, column: ins.argsColumn };
      for (const q of pieces) {
        if (q.at <= offset) p = q;
        else break;
      }
      return { line: p.line, column: p.column + (offset - p.at) };
    },
  };
}

export interface Word {
  /** The word with quotes and escapes removed. */
  text: string;
  /** Logical offset of its first character. */
  start: number;
  /** For `KEY=VALUE` words: the key, the value (unquoted) and the value's logical offset. */
  key?: string;
  value?: string;
  valueStart?: number;
  /** The value as written (quotes kept), to tell `$X` from `'$X'`. */
  rawValue?: string;
}

/** Splits ENV / ARG arguments into words like Docker: quotes group, the escape char escapes. */
export function splitWords(text: string, escape = '\\'): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length && words.length < 1000) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let out = '';
    let quote: string | undefined;
    let eq = -1;
    let eqOut = -1;
    while (i < text.length) {
      const c = text[i]!;
      if (!quote && /\s/.test(c)) break;
      if (c === escape && quote !== "'" && i + 1 < text.length) {
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (quote) {
        if (c === quote) quote = undefined;
        else out += c;
      } else if (c === '"' || c === "'") quote = c;
      else {
        if (c === '=' && eq < 0) {
          eq = i;
          eqOut = out.length;
        }
        out += c;
      }
      i++;
    }
    const w: Word = { text: out, start };
    if (eq > start) {
      w.key = out.slice(0, eqOut);
      w.value = out.slice(eqOut + 1);
      w.valueStart = eq + 1;
      w.rawValue = text.slice(eq + 1, i);
    }
    words.push(w);
  }
  return words;
}
