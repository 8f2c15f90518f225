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

/** `# MAGIC %run ./_config`, `# MAGIC %run ../shared/settings`: a notebook of the repository, relative to this one. */
const RUN_LINE = /^# MAGIC %run[ \t]+((?:\.\.?\/)+(?:[A-Za-z_]\w*\/)*[A-Za-z_]\w*)(?:\.py)?[ \t]*$/gm;

/**
 * The source with each `%run` of a sibling notebook written, in place and at the same length, as
 * the star import it amounts to: Databricks runs that notebook in this one's namespace, so its
 * names (`DBT_CLOUD_TOKEN = dbutils.secrets.get(…)`) are this notebook's. `./_config` becomes
 * `from ._config import *`, `../shared/x` `from ..shared.x import *`.
 */
export function databricksRunsAsImports(text: string): string {
  if (!HEADER.test(text.slice(0, 200)) || !text.includes('%run')) return text;
  return text.replace(RUN_LINE, (line, path: string) => {
    const ups = /^(?:\.\.?\/)+/.exec(path)![0];
    const level = 1 + (ups.match(/\.\.\//g)?.length ?? 0);
    const statement = `from ${'.'.repeat(level)}${path.slice(ups.length).replace(/\//g, '.')} import *`;
    return statement.length <= line.length ? statement.padEnd(line.length) : line;
  });
}
