import type { Parser, Tree } from 'web-tree-sitter';
import { loadParser, parseWithin } from '../tree-sitter.js';

// The bash grammar is loaded on first use only, once per process: most scans never see a shell
// script, and loading the wasm costs tens of milliseconds.

/** Parse time limit per script; tree-sitter is linear, so this only trips on pathological input. */
const PARSE_BUDGET_MS = 10_000;

/**
 * The last script parsed, kept: CI adapters read each step's script twice (its calls, then the
 * commands that hand the token on), and parsing is most of a step's cost.
 */
let last: { text: string; tree: Tree } | undefined;

/** The bash parser, loaded once per process (also ahead of need: src/cli/startup/warm-parsers.ts). */
export const loadBashParser = (): Promise<Parser> => loadParser('tree-sitter-bash', 'tree-sitter-bash.wasm');

/**
 * Parses bash source. Returns undefined when parsing was cancelled by the time budget. The caller
 * owns the tree and must `delete()` it. Throws when the grammar cannot be loaded.
 */
export async function parseBash(text: string): Promise<Tree | undefined> {
  const parser = await loadBashParser();
  if (last?.text === text) return last.tree.copy();
  const tree = parseWithin(parser, text, PARSE_BUDGET_MS);
  last?.tree.delete();
  last = tree ? { text, tree: tree.copy() } : undefined;
  return tree;
}
