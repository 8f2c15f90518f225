import type { Parser as TsParser } from 'web-tree-sitter';
import { LineIndex } from '../../facts/location.js';
import { loadParser, parseWithin } from '../tree-sitter.js';
import { pastDeadline } from '../extraction-limits.js';
import { type TreeWalk, walkTree } from '../tree-walk.js';
import type { PyNode } from './syntax-tree.js';

// The Python grammar is loaded on first use and once per process: loading the registry or
// scanning a repository without Python files costs nothing. Once loaded, parsing is synchronous
// (the module loader parses imported files while it evaluates).

let parserReady: TsParser | undefined;

/** Parse time budget per file; tree-sitter is linear, this only guards pathological input. */
const PARSE_BUDGET_MS = 20_000;

export async function loadPythonParser(): Promise<TsParser> {
  parserReady = await loadParser('tree-sitter-python', 'tree-sitter-python.wasm');
  return parserReady;
}

export interface ParsedPython {
  root: PyNode;
  /** 1-based line of the first syntax error, when the parser had to recover. */
  errorLine?: number;
  nodeCount: number;
}

/**
 * Parses with the already loaded parser (call `loadPythonParser` first) and copies the tree
 * into plain objects. Comments are dropped: they are never call sites. Returns undefined when
 * parsing was cancelled.
 */
export function parsePythonLoaded(text: string): ParsedPython | undefined {
  const parser = parserReady;
  if (!parser) throw new Error('Python parser not loaded');
  const tree = parseWithin(parser, quoteFillIns(text), PARSE_BUDGET_MS);
  if (!tree) return undefined;
  try {
    // Copying a big tree costs about what parsing it did: past the file's budget it is not done.
    return pastDeadline() ? undefined : copyTree(tree, text);
  } finally {
    tree.delete();
  }
}

/**
 * `ACCOUNT_ID = <your account id>`: a sample script's fill-in, which is not Python. Parsed as it
 * stands, the error swallows the statements after it (the token read on the next line). Each such
 * value is parsed as a string (its `<` and `>` read as quotes: the same offsets), and the evaluator
 * reads it back as the fill-in it is (module.ts). Only a whole assignment's value: `<` in a
 * comparison or inside a string is left alone.
 */
const FILL_IN_ASSIGNMENT =
  /^([ \t]*[A-Za-z_][\w.]*(?:\[[^\]\n]{0,80}\])?[ \t]*(?::[^=\n]{1,80})?=[ \t]*)<([^<>"'\n]{1,80})>(?=[ \t]*(?:#[^\n]*)?$)/gm;

export const quoteFillIns = (text: string): string =>
  text.includes('<') ? text.replace(FILL_IN_ASSIGNMENT, (_m, lead: string, body: string) => `${lead}"${body}"`) : text;

/** Nodes whose `operator` token the evaluator reads. */
const OPERATOR_PARENTS = new Set([
  'binary_operator',
  'boolean_operator',
  'augmented_assignment',
  'comparison_operator',
  'unary_operator',
  'not_operator',
]);

type TsTree = NonNullable<ReturnType<TsParser['parse']>>;

/**
 * Copies named nodes and field-tagged tokens. Reads only type id, field id and offsets from
 * the cursor (each read crosses into wasm) and computes line/column in JavaScript from the
 * start offsets.
 */
function copyTree(tree: TsTree, text: string): ParsedPython | undefined {
  const language = tree.language;
  const types = language.types;
  const fields = language.fields;
  const named = namedTypes(language);
  const commentId = language.idForNodeType('comment', true);
  const errorId = 65535;

  const lines = new LineIndex(text);

  const walk = walkTree(tree);
  const root: PyNode = {
    type: types[walk.nodeTypeId()] ?? 'ERROR',
    named: true,
    start: walk.startIndex(),
    end: walk.endIndex(),
    line: 1,
    col: 1,
    children: [],
  };
  let errorLine: number | undefined;
  let nodeCount = 1;
  const stack: (PyNode | undefined)[] = [root];
  const visit = (): PyNode | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent) return undefined;
    const typeId = walk.nodeTypeId();
    if (typeId === commentId) return undefined;
    const type = types[typeId] ?? 'ERROR';
    const isNamed = type === 'ERROR' || typeId === errorId || named[typeId] === true;
    // Tokens matter only as operators; skipping the others saves a wasm call per token.
    if (!isNamed && !OPERATOR_PARENTS.has(parent.type)) return undefined;
    const fieldId = walk.fieldId();
    const field = fieldId ? (fields[fieldId] ?? undefined) : undefined;
    if (!isNamed && !field) return undefined;
    const start = walk.startIndex();
    const { line, column: col } = lines.at(start);
    if (errorLine === undefined && type === 'ERROR') errorLine = line;
    const node: PyNode = { type, named: isNamed, start, end: walk.endIndex(), line, col, children: [], parent };
    if (field) node.field = field;
    parent.children.push(node);
    nodeCount++;
    return node;
  };
  // No other call into the runtime while the walk is open (tree-walk.ts): the error look comes after.
  try {
    if (!walkAll(walk, stack, visit, () => (nodeCount & 4095) === 0 && pastDeadline())) return undefined;
  } finally {
    walk.delete();
  }
  if (errorLine === undefined && tree.rootNode.hasError) errorLine = firstMissingLine(tree);
  return { root, errorLine, nodeCount };
}

/** Visits every node depth-first; false when `stop` said to stop. */
function walkAll(walk: TreeWalk, stack: (PyNode | undefined)[], visit: () => PyNode | undefined, stop: () => boolean): boolean {
  for (;;) {
    if (stop()) return false;
    if (walk.gotoFirstChild()) {
      stack.push(visit());
      continue;
    }
    for (;;) {
      if (walk.gotoNextSibling()) {
        stack.pop();
        stack.push(visit());
        break;
      }
      if (!walk.gotoParent()) return true;
      stack.pop();
    }
  }
}

/** Which node types of a grammar are named, by type id: asked of the runtime once per grammar. */
const namedByLanguage = new WeakMap<TsTree['language'], boolean[]>();

function namedTypes(language: TsTree['language']): boolean[] {
  let named = namedByLanguage.get(language);
  if (!named) {
    named = [];
    for (let id = 0; id < language.nodeTypeCount; id++) named.push(language.nodeTypeIsNamed(id));
    namedByLanguage.set(language, named);
  }
  return named;
}

/** The line of the first error or missing node, found by descending into erroneous children. */
function firstMissingLine(tree: TsTree): number | undefined {
  let node = tree.rootNode;
  for (let guard = 0; guard < 100_000; guard++) {
    if (node.isMissing || node.type === 'ERROR') return node.startPosition.row + 1;
    const next = node.children.find((c) => c !== null && (c.hasError || c.isMissing));
    if (!next) return node.startPosition.row + 1;
    node = next;
  }
  return undefined;
}
