import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Parser as TsParser } from 'web-tree-sitter';
import type { PyNode } from './syntax-tree.js';

// The Python grammar is loaded on first use and once per process: loading the registry or
// scanning a repository without Python files costs nothing.

let parserPromise: Promise<TsParser> | undefined;
let parserReady: TsParser | undefined;

/** Parse time budget per file; tree-sitter is linear, this only guards pathological input. */
const PARSE_BUDGET_MS = 20_000;

export function loadPythonParser(): Promise<TsParser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const grammarDir = dirname(require.resolve('tree-sitter-python/package.json'));
    const language = await Language.load(join(grammarDir, 'tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    parserReady = parser;
    return parser;
  })();
  parserPromise.catch(() => { parserPromise = undefined; });
  return parserPromise;
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
  const started = Date.now();
  const tree = parser.parse(text, null, {
    progressCallback: () => Date.now() - started > PARSE_BUDGET_MS,
  } as never);
  if (!tree) {
    // A cancelled parse would otherwise resume on the next call.
    parser.reset();
    return undefined;
  }
  try {
    return copyTree(tree, text);
  } finally {
    tree.delete();
  }
}

/** Nodes whose `operator` token the evaluator reads. */
const OPERATOR_PARENTS = new Set(['binary_operator', 'boolean_operator', 'augmented_assignment', 'comparison_operator', 'unary_operator', 'not_operator']);

type TsTree = NonNullable<ReturnType<TsParser['parse']>>;

/**
 * Copies named nodes and field-tagged tokens. Reads only type id, field id and offsets from
 * the cursor (each read crosses into wasm) and computes line/column in JavaScript: a pre-order
 * walk meets start offsets in increasing order, so one forward-moving line pointer suffices.
 */
function copyTree(tree: TsTree, text: string): ParsedPython {
  const language = tree.language;
  const types = language.types;
  const fields = language.fields;
  const namedCache: (boolean | undefined)[] = [];
  const isNamed = (id: number): boolean => (namedCache[id] ??= language.nodeTypeIsNamed(id));
  const commentId = language.idForNodeType('comment', true);
  const errorId = 65535;

  let lineStart = 0;
  let lineNo = 1;
  const position = (index: number): { line: number; col: number } => {
    if (index < lineStart) {
      // Not expected in pre-order; recompute from the start to stay correct.
      lineStart = 0;
      lineNo = 1;
    }
    for (let nl = text.indexOf('\n', lineStart); nl >= 0 && nl < index; nl = text.indexOf('\n', lineStart)) {
      lineStart = nl + 1;
      lineNo++;
    }
    return { line: lineNo, col: index - lineStart + 1 };
  };

  const cursor = tree.walk();
  const root: PyNode = { type: cursor.nodeType, named: true, start: cursor.startIndex, end: cursor.endIndex, line: 1, col: 1, children: [] };
  let errorLine: number | undefined;
  let nodeCount = 1;
  const stack: (PyNode | undefined)[] = [root];
  const visit = (): PyNode | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent) return undefined;
    const typeId = cursor.nodeTypeId;
    if (typeId === commentId) return undefined;
    const type = types[typeId] ?? 'ERROR';
    const named = type === 'ERROR' || typeId === errorId || isNamed(typeId);
    // Tokens matter only as operators; skipping the others saves a wasm call per token.
    if (!named && !OPERATOR_PARENTS.has(parent.type)) return undefined;
    const fieldId = cursor.currentFieldId;
    const field = fieldId ? fields[fieldId] ?? undefined : undefined;
    if (!named && !field) return undefined;
    const start = cursor.startIndex;
    const { line, col } = position(start);
    if (errorLine === undefined && type === 'ERROR') errorLine = line;
    const node: PyNode = { type, named, start, end: cursor.endIndex, line, col, children: [], parent };
    if (field) node.field = field;
    parent.children.push(node);
    nodeCount++;
    return node;
  };
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        stack.push(visit());
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) {
          stack.pop();
          stack.push(visit());
          break;
        }
        if (!cursor.gotoParent()) {
          if (errorLine === undefined && tree.rootNode.hasError) errorLine = firstMissingLine(tree);
          return { root, errorLine, nodeCount };
        }
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
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
