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
/** A Databricks cell's language: `%sh` is a shell cell; `%sql`, `%md`, `%scala`, `%r` are not Python. */
const DATABRICKS_CELL_MAGIC = /^\s*%(sh|sql|md|scala|r)(\s.*)?$/;

export function notebookProgram(cells: NotebookCell[]): NotebookProgram {
  const lines: string[] = [];
  const lineMap: SourceLine[] = [];
  const shell: NotebookProgram['shell'] = [];
  for (const cell of cells) {
    if (cell.cellType !== undefined && cell.cellType !== 'code') continue;
    const first = cell.lines.findIndex((l) => l.text.trim() !== '');
    // Databricks writes a cell's language with one `%` (`%sh`, `%sql`, `%md`) on the cell's first line.
    const magic =
      first >= 0 ? (/^\s*%%(\w+)(.*)$/.exec(cell.lines[first]!.text) ?? DATABRICKS_CELL_MAGIC.exec(cell.lines[first]!.text)) : null;
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
        const env = m?.[2] === '%' ? envMagic(l, m[1]!.length) : undefined;
        if (env) {
          lines.push(env.text);
          lineMap.push(env.line);
          return;
        }
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

/**
 * `%env NAME=value`, `%env NAME value`, `%set_env NAME=value`: the notebook sets an environment
 * variable that later cells read. Given to the Python extractor as the assignment it is,
 * `os.environ["NAME"] = "value"`, with the value at its own column in the notebook. IPython
 * keeps quotes around the value; taken off, they are how people write it. A value with quotes or
 * backslashes inside, or `$`/`{}` expansions, is left alone (IPython would expand them).
 */
const ENV_MAGIC = /^%(?:set_)?env[ \t]+([A-Za-z_]\w{0,200})(?:[ \t]*=[ \t]*|[ \t]+)(["']?)([^"'\\${}\s]+)\2[ \t]*$/;

function envMagic(l: SourceLine, indent: number): { text: string; line: SourceLine } | undefined {
  const m = ENV_MAGIC.exec(l.text.slice(indent));
  if (!m) return undefined;
  const value = m[3]!;
  const valueAt = indent + m[0].indexOf(m[2]! + value, m[0].indexOf(m[1]!) + m[1]!.length) + m[2]!.length;
  const head = `import os; os.environ["${m[1]}"] = "`;
  // Each character of the value is `delta` characters further in the notebook line than here.
  const delta = valueAt - head.length;
  const shifts = [{ at: head.length - 1, extra: delta }, ...(l.shifts ?? []).map((s) => ({ at: s.at - delta, extra: s.extra }))];
  return { text: `${head}${value}"`, line: { ...l, shifts } };
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
