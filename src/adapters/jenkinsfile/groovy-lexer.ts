// A linear tokenizer for Jenkins pipelines (Groovy), enough to find steps and their string
// arguments without a Groovy grammar: identifiers, single punctuation characters, and string
// literals (' " ''' """, with `${...}` interpolation skipped as part of the string). Comments
// are dropped. Tokens are produced one at a time, so a huge file never becomes a huge array.
// Slashy (/re/) and dollar-slashy strings are not recognised: a `/` is punctuation.

type Quote = "'" | '"' | "'''" | '"""';

export interface IdentToken {
  kind: 'ident';
  text: string;
  start: number;
  /** A line break separates this token from the previous one. */
  newline: boolean;
}

export interface PunctToken {
  kind: 'punct';
  text: string;
  start: number;
  newline: boolean;
}

export interface StringToken {
  kind: 'string';
  quote: Quote;
  start: number;
  /** Offsets of the text between the quotes. */
  contentStart: number;
  contentEnd: number;
  newline: boolean;
}

export type GroovyToken = IdentToken | PunctToken | StringToken;

const IDENT_START = /[A-Za-z_$]/;
const IDENT_REST = /[A-Za-z0-9_$]*/y;

export class GroovyLexer {
  private i = 0;

  constructor(readonly text: string) {}

  next(): GroovyToken | undefined {
    const t = this.text;
    const n = t.length;
    let newline = false;
    while (this.i < n) {
      const c = t[this.i]!;
      if (c === '\n') {
        newline = true;
        this.i++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.i++;
      } else if (c === '/' && t[this.i + 1] === '/') {
        const e = t.indexOf('\n', this.i);
        this.i = e < 0 ? n : e;
      } else if (c === '/' && t[this.i + 1] === '*') {
        const e = t.indexOf('*/', this.i + 2);
        if (e < 0 || t.slice(this.i, e).includes('\n')) newline = true;
        this.i = e < 0 ? n : e + 2;
      } else if (c === '#' && this.i === 0 && t[1] === '!') {
        const e = t.indexOf('\n');
        this.i = e < 0 ? n : e;
      } else break;
    }
    if (this.i >= n) return undefined;
    const start = this.i;
    const c = t[start]!;
    if (c === "'" || c === '"') return this.string(start, c, newline);
    if (IDENT_START.test(c)) {
      IDENT_REST.lastIndex = start + 1;
      IDENT_REST.exec(t);
      const j = IDENT_REST.lastIndex;
      this.i = j;
      return { kind: 'ident', text: t.slice(start, j), start, newline };
    }
    this.i = start + 1;
    return { kind: 'punct', text: c, start, newline };
  }

  private string(start: number, q: "'" | '"', newline: boolean): StringToken {
    const t = this.text;
    const n = t.length;
    const triple = t.startsWith(q + q + q, start);
    const quote = (triple ? q + q + q : q) as Quote;
    const contentStart = start + quote.length;
    let j = contentStart;
    while (j < n) {
      const c = t[j]!;
      if (c === '\\') {
        j += 2;
      } else if (triple ? t.startsWith(quote, j) : c === q) {
        this.i = j + quote.length;
        return { kind: 'string', quote, start, contentStart, contentEnd: j, newline };
      } else if (!triple && c === '\n') {
        // An unterminated one-line string ends at the line break (resynchronise there).
        break;
      } else if (q === '"' && c === '$' && t[j + 1] === '{') {
        j = this.skipInterpolation(j + 2, !triple);
      } else j++;
    }
    const end = Math.min(j, n);
    this.i = end;
    return { kind: 'string', quote, start, contentStart, contentEnd: end, newline };
  }

  /** Past the `}` closing a `${`, stepping over simple quoted strings inside it. */
  private skipInterpolation(j: number, oneLine: boolean): number {
    const t = this.text;
    const n = t.length;
    let depth = 1;
    while (j < n) {
      const c = t[j]!;
      if (c === '\n' && oneLine) return j;
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) return j + 1;
      } else if (c === "'" || c === '"') {
        let k = j + 1;
        while (k < n && t[k] !== c && t[k] !== '\n') k += t[k] === '\\' ? 2 : 1;
        j = k + 1;
        continue;
      }
      j++;
    }
    return n;
  }
}

/** A token stream with lookahead. */
export class TokenStream {
  private readonly buffer: GroovyToken[] = [];

  constructor(private readonly lexer: GroovyLexer) {}

  peek(k = 0): GroovyToken | undefined {
    while (this.buffer.length <= k) {
      const t = this.lexer.next();
      if (!t) return undefined;
      this.buffer.push(t);
    }
    return this.buffer[k];
  }

  next(): GroovyToken | undefined {
    return this.buffer.length > 0 ? this.buffer.shift() : this.lexer.next();
  }
}

export const isPunct = (t: GroovyToken | undefined, p: string): t is PunctToken => t?.kind === 'punct' && t.text === p;
export const isIdent = (t: GroovyToken | undefined, name?: string): t is IdentToken =>
  t?.kind === 'ident' && (name === undefined || t.text === name);
