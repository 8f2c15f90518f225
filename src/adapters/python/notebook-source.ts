import type { ScriptOrigin } from '../shell/script.js';
import type { NotebookCell, SourceLine } from './notebook-cells.js';

// Turns a notebook's code cells into one Python program (so names defined in one cell are
// known in the next) plus the shell commands of `!cmd` lines and `%%bash` cells. IPython
// syntax is blanked out line by line, so line numbers keep mapping back to the notebook.

export interface NotebookProgram {
  python: string;
  /** Notebook position of each program line (index = program line - 1). */
  lineMap: SourceLine[];
  shell: { script: string; origin: ScriptOrigin }[];
}

/** Cell magics whose body is still Python. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'px', 'memit', 'snakeviz']);
const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'system', 'script']);

export function notebookProgram(cells: NotebookCell[]): NotebookProgram {
  const lines: string[] = [];
  const lineMap: SourceLine[] = [];
  const shell: NotebookProgram['shell'] = [];
  for (const cell of cells) {
    if (cell.cellType !== undefined && cell.cellType !== 'code') continue;
    const first = cell.lines.findIndex((l) => l.text.trim() !== '');
    const magic = first >= 0 ? /^\s*%%(\w+)(.*)$/.exec(cell.lines[first]!.text) : null;
    let blankAll = false;
    if (magic) {
      const name = magic[1]!;
      const args = magic[2] ?? '';
      if (SHELL_CELL_MAGICS.has(name) && (name !== 'script' || /\b(ba|z)?sh\b/.test(args))) {
        shell.push(...shellCell(cell.lines.slice(first + 1)));
        blankAll = true;
      } else if (!PYTHON_CELL_MAGICS.has(name)) blankAll = true;
    }
    cell.lines.forEach((l, i) => {
      let code = l.text;
      if (blankAll || (magic && i === first)) code = '';
      else {
        const m = /^(\s*)([!%])(.*)$/.exec(code);
        // `files = !ls` and `%time`-style assignments, `obj?` help: IPython, not Python.
        if (!m && (/^\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*[!%]/.test(code) || /^\s*[\w.()[\]]+\?{1,2}\s*$/.test(code))) code = '';
        if (m) {
          if (m[2] === '!' && m[3]!.trim() !== '') {
            const lead = m[3]!.length - m[3]!.trimStart().length;
            shell.push({ script: m[3]!.trim(), origin: { line: l.line, column: l.col + m[1]!.length + 1 + lead } });
          }
          code = '';
        }
      }
      lines.push(code);
      lineMap.push(l);
    });
  }
  return { python: lines.join('\n'), lineMap, shell };
}

/** A `%%bash` body: one script when its lines sit on consecutive notebook lines, else line by line. */
function shellCell(body: SourceLine[]): NotebookProgram['shell'] {
  if (body.length === 0) return [];
  const first = body[0]!;
  const aligned = body.every((l, i) => l.line === first.line + i && l.col === first.col);
  if (aligned)
    return [{ script: body.map((l) => l.text).join('\n'), origin: { line: first.line, column: first.col, indent: first.col - 1 } }];
  return body.filter((l) => l.text.trim() !== '').map((l) => ({ script: l.text, origin: { line: l.line, column: l.col } }));
}
