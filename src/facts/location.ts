import type { Span } from '../model/raw-facts.js';

/**
 * Offset -> 1-based line/column for one text: the one place where off-by-one is handled.
 * Offsets and columns count UTF-16 code units (JS string indices, web-tree-sitter's
 * `startIndex`, `yaml` node ranges); only `\n` breaks lines, so `\r\n` counts once. Line starts
 * are found on first use, in one pass: a 20 MB single-line file costs one array entry.
 */
/** 1-based line of a 0-based offset, given the offsets where lines start (sorted, the first 0). */
export function lineOfOffset(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const s = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) s.push(i + 1);
      this.starts = s;
    }
    return this.starts;
  }

  /** 1-based line and column of a 0-based offset. */
  at(offset: number): { line: number; column: number } {
    const s = this.lineStarts();
    const line = lineOfOffset(s, offset);
    return { line, column: offset - s[line - 1]! + 1 };
  }

  span(start: number, end: number): Span {
    const a = this.at(start);
    const b = this.at(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The text of a 1-based line, without its line break; '' past the end. */
  lineText(line: number): string {
    const s = this.lineStarts();
    const start = s[line - 1];
    if (start === undefined) return '';
    const next = s[line];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}
