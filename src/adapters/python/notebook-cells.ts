import { isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import { LineIndex } from '../../facts/location.js';

// Reads a Jupyter notebook's code cells together with where each source line sits in the
// .ipynb file. A small iterative JSON scanner (no recursion, no full value tree) keeps the
// offsets of the strings it needs; outputs are skipped. On malformed JSON it keeps the cells
// read so far.

export interface SourceLine {
  text: string;
  /** 1-based line and column of the line's first character in the notebook file. */
  line: number;
  col: number;
  /** Escapes in the JSON text: at decoded index `at`, the raw text is `extra` characters longer. */
  shifts?: { at: number; extra: number }[];
}

/** The notebook column of character `col` (1-based) of a source line. */
export function columnInFile(l: SourceLine, col: number): number {
  let extra = 0;
  for (const s of l.shifts ?? []) {
    if (s.at >= col - 1) break;
    extra += s.extra;
  }
  return l.col + col - 1 + extra;
}

export interface NotebookCell {
  index: number;
  cellType?: string;
  lines: SourceLine[];
}

export interface NotebookRead {
  cells: NotebookCell[];
  /** 1-based line of a JSON syntax error, when there was one. */
  errorLine?: number;
}

type Key = string | number;
interface Frame {
  type: 'o' | 'a';
  key: string | undefined;
  idx: number;
  expect: 'key' | 'colon' | 'value' | 'comma' | 'first';
}

/** Decoded pieces of one JSON string, each starting a line, with its raw offset. */
interface Piece {
  text: string;
  offset: number;
  /** The piece ended with a newline character. */
  endsLine: boolean;
  shifts: { at: number; extra: number }[];
}

export function readNotebookCells(text: string): NotebookRead {
  const lineIndex = new LineIndex(text);
  const cells = new Map<string, NotebookCell>();
  const pending = new Map<string, Piece[]>();
  const stack: Frame[] = [];
  let i = 0;
  let errorAt: number | undefined;
  let done = false;
  const n = text.length;

  const fail = (at: number): void => {
    errorAt = at;
  };

  while (errorAt === undefined && !done) {
    i = skipWs(text, i);
    if (i >= n) {
      if (stack.length > 0) fail(n);
      break;
    }
    const top = stack[stack.length - 1];
    const ch = text[i]!;
    if (top?.type === 'o' && top.expect !== 'value') {
      if (top.expect === 'key') {
        if (ch === '}') {
          stack.pop();
          afterValue();
          i++;
          continue;
        }
        if (ch !== '"') {
          fail(i);
          break;
        }
        const end = stringEnd(text, i);
        if (end < 0) {
          fail(i);
          break;
        }
        top.key = decodeSimple(text.slice(i + 1, end));
        top.expect = 'colon';
        i = end + 1;
        continue;
      }
      if (top.expect === 'colon') {
        if (ch !== ':') {
          fail(i);
          break;
        }
        top.expect = 'value';
        i++;
        continue;
      }
      // comma
      if (ch === ',') {
        top.expect = 'key';
        i++;
        continue;
      }
      if (ch === '}') {
        stack.pop();
        afterValue();
        i++;
        continue;
      }
      fail(i);
      break;
    }
    if (top?.type === 'a' && top.expect === 'comma') {
      if (ch === ',') {
        top.idx++;
        top.expect = 'value';
        i++;
        continue;
      }
      if (ch === ']') {
        stack.pop();
        afterValue();
        i++;
        continue;
      }
      fail(i);
      break;
    }
    if (top?.type === 'a' && top.expect === 'first' && ch === ']') {
      stack.pop();
      afterValue();
      i++;
      continue;
    }
    // A value.
    if (ch === '{') {
      stack.push({ type: 'o', key: undefined, idx: 0, expect: 'key' });
      i++;
      continue;
    }
    if (ch === '[') {
      stack.push({ type: 'a', key: undefined, idx: 0, expect: 'first' });
      i++;
      continue;
    }
    if (ch === '"') {
      const end = stringEnd(text, i);
      if (end < 0) {
        fail(i);
        break;
      }
      onString(i, end);
      i = end + 1;
      afterValue();
      continue;
    }
    const lit = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(text.slice(i, i + 40));
    if (!lit) {
      fail(i);
      break;
    }
    i += lit[0].length;
    afterValue();
  }

  function afterValue(): void {
    const top = stack[stack.length - 1];
    if (!top) {
      done = true;
      return;
    }
    top.expect = 'comma';
  }

  function path(): Key[] | undefined {
    if (stack.length > 6) return undefined;
    return stack.map((f) => (f.type === 'o' ? (f.key ?? '') : f.idx));
  }

  function onString(start: number, end: number): void {
    const p = path();
    if (!p) return;
    const where = cellPath(p);
    if (!where) return;
    const cell = cells.get(where.cellKey) ?? { index: cells.size, lines: [] };
    cells.set(where.cellKey, cell);
    if (where.field === 'cell_type') {
      cell.cellType = decodeSimple(text.slice(start + 1, end));
      return;
    }
    const pieces = pending.get(where.cellKey) ?? [];
    pending.set(where.cellKey, pieces);
    if (pieces.length < 200_000) for (const piece of decodePieces(text, start + 1, end)) pieces.push(piece);
  }

  const out: NotebookCell[] = [];
  for (const [key, cell] of cells) {
    cell.lines = piecesToLines(pending.get(key) ?? [], lineIndex);
    out.push(cell);
  }
  return { cells: out, errorLine: errorAt === undefined ? undefined : lineIndex.at(errorAt).line };
}

/** `cells[i].source[j]`, `cells[i].cell_type`, and nbformat 3 `worksheets[w].cells[i].input`. */
function cellPath(p: Key[]): { cellKey: string; field: 'source' | 'cell_type' } | undefined {
  let rest: Key[];
  let prefix: string;
  if (p[0] === 'cells' && typeof p[1] === 'number') {
    prefix = `c${p[1]}`;
    rest = p.slice(2);
  } else if (p[0] === 'worksheets' && typeof p[1] === 'number' && p[2] === 'cells' && typeof p[3] === 'number') {
    prefix = `w${p[1]}c${p[3]}`;
    rest = p.slice(4);
  } else return undefined;
  if (rest[0] === 'cell_type' && rest.length === 1) return { cellKey: prefix, field: 'cell_type' };
  if ((rest[0] === 'source' || rest[0] === 'input') && (rest.length === 1 || (rest.length === 2 && typeof rest[1] === 'number'))) {
    return { cellKey: prefix, field: 'source' };
  }
  return undefined;
}

function skipWs(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** Offset of the closing quote of the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let bs = 0;
    for (let k = q - 1; k > start && text.charCodeAt(k) === 92; k--) bs++;
    if (bs % 2 === 0) return q;
    i = q + 1;
  }
}

