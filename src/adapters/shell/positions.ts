import type { Span } from '../../facts/types.js';
import type { ScriptOrigin } from './script.js';

/**
 * Turns offsets in an embedded script into the host file's own 1-based line and column.
 * Offsets are UTF-16 indices (what web-tree-sitter's `startIndex` and JS strings use).
 */
export class ScriptPositions {
  private readonly lineStarts: number[] = [0];

  constructor(text: string, private readonly origin: ScriptOrigin) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Script line (0-based) holding `offset`, by binary search. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  span(offset: number): Span {
    const k = this.lineOf(offset);
    const col = offset - this.lineStarts[k]!;
    return {
      line: this.origin.line + k,
      column: k === 0 ? this.origin.column + col : col + 1 + (this.origin.indent ?? 0),
    };
  }
}
