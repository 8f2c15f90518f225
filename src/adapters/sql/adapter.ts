import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import type { SourceFile } from '../../discover/source-file.js';
import { LineIndex } from '../../facts/location.js';
import { emptyFacts, type FileFacts, type RawCredential, type Span } from '../../model/raw-facts.js';
import { mergeFacts } from '../shared/embedded-shell/shell-facts.js';
import { lex } from '../shared/line-facts/lexer.js';
import { scanLinesForFacts } from '../shared/line-facts/line-facts.js';
import { syntaxFor } from '../shared/line-facts/syntaxes.js';

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
const isRequestArgument = (line: string, quoteAt: number): boolean =>
  REQUEST_FUNCTION.test(line.slice(Math.max(0, quoteAt - 300), quoteAt));
const MAX_HEADER = 5_000;

interface Body {
  start: number;
  end: number;
  firstLine: number;
  lastLine: number;
  /** Snowflake's `SECRETS = ('alias' = db.schema.secret_object)`: each alias with the object's name and place. */
  secrets: Map<string, { name: string; span: Span }>;
}

/** The `SECRETS = (...)` clause of a Snowflake procedure's header. */
const SECRETS_CLAUSE = /\bsecrets\s*=\s*\(([^()]{0,2000})\)/i;
/** One binding: `'alias' = db.schema.object`; the object may be quoted or built by Jinja (`{{ target.database }}.ops.x`). */
const SECRET_BINDING = /'([^'\n]{1,128})'\s*=\s*([^,)]+)/g;

/**
 * The secret objects a procedure binds to the aliases its Python reads
 * (`_snowflake.get_generic_secret_string('alias')`): the object's last name part is the secret's name.
 */
function secretBindings(head: string, headStart: number, index: LineIndex): Map<string, { name: string; span: Span }> {
  const out = new Map<string, { name: string; span: Span }>();
  const clause = SECRETS_CLAUSE.exec(head);
  if (!clause) return out;
  const clauseStart = clause.index + clause[0].indexOf('(') + 1;
  for (const b of clause[1]!.matchAll(SECRET_BINDING)) {
    const object = b[2]!.trimEnd();
    const last = /"?([A-Za-z_][\w$]*)"?$/.exec(object);
    if (!last) continue;
    const at = index.at(headStart + clauseStart + b.index + b[0].indexOf(b[2]!) + last.index);
    out.set(b[1]!, { name: last[1]!, span: { line: at.line, column: at.column } });
  }
  return out;
}

function pythonBodies(text: string, code: string, bodies: readonly { start: number; end: number; quote: string }[]): Body[] {
  const out: Body[] = [];
  const index = new LineIndex(text);
  let prevEnd = 0;
  for (const b of bodies) {
    if (b.quote !== '$$') continue;
    const headStart = Math.max(prevEnd, b.start - MAX_HEADER);
    const head = code.slice(headStart, b.start);
    const statementHead = head.slice(head.lastIndexOf(';') + 1);
    const statementStart = headStart + head.lastIndexOf(';') + 1;
    const tail = code.slice(b.end, b.end + 500);
    const statementTail = tail.slice(0, tail.indexOf(';') < 0 ? tail.length : tail.indexOf(';'));
    prevEnd = b.end;
    if (!PYTHON_LANGUAGE.test(statementHead) && !PYTHON_LANGUAGE.test(statementTail)) continue;
    const firstLine = lineOf(text, b.start);
    const secrets = secretBindings(statementHead, statementStart, index);
    out.push({ start: b.start, end: b.end, firstLine, lastLine: firstLine + countLines(text, b.start, b.end), secrets });
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
  const firstRest = text.slice(
    body.start,
    text.indexOf('\n', body.start) < 0 ? body.end : Math.min(body.end, text.indexOf('\n', body.start)),
  );
  // Code on the `$$` line itself keeps its column; an empty rest needs no indent (Python would object).
  const indent = firstRest.trim() === '' ? '' : ' '.repeat(body.start - lineStart);
  return '\n'.repeat(body.firstLine - 1) + indent + text.slice(body.start, body.end);
}

async function pythonFacts(file: SourceFile, text: string, ctx: AdapterContext): Promise<FileFacts> {
  const { adapter } = await import('../python/adapter.js');
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

/**
 * A secret the body reads by its alias is the secret object the header binds to it: named by the
 * object and placed where the binding is written, as the credential a CI secret reference is.
 */
function nameBoundSecrets(facts: FileFacts, body: Body): void {
  if (body.secrets.size === 0) return;
  const rename = (c: RawCredential | undefined): void => {
    const bound = c?.source === 'secret' && c.name !== undefined ? body.secrets.get(c.name) : undefined;
    if (!c || !bound) return;
    c.name = bound.name;
    c.span = { ...bound.span };
  };
  for (const c of facts.callSites) rename(c.credential);
  for (const c of facts.credentialSites) rename(c.credential);
  for (const d of facts.definitions) rename(d.credential);
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
        const py = await pythonFacts(file, paddedBody(file.text, body), ctx);
        nameBoundSecrets(py, body);
        mergeFacts(facts, py);
      } catch (e) {
        if (caughtExpected(e, isBudgetExceeded, isParseError))
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
      } catch (e) {
        if (caughtExpected(e, isBudgetExceeded, isParseError)) facts.problems.push('Python cells of the notebook could not be analysed');
      }
    }
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    if (!notebook && facts.callSites.length > 0) facts.role = 'orchestrator';
    return facts;
  },
};
