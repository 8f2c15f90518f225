import type { Span } from '../../../model/raw-facts.js';
import type { CiYamlDocument, YamlNode } from '../yaml-documents/document.js';

// A shell script assembled from YAML scalars (a `run:` block, the items of a GitLab `script:`
// list), with a map from every script line back to the file. Substitutions made before the
// script is handed to the shell extractor (GitHub `${{ }}` expressions) are recorded, so
// columns after them still point at the file's own text.

interface LineOrigin {
  /** File line of this script line. */
  line: number;
  /** File column of the script line's first character. */
  column: number;
  /** False when the script line is not a verbatim copy (folded plain or quoted scalars): use `column` as is. */
  exact: boolean;
}

/** One replacement on a script line: at column `at` (0-based, in the new text) `oldLen` chars became `newLen`. */
interface Edit {
  at: number;
  oldLen: number;
  newLen: number;
}

const BLOCK_HEADER = /^[|>]([1-9][+-]?|[+-][1-9]?)?/;
/** Lines longer than this are not searched for expressions (bounded regex work). */
const MAX_SUBSTITUTION_LINE = 20_000;

export class EmbeddedScript {
  readonly lines: string[] = [];
  private readonly origins: LineOrigin[] = [];
  private readonly edits: Edit[][] = [];

  get text(): string {
    return this.lines.join('\n');
  }

  get isEmpty(): boolean {
    return this.lines.every((l) => l.trim() === '');
  }

