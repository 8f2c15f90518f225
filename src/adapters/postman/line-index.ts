import type { Span } from '../../facts/types.js';

/**
 * Offset -> 1-based line/column for one text. Columns count UTF-16 code units, like the
 * tree-sitter and `yaml` positions the other adapters report. Built once per file: a 20 MB
 * single-line file costs one pass and one array entry.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  span(offset: number): Span {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  range(start: number, end: number): Span {
    const a = this.span(start);
    const b = this.span(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}
