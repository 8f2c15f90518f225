import type { ScriptOrigin } from '../shell/script.js';

// A Databricks notebook exported as Python source (`# Databricks notebook source`, cells split by
// `# COMMAND ----------`): a cell in another language is written as comments, each line behind
// `# MAGIC `. A `%sh` cell is a shell script the notebook runs, at these lines of the file.

const HEADER = /^\uFEFF?# Databricks notebook source[ \t]*\r?$/m;
const SEPARATOR = /^# COMMAND -{5,}[ \t]*\r?$/;
const MAGIC_LINE = /^# MAGIC ?(.*?)\r?$/;

/** The `%sh` cells of a Databricks source export, as scripts with where each sits in the file. */
export function databricksShellCells(text: string): { script: string; origin: ScriptOrigin }[] {
  if (!HEADER.test(text.slice(0, 200))) return [];
  const out: { script: string; origin: ScriptOrigin }[] = [];
  const lines = text.split('\n');
  let cell: { first: number; body: string[] } | undefined;
  const close = (): void => {
    // `# MAGIC %sh` then the body, each line behind the 8-character prefix.
    if (cell && cell.body.length > 1 && /^%sh(?:\s|$)/.test(cell.body[0]!))
      out.push({ script: cell.body.slice(1).join('\n'), origin: { line: cell.first + 2, column: 9, indent: 8 } });
    cell = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (SEPARATOR.test(line)) {
      close();
      continue;
    }
    const magic = MAGIC_LINE.exec(line);
    if (!magic) {
      // A Python line ends a run of magic lines; a blank one between cells does not.
      if (line.trim() !== '') close();
      continue;
    }
    if (!cell) cell = { first: i, body: [] };
    if (cell.first + cell.body.length !== i) {
      close();
      cell = { first: i, body: [] };
    }
    cell.body.push(magic[1]!);
  }
  close();
  return out;
}