function decodeSimple(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch (e) {
    caughtExpected(e, isParseError);
    return raw;
  }
}

/** Decodes a JSON string body into pieces that each start a line. */
function decodePieces(text: string, start: number, end: number): Piece[] {
  const pieces: Piece[] = [];
  let cur = '';
  let curStart = start;
  let shifts: Piece['shifts'] = [];
  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (c !== '\\') {
      cur += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    let decoded: string;
    let len = 2;
    switch (e) {
      case 'n':
        decoded = '\n';
        break;
      case 't':
        decoded = '\t';
        break;
      case 'r':
        decoded = '\r';
        break;
      case 'b':
        decoded = '\b';
        break;
      case 'f':
        decoded = '\f';
        break;
      case 'u': {
        const hex = text.slice(i + 2, i + 6);
        decoded = /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : '';
        len = 6;
        break;
      }
      default:
        decoded = e ?? '';
    }
    i += len;
    if (decoded === '\n') {
      pieces.push({ text: cur, offset: curStart, endsLine: true, shifts });
      cur = '';
      curStart = i;
      shifts = [];
    } else {
      if (shifts.length < 1000) shifts.push({ at: cur.length, extra: len - decoded.length });
      cur += decoded;
    }
  }
  pieces.push({ text: cur, offset: curStart, endsLine: false, shifts });
  return pieces;
}

/** Joins pieces into source lines; a line continued over two array elements keeps its first position. */
function piecesToLines(pieces: Piece[], index: LineIndex): SourceLine[] {
  const lines: SourceLine[] = [];
  let open: SourceLine | undefined;
  for (const p of pieces) {
    if (open) open.text += p.text;
    else if (p.text !== '' || p.endsLine) {
      const pos = index.at(p.offset);
      open = { text: p.text, line: pos.line, col: pos.column };
      if (p.shifts.length > 0) open.shifts = p.shifts;
    }
    if (p.endsLine && open) {
      lines.push(open);
      open = undefined;
    }
  }
  if (open) lines.push(open);
  return lines;
}
