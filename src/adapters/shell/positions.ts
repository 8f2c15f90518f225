import { LineIndex } from '../../facts/location.js';
import type { Span } from '../../model/raw-facts.js';
import type { ScriptOrigin } from './script.js';

/**
 * Turns offsets in an embedded script into the host file's own 1-based line and column.
 * Offsets are UTF-16 indices (what web-tree-sitter's `startIndex` and JS strings use).
 */
export class ScriptPositions {
  private readonly index: LineIndex;

  constructor(
    text: string,
    private readonly origin: ScriptOrigin,
  ) {
    this.index = new LineIndex(text);
  }

  span(offset: number): Span {
    const { line, column } = this.index.at(offset);
    return {
      line: this.origin.line + line - 1,
      column: line === 1 ? this.origin.column + column - 1 : column + (this.origin.indent ?? 0),
    };
  }
}
