import type { StringToken } from './groovy-lexer.js';
import { joinedText, literal, render, type Part } from '../shared/values/parts.js';

// The value of a Groovy string literal: escapes decoded and, in double-quoted (G)strings,
// `${expr}` / `$name` interpolations read through a resolver into the shared value parts. Line breaks are never
// removed (a backslash-newline stays as is, which a shell reads the same way), so a string's
// lines stay the file's lines.

/** What one interpolation stands for; `name` is the variable it reads, when it reads one. */
export type InterpolationResolver = (name: string | undefined, expr: string) => Part[];

const MAX_EXPR = 500;

/** The variable an interpolated expression reads: `env.X`, `params.X`, `X`, `config.x` (-> x), `env['X']`. */
function interpolatedName(expr: string): string | undefined {
  const e = expr.trim();
  let m = /^(?:(?:env|params)\.)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(e);
  if (m) return m[1];
  m = /^(?:env|params)\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]$/.exec(e);
  if (m) return m[1];
  m = /^[A-Za-z_][A-Za-z0-9_]*(?:\??\.[A-Za-z_][A-Za-z0-9_]*){1,8}$/.exec(e);
  if (m) return e.slice(e.lastIndexOf('.') + 1);
  return undefined;
}

/** End (exclusive) of a `${...}` body starting at `j` (just past `${`): the index of its `}`. */
function interpolationEnd(s: string, j: number): number {
  let depth = 1;
  while (j < s.length) {
    const c = s[j]!;
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return j;
    } else if (c === "'" || c === '"') {
      let k = j + 1;
      while (k < s.length && s[k] !== c && s[k] !== '\n') k += s[k] === '\\' ? 2 : 1;
      j = k + 1;
      continue;
    }
    j++;
  }
  return s.length;
}

export function isGString(tok: StringToken): boolean {
  return tok.quote === '"' || tok.quote === '"""';
}

/**
 * The value of a string literal token as parts: its text, and in a GString what each
 * interpolation stands for. Without a resolver, interpolations are kept as written.
 */
export function groovyStringParts(source: string, tok: StringToken, resolve?: InterpolationResolver): Part[] {
  const s = source.slice(tok.contentStart, tok.contentEnd);
  const gstring = isGString(tok);
  const out: Part[] = [];
  let text = '';
  const interpolation = (expr: string, written: string): void => {
    if (!resolve) {
      text += written;
      return;
    }
    if (text) out.push(literal(text));
    text = '';
    out.push(...resolve(interpolatedName(expr), expr));
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const d = s[i + 1]!;
      if (d === '\n' || d === '\r') text += c + d;
      else if (d === '\\' || d === "'" || d === '"' || d === '$') text += d;
      else text += c + d;
      i += 2;
      continue;
    }
    if (gstring && c === '$' && s[i + 1] === '{') {
      const end = interpolationEnd(s, i + 2);
      const expr = s.slice(i + 2, end);
      if (expr.length <= MAX_EXPR && !expr.includes('\n')) interpolation(expr, s.slice(i, end + 1));
      else text += s.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (gstring && c === '$' && /[A-Za-z_]/.test(s[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){0,8}/.exec(s.slice(i + 1, i + 1 + MAX_EXPR))!;
      const expr = m[0];
      interpolation(expr, `$${expr}`);
      i += 1 + expr.length;
      continue;
    }
    text += c;
    i++;
  }
  if (text) out.push(literal(text));
  return joinedText(out);
}

/**
 * The text of a string literal token: interpolations kept as written, or replaced by the text
 * `replace` gives (a script where each reads as a CI substitution).
 */
export function groovyStringValue(source: string, tok: StringToken, replace?: (name: string | undefined) => string): string {
  return render(groovyStringParts(source, tok, replace && ((name) => [literal(replace(name))])));
}

/** The single interpolation a GString consists of (`"${env.X}"`, `"$X"`): its variable name. */
export function soleInterpolation(source: string, tok: StringToken): string | undefined {
  if (!isGString(tok)) return undefined;
  const s = source.slice(tok.contentStart, tok.contentEnd).trim();
  if (s.length > MAX_EXPR) return undefined;
  const m = /^\$\{([^{}]*)\}$/.exec(s) ?? /^\$([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(s);
  return m ? interpolatedName(m[1]!) : undefined;
}
