import { isBudgetExceeded, isExpectedIoError, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { AdapterContext } from '../adapter.js';
import { emptyFacts, type FileFacts, type Span } from '../../model/raw-facts.js';
import type { MapPos } from './credentials.js';
import { emitFacts, isOrchestratorModule } from './emit.js';
import { scanPythonLines } from './line-scan.js';
import { ModuleLoader, newBudget, PyModule } from './module.js';
import { shellCommandFacts, type EmbeddedShellCommand } from './shell-commands.js';
import { loadPythonParser, parsePythonLoaded } from './parser.js';
import { asksUserForToken } from '../../classify/entry-points.js';
import { runPathsFrom } from '../shared/ci-yaml/run-scripts.js';
import { addScriptEnv } from '../shared/ci-yaml/script-env.js';
import { scriptPathsRun } from '../shell/scripts-run.js';
import { folderOf } from '../repo-path.js';
import { databricksRunsAsImports } from './databricks-source.js';

// Python source -> facts: parse with tree-sitter, evaluate names across the file and the
// repository modules it imports, then report calls. Files too big to parse get a line scan.

const MAX_PARSE_BYTES = 2 * 1024 * 1024;
const MAX_LINE = 50_000;

export interface PythonSourceOptions {
  /** Repository path of the source (for resolving `from config import X`). */
  path: string;
  ctx?: AdapterContext;
  /** Maps a position in `text` to the reported file's own position (notebooks). */
  mapPos?: MapPos;
  /** Names the file in problem messages ("cell 3" for notebooks). */
  mapLine?: (line: number) => number;
}

const identity: MapPos = (line, col): Span => ({ line, column: col });

export async function extractPythonSource(written: string, opts: PythonSourceOptions): Promise<FileFacts> {
  const text = databricksRunsAsImports(written);
  const facts = emptyFacts();
  const mapPos = opts.mapPos ?? identity;
  const mapLine = opts.mapLine ?? ((l: number) => l);
  if (text.length > MAX_PARSE_BYTES || hasHugeLine(text)) {
    facts.problems.push(
      text.length > MAX_PARSE_BYTES
        ? 'Python source larger than 2 MB: scanned line by line only'
        : 'Python source with a line over 50,000 characters: scanned line by line only',
    );
    return withLineScan(facts, text, mapPos);
  }
  try {
    await loadPythonParser();
  } catch (e) {
    if (caughtExpected(e, isExpectedIoError)) facts.problems.push('Python parser could not be loaded: scanned line by line only');
    return withLineScan(facts, text, mapPos);
  }
  let module: PyModule;
  try {
    const parsed = parsePythonLoaded(text);
    if (!parsed) {
      facts.problems.push('Python parse took too long: scanned line by line only');
      return withLineScan(facts, text, mapPos);
    }
    if (parsed.errorLine !== undefined)
      facts.problems.push(`Python syntax error at line ${mapLine(parsed.errorLine)}; parsed with recovery`);
    const loader = new ModuleLoader(opts.ctx, parsePythonLoaded, newBudget(parsed.nodeCount));
    module = new PyModule(text, opts.path, parsed.root, loader, 0);
    module.warmUp();
  } catch (e) {
    if (caughtExpected(e, isParseError, isBudgetExceeded)) facts.problems.push('Python parse failed: scanned line by line only');
    return withLineScan(facts, text, mapPos);
  }
  let shellCommands: EmbeddedShellCommand[] = [];
  try {
    const found = emitFacts(module, mapPos);
    for (const x of found.callSites) facts.callSites.push(x);
    for (const x of found.credentialSites) facts.credentialSites.push(x);
    for (const x of found.definitions) facts.definitions.push(x);
    shellCommands = found.shellCommands;
    if (isOrchestratorModule(module)) facts.role = 'orchestrator';
    // Calls made with the token a page's user typed in run with whatever token each user has.
    else if (asksUserForToken(opts.path, text))
      for (const c of facts.callSites) if (!c.workflow && (c.credential?.source ?? 'unknown') === 'unknown') c.workflow = 'unknown';
  } catch (e) {
    if (caughtExpected(e, isBudgetExceeded)) facts.problems.push('Python analysis stopped early; results may be incomplete');
  }
  if (shellCommands.length > 0) {
    const shell = await shellCommandFacts(shellCommands);
    for (const x of shell.callSites) facts.callSites.push(x);
    for (const x of shell.credentialSites) facts.credentialSites.push(x);
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    if (opts.ctx) handEnvToScripts(facts, shellCommands, opts.path, opts.ctx);
  }
  return facts;
}

/**
 * The scripts a command run from here starts (a BashOperator's `python jobs/trigger.py`, a pod's
 * `cmds=["python", "/app/jobs/trigger.py"]`) read the tokens its environment gives them, as a CI
 * step's scripts do (src/scan/link-references.ts `linkScriptEnv`).
 */
function handEnvToScripts(facts: FileFacts, commands: readonly EmbeddedShellCommand[], path: string, ctx: AdapterContext): void {
  for (const command of commands.slice(0, 50)) {
    const handed = new Map([...command.env].filter(([, b]) => 'credential' in b));
    if (handed.size === 0) continue;
    const scripts = runPathsFrom(folderOf(path), scriptPathsRun(command.script, true), (p) => ctx.fileExists(p), true);
    for (const script of scripts) addScriptEnv(facts, script, handed);
  }
}

function withLineScan(facts: FileFacts, text: string, mapPos: MapPos): FileFacts {
  const scanned = scanPythonLines(text, mapPos);
  for (const x of scanned.callSites) facts.callSites.push(x);
  if (scanned.role) facts.role = scanned.role;
  return facts;
}

function hasHugeLine(text: string): boolean {
  if (text.length <= MAX_LINE) return false;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if ((end < 0 ? text.length : end) - start > MAX_LINE) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

/** Python written inside another file: where its first character sits there (1-based). */
export interface PythonFragment {
  text: string;
  line: number;
  column: number;
}

/**
 * Facts for Python embedded in another file (a Snowflake `CREATE PROCEDURE ... LANGUAGE PYTHON
 * AS $$ ... $$` body, a templated script), with positions in that file. `path` is the host
 * file's repository path (imports resolve from its folder).
 */
export function extractPythonFragment(fragment: PythonFragment, opts: { path: string; ctx?: AdapterContext }): Promise<FileFacts> {
  const { line, column } = fragment;
  const mapPos: MapPos = (l, c) => (l === 1 ? { line, column: column + c - 1 } : { line: line + l - 1, column: c });
  return extractPythonSource(fragment.text, { path: opts.path, ctx: opts.ctx, mapPos, mapLine: (l) => line + l - 1 });
}
