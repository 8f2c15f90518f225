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
    return copyTree(tree.walk());
  } finally {
    tree.delete();
  }
}

function copyTree(cursor: ReturnType<import('web-tree-sitter').Tree['walk']>): ParsedPython {
  const pos = cursor.startPosition;
  const root: PyNode = { type: cursor.nodeType, named: true, start: cursor.startIndex, end: cursor.endIndex, line: pos.row + 1, col: pos.column + 1, children: [] };
  let errorLine: number | undefined;
  let nodeCount = 1;
  // `stack[i]` is the copied node at cursor depth i, or undefined when that node was skipped.
  const stack: (PyNode | undefined)[] = [root];
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
        if (!cursor.gotoParent()) return { root, errorLine, nodeCount };
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }

  function visit(): PyNode | undefined {
    const parent = stack[stack.length - 1];
    const type = cursor.nodeType;
    if (errorLine === undefined && (type === 'ERROR' || cursor.nodeIsMissing)) errorLine = cursor.startPosition.row + 1;
    if (!parent || type === 'comment') return undefined;
    const field = cursor.currentFieldName ?? undefined;
    if (!cursor.nodeIsNamed && !field) return undefined;
    const p = cursor.startPosition;
    const node: PyNode = { type, named: cursor.nodeIsNamed, start: cursor.startIndex, end: cursor.endIndex, line: p.row + 1, col: p.column + 1, children: [], parent };
    if (field) node.field = field;
    parent.children.push(node);
    nodeCount++;
    return node;
  }
}
