import type { AdapterContext, LanguageAdapter } from './adapter.js';
import type { SourceFile } from '../discover/source-file.js';
import { emptyFacts, type FileFacts } from '../facts/types.js';
import { mergeFacts } from './ci-yaml/shell-facts.js';
import { lex } from './lines/lexer.js';
import { scanLinesForFacts } from './lines/line-facts.js';
import { syntaxFor } from './lines/syntaxes.js';

// SQL files, dbt macros and models included. A stored procedure or function written in Python
// (`CREATE PROCEDURE … LANGUAGE PYTHON … AS $$ … $$` in Snowflake, Databricks SQL, `plpython`
// in Postgres) has its body read by the Python adapter, at the body's own lines, and so do the
// `%python` cells of a Databricks SQL notebook export; the rest of the file is read line by line. A dbt Cloud call in SQL runs inside the warehouse, started by a task
// or a schedule, so the file's role is `orchestrator`.

/** The language clause may come before the body (Snowflake, Databricks) or after it (Postgres). */
const PYTHON_LANGUAGE = /\blanguage\s+(?:python|plpython[0-9a-z]*)\b/i;
/**
 * Inside the arguments of a function that fetches: `http_get(`, `net.http_post(url := `,
 * `read_json_auto(`, an external function named for the API. A URL elsewhere in SQL is data.
 */
const REQUEST_FUNCTION = /\b[\w$.]*(?:http|request|fetch|api|url|read_json|read_csv|call)[\w$]*\s*\([^()]{0,200}$/i;
const isRequestArgument = (line: string, quoteAt: number): boolean => REQUEST_FUNCTION.test(line.slice(Math.max(0, quoteAt - 300), quoteAt));
const MAX_HEADER = 5_000;

interface Body {
  start: number;
  end: number;
  firstLine: number;
  lastLine: number;
}

function pythonBodies(text: string, code: string, bodies: readonly { start: number; end: number; quote: string }[]): Body[] {
  const out: Body[] = [];
  let prevEnd = 0;
  for (const b of bodies) {
    if (b.quote !== '$$') continue;
    const head = code.slice(Math.max(prevEnd, b.start - MAX_HEADER), b.start);
    const statementHead = head.slice(head.lastIndexOf(';') + 1);
    const tail = code.slice(b.end, b.end + 500);
    const statementTail = tail.slice(0, tail.indexOf(';') < 0 ? tail.length : tail.indexOf(';'));
    prevEnd = b.end;
    if (!PYTHON_LANGUAGE.test(statementHead) && !PYTHON_LANGUAGE.test(statementTail)) continue;
    const firstLine = lineOf(text, b.start);
    out.push({ start: b.start, end: b.end, firstLine, lastLine: firstLine + countLines(text, b.start, b.end) });
  }
  return out;
}

const lineOf = (text: string, offset: number): number => countLines(text, 0, offset) + 1;

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The body as a Python file of its own whose lines and columns are those of the SQL file. */
function paddedBody(text: string, body: Body): string {
  const lineStart = text.lastIndexOf('\n', body.start - 1) + 1;
  const firstRest = text.slice(body.start, text.indexOf('\n', body.start) < 0 ? body.end : Math.min(body.end, text.indexOf('\n', body.start)));
  // Code on the `$$` line itself keeps its column; an empty rest needs no indent (Python would object).
  const indent = firstRest.trim() === '' ? '' : ' '.repeat(body.start - lineStart);
  return '\n'.repeat(body.firstLine - 1) + indent + text.slice(body.start, body.end);
}

async function pythonFacts(file: SourceFile, text: string, ctx: AdapterContext): Promise<FileFacts> {
  const { adapter } = await import('./python.js');
  return adapter.extract({ path: file.path, absPath: file.absPath, text }, ctx);
}

// A Databricks SQL notebook exported as source: cells split by `-- COMMAND ----------`, and a
// cell starting `-- MAGIC %python` holds Python behind `-- MAGIC ` prefixes. Those lines, prefix
// removed, are one Python program at the notebook's own line numbers (columns shift by the prefix).
const NOTEBOOK_HEADER = /^\uFEFF?-- Databricks notebook source\s*$/m;
const CELL_BREAK = /^-- COMMAND -{3,}\s*$/;
const MAGIC = /^-- MAGIC ?(.*)$/;

function notebookPython(text: string): { program: string; lines: Set<number> } | undefined {
  if (!NOTEBOOK_HEADER.test(text.slice(0, 200))) return undefined;
  const lines = text.split('\n');
  const program: string[] = lines.map(() => '');
  const used = new Set<number>();
  let inPython = false;
  let cellStart = true;
  lines.forEach((raw, i) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (CELL_BREAK.test(l)) {
      inPython = false;
      cellStart = true;
      return;
    }
    const m = MAGIC.exec(l);
    if (cellStart && l.trim() !== '') {
      cellStart = false;
      inPython = m !== null && /^%python\b/.test(m[1]!.trim());
      if (inPython) used.add(i + 1);
      return;
    }
    if (inPython && m) {
      program[i] = m[1]!;
      used.add(i + 1);
    }
  });
  return used.size > 0 ? { program: program.join('\n'), lines: used } : undefined;
}

export const adapter: LanguageAdapter = {
  id: 'sql',
  async extract(file, ctx) {
    const facts = emptyFacts();
    const found = syntaxFor(file.path);
    if (!found) return facts;
    const { code, strings } = lex(file.text, found.syntax);
    const bodies = PYTHON_LANGUAGE.test(code) ? pythonBodies(file.text, code, strings) : [];
    const inBody = (line: number): boolean => bodies.some((b) => line >= b.firstLine && line <= b.lastLine);
    mergeFacts(facts, scanLinesForFacts(file.text, { ...found, skipLine: inBody, isRequestArgument }));
    for (const body of bodies) {
      try {
        mergeFacts(facts, await pythonFacts(file, paddedBody(file.text, body), ctx));
      } catch {
        facts.problems.push(`Python procedure body at line ${body.firstLine} could not be analysed`);
      }
    }
    const notebook = notebookPython(file.text);
    if (notebook) {
      try {
        const py = await pythonFacts(file, notebook.program, ctx);
        mergeFacts(facts, py);
        // A notebook is run by hand or by a Databricks job: the path decides, not the SQL rule below.
        if (py.role) facts.role = py.role;
      } catch {
        facts.problems.push('Python cells of the notebook could not be analysed');
      }
    }
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    if (!notebook && facts.callSites.length > 0) facts.role = 'orchestrator';
    return facts;
  },
};