  /** Appends a scalar's text as script lines; returns false when the node is not a string scalar. */
  addScalar(doc: CiYamlDocument, node: YamlNode | undefined): boolean {
    const n = doc.deref(node);
    if (!doc.isScalar(n)) return false;
    const value = doc.str(n);
    const start = n.range?.[0];
    if (value === undefined || typeof start !== 'number') return false;
    if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') {
      if (this.addBlockScalar(doc, start, n.range![1], value, n.type === 'BLOCK_FOLDED')) return true;
    }
    const at = doc.position(start);
    const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
    const singleLine = !value.includes('\n') && doc.position(n.range![1]).line === at.line;
    const column = at.column + (quoted ? 1 : 0);
    value.split('\n').forEach((l, i) => this.push(l, { line: at.line, column, exact: singleLine && i === 0 }));
    return true;
  }

  /**
   * A list item YAML reads as a one-pair mapping because an unquoted command holds `: `
   * (`- curl -H "Authorization: Token $T" …`). The CI system rejects the file as it stands, but the
   * line says what the step was written to run: its source text is read as that command.
   */
  addColonSplitCommand(doc: CiYamlDocument, node: YamlNode | undefined): boolean {
    const n = doc.deref(node);
    if (!doc.isMap(n) || doc.entries(n).length !== 1 || !n.range) return false;
    const [start, end] = n.range;
    const text = doc.text.slice(start, end).replace(/\s+$/, '');
    if (text.includes('\n') || !/^[^\s:]+[^:]*:\s/.test(text)) return false;
    const at = doc.position(start);
    this.push(text, { line: at.line, column: at.column, exact: true });
    return true;
  }

  /** A command the file does not spell but makes run (a CI template's job script), placed at `node`. */
  addImpliedCommand(doc: CiYamlDocument, node: YamlNode, command: string): void {
    const start = node.range?.[0];
    if (typeof start !== 'number') return;
    const at = doc.position(start);
    this.push(command, { line: at.line, column: at.column, exact: false });
  }

  /**
   * Reads a block scalar's body from the source, so each script line is a file line. Folded
   * (`>`) scalars keep their lines; lines YAML would join get a trailing ` \`, which the shell
   * joins the same way.
   */
  private addBlockScalar(doc: CiYamlDocument, start: number, end: number, value: string, folded: boolean): boolean {
    const text = doc.text;
    const headerEnd = text.indexOf('\n', start);
    if (headerEnd < 0 || headerEnd >= end) return false;
    const header = BLOCK_HEADER.exec(text.slice(start, Math.min(headerEnd, start + 8)));
    if (!header) return false;
    const headerLine = doc.position(start).line;
    const raw = text
      .slice(headerEnd + 1, end)
      .split('\n')
      .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    while (raw.length > 0 && raw[raw.length - 1]!.trim() === '') raw.pop();
    const firstContent = raw.find((l) => l.trim() !== '');
    if (firstContent === undefined) return false;
    let indent = /^ */.exec(firstContent)![0].length;
    if (header[1] && /[1-9]/.test(header[1])) {
      // Explicit indentation: the value's first content line tells how much was kept.
      const firstValueLine = value.split('\n').find((l) => l.trim() !== '') ?? '';
      indent -= /^[ \t]*/.exec(firstValueLine)![0].length;
    }
    const body = raw.map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length)));
    body.forEach((l, i) => {
      const next = body[i + 1];
      const joins = folded && next !== undefined && l.trim() !== '' && next.trim() !== '' && !/^[ \t]/.test(l) && !/^[ \t]/.test(next);
      this.push(joins ? `${l} \\` : l, { line: headerLine + 1 + i, column: indent + 1, exact: true });
    });
    return true;
  }

  private push(line: string, origin: LineOrigin): void {
    this.lines.push(line);
    this.origins.push(origin);
    this.edits.push([]);
  }

  /** File position of a character of the (not yet substituted) script: 0-based line index and column. */
  fileSpanOfOriginal(lineIndex: number, col0: number): Span {
    const o = this.origins[lineIndex] ?? this.origins[this.origins.length - 1] ?? { line: 1, column: 1, exact: false };
    return { line: o.line, column: o.exact ? o.column + col0 : o.column };
  }

  /**
   * Replaces every match of `pattern` (global) on every line with `replace(match, lineIndex, col0)`;
   * returning undefined keeps the match. Columns after a replacement stay mapped to the file.
   */
  substitute(pattern: RegExp, replace: (m: RegExpExecArray, lineIndex: number, col0: number, line: string) => string | undefined): void {
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i]!;
      if (line.length > MAX_SUBSTITUTION_LINE) continue;
      pattern.lastIndex = 0;
      let out = '';
      let last = 0;
      let shift = 0;
      const edits: Edit[] = [];
      for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
        if (m[0].length === 0) {
          pattern.lastIndex++;
          continue;
        }
        const rep = replace(m, i, m.index, line);
        if (rep === undefined) continue;
        out += line.slice(last, m.index) + rep;
        edits.push({ at: m.index + shift, oldLen: m[0].length, newLen: rep.length });
        shift += rep.length - m[0].length;
        last = m.index + m[0].length;
      }
      if (edits.length === 0) continue;
      this.lines[i] = out + line.slice(last);
      this.edits[i] = edits;
    }
  }

  /** Maps a 1-based script position (after substitutions) to the file. */
  toFile(line: number, column: number): { line: number; column: number } {
    const idx = Math.min(Math.max(line, 1), this.lines.length) - 1;
    const o = this.origins[idx] ?? { line: 1, column: 1, exact: false };
    if (!o.exact) return { line: o.line, column: o.column };
    let c0 = Math.max(column - 1, 0);
    let shift = 0;
    for (const e of this.edits[idx] ?? []) {
      if (c0 >= e.at + e.newLen) shift += e.oldLen - e.newLen;
      else {
        if (c0 >= e.at) c0 = e.at;
        break;
      }
    }
    return { line: o.line, column: o.column + c0 + shift };
  }
}

/**
 * Whether position `col0` of `line` is inside a single-quoted shell string (on that line).
 * Double quotes and backslash escapes are honoured; quotes spanning lines are not followed.
 */
export function insideSingleQuotes(line: string, col0: number): boolean {
  let single = false;
  let double = false;
  for (let i = 0; i < col0 && i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && !single) i++;
    else if (ch === "'" && !double) single = !single;
    else if (ch === '"' && !single) double = !double;
  }
  return single;
}
