import type { Node } from 'web-tree-sitter';
import type { FileFacts, Span } from '../../model/raw-facts.js';
import { invocationOf, type ProgramFilter } from './invocation.js';
import type { ScriptPositions } from './positions.js';
import { childrenOf } from './words.js';
import { literalText } from '../shared/values/parts.js';

// Python a script runs inline: `python - <<'EOF' … EOF` (stdin from a here-document) and
// `python -c '…'`. Such code is read by the Python reader, at the script's own positions, so a
// CI step's `requests.post("https://cloud.getdbt.com/api/v2/…")` is a call where it is written.
// A body the shell expands first (an unquoted delimiter, a double-quoted `-c`) is read as written,
// its `$VAR`s left for the caller to resolve (`expands`); one with a command substitution is not
// what Python runs, and is not read.

const PYTHON: ProgramFilter = { has: (name) => /^python(?:\d+(?:\.\d+)?)?$/.test(name) };

/** What a fragment may say for the Python reader to be worth loading (cheap test first). */
const MAY_CALL = /https?:|getdbt|dbt\.com|dbt[\w-]*cloud|api\/v[234]/i;
/** A command substitution, or a backslash the shell's double quotes would take away. */
const SHELL_REWRITES = /\$\(|`/;
const DOUBLE_QUOTE_REWRITES = /\$\(|`|\\/;

interface InlinePython {
  /** The code as Python reads it, but for the variables the shell expands. */
  text: string;
  /** Offset of its first character in the script. */
  offset: number;
  /** The shell expands `$VAR` in it before Python runs it. */
  expands: boolean;
}

/** The Python bodies the script's `python` commands run inline. */
export function inlinePython(commands: readonly Node[]): InlinePython[] {
  const out: InlinePython[] = [];
  for (const node of commands) {
    const name = node.childForFieldName('name');
    if (!name || !/python/.test(name.text)) continue;
    const inv = invocationOf(node, PYTHON);
    if (!inv) continue;
    const code =
      dashC(node) ??
      stdinHeredoc(
        node,
        inv.args.map((w) => literalText(w)),
      );
    if (code && MAY_CALL.test(code.text)) out.push(code);
  }
  return out;
}

/** `python -c 'code'` (or double-quoted: the shell expands its variables first). */
function dashC(command: Node): InlinePython | undefined {
  const args = command.childrenForFieldName('argument').filter((a): a is Node => a !== null);
  const at = args.findIndex((a) => a.text === '-c');
  const code = at >= 0 ? args[at + 1] : undefined;
  if (!code || code.text.length < 2) return undefined;
  const text = code.text.slice(1, -1);
  if (code.type === 'raw_string') return { text, offset: code.startIndex + 1, expands: false };
  if (code.type === 'string' && !DOUBLE_QUOTE_REWRITES.test(text)) return { text, offset: code.startIndex + 1, expands: true };
  return undefined;
}

/**
 * `python <<'EOF'` or `python - <<'EOF'`: Python reads its program from the here-document when
 * no script is named (`-` or nothing but options).
 */
function stdinHeredoc(command: Node, args: readonly (string | undefined)[]): InlinePython | undefined {
  if (args.some((a) => a === undefined || (a !== '-' && !a.startsWith('-')))) return undefined;
  const parent = command.parent;
  if (parent?.type !== 'redirected_statement') return undefined;
  for (const r of childrenOf(parent)) {
    if (r.type !== 'heredoc_redirect') continue;
    const start = childrenOf(r).find((c) => c.type === 'heredoc_start');
    const body = childrenOf(r).find((c) => c.type === 'heredoc_body');
    if (!start || !body) return undefined;
    const expands = !/^['"\\]/.test(start.text);
    if (expands && SHELL_REWRITES.test(body.text)) return undefined;
    return { text: body.text, offset: body.startIndex, expands };
  }
  return undefined;
}

/** Facts of the script's inline Python, at the script's own positions in its file. */
export async function inlinePythonFacts(
  fragments: readonly InlinePython[],
  pos: ScriptPositions,
): Promise<{ facts: FileFacts; fragment: InlinePython }[]> {
  const { extractPythonSource } = await import('../python/extract.js');
  const out: { facts: FileFacts; fragment: InlinePython }[] = [];
  for (const f of fragments) {
    const starts = [0];
    for (let i = f.text.indexOf('\n'); i >= 0; i = f.text.indexOf('\n', i + 1)) starts.push(i + 1);
    const mapPos = (line: number, column: number): Span => pos.span(f.offset + (starts[line - 1] ?? 0) + column - 1);
    out.push({ facts: await extractPythonSource(f.text, { path: '', mapPos, mapLine: (l) => mapPos(l, 1).line }), fragment: f });
  }
  return out;
}
