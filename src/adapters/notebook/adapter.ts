import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts, type Span } from '../../model/raw-facts.js';

// Jupyter notebooks: the code cells run through the Python extractor as one program, with
// positions mapped back to the .ipynb file; `!cmd` lines and `%%bash` cells go to the shell
// extractor. Outputs are ignored: they are not call sites (committed tokens in them are
// found by the core's literal scan).
export const adapter: LanguageAdapter = {
  id: 'notebook',
  async extract(file, ctx) {
    const [{ readNotebookCells, columnInFile }, { notebookProgram }, { extractPythonSource }, { extractShellScript }] = await Promise.all([
      import('../python/notebook-cells.js'),
      import('../python/notebook-source.js'),
      import('../python/extract.js'),
      import('../shell/script.js'),
    ]);
    const facts: FileFacts = emptyFacts();
    const read = readNotebookCells(file.text);
    if (read.errorLine !== undefined) facts.problems.push(`Notebook JSON error at line ${read.errorLine}; read the cells before it`);
    const program = notebookProgram(read.cells);
    const at = (line: number) => program.lineMap[line - 1];
    const mapPos = (line: number, col: number): Span => {
      const l = at(line);
      return l ? { line: l.line, column: columnInFile(l, col) } : { line, column: col };
    };
    if (program.python.trim() !== '') {
      const py = await extractPythonSource(program.python, { path: file.path, ctx, mapPos, mapLine: (line) => at(line)?.line ?? line });
      merge(facts, py);
      if (py.role) facts.role = py.role;
    }
    for (const { script, origin } of program.shell.slice(0, 500)) {
      try {
        merge(facts, await extractShellScript(script, origin, new Map()));
      } catch (e) {
        if (caughtExpected(e, isBudgetExceeded, isParseError))
          facts.problems.push(`Shell command at line ${origin.line} could not be read`);
      }
    }
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return facts;
  },
};

function merge(into: FileFacts, from: FileFacts): void {
  for (const x of from.callSites) into.callSites.push(x);
  for (const x of from.credentialSites) into.credentialSites.push(x);
  for (const x of from.definitions) into.definitions.push(x);
  for (const x of from.problems) into.problems.push(x);
}
