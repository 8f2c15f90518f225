import type { Node } from 'web-tree-sitter';
import { emptyFacts, type FileFacts, type RawCredential, type Span } from '../../model/raw-facts.js';
import type { EnvBinding } from '../shared/values/binding.js';
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

/** A shell variable in a URL (`$X`, `${X}`). */
export const SHELL_VARIABLE = /\$\{?([A-Za-z_]\w*)\}?/g;

/**
 * The variable an inline Python call's token is, as the script sees it: `os.environ["X"]` reads
 * what the script or its file binds X to (a step's `env:`), as `$X` does; a literal `$X` is X when
 * the shell expands the code, and a CI expression (`${{ secrets.X }}`) always is.
 */
export function shellVariableOf(credential: RawCredential | undefined, expands: boolean): string | undefined {
  if (credential?.source === 'env') return credential.name;
  const m = credential?.source === 'literal' ? /^\$\{?([A-Za-z_]\w*)\}?$/.exec(credential.value?.trim() ?? '') : null;
  return m && (expands || m[1]!.startsWith('__ci')) ? m[1] : undefined;
}

/**
 * Facts of a CI step's body that runs as Python (GitHub's `shell: python`): positions through
 * `toFile`, and `os.environ["X"]` or a masked CI expression (`${{ secrets.X }}`) what `env` binds.
 */
export async function pythonBodyFacts(
  text: string,
  toFile: (line: number, column: number) => Span,
  env: ReadonlyMap<string, EnvBinding>,
): Promise<FileFacts> {
  const out = emptyFacts();
  if (!MAY_CALL.test(text)) return out;
  const { extractPythonSource } = await import('../python/extract.js');
  const facts = await extractPythonSource(text, { path: '', mapPos: toFile, mapLine: (l) => toFile(l, 1).line });
  for (const c of facts.callSites) {
    // A `${X}` in the body is a CI expression the step's substitution named X (Python expands nothing).
    const name = shellVariableOf(c.credential, true);
    const bound = name === undefined ? undefined : env.get(name);
    if (bound && 'credential' in bound) c.credential = { ...bound.credential };
  }
  out.callSites.push(...facts.callSites);
  out.credentialSites.push(...facts.credentialSites);
  return out;
}
