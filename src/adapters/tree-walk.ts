import type { Tree, TreeCursor } from 'web-tree-sitter';

// A depth-first walk over a tree-sitter tree at the cost of the walk itself. web-tree-sitter's
// TreeCursor copies the cursor's four words into the runtime's transfer buffer before every call
// and back out after every move: on a data team's Python (hundreds of files of DAGs and scripts)
// that copying was a tenth of the scan. The runtime's own functions read the cursor from that
// buffer and write it back after each move, so the walk below hands the cursor over once, calls
// them directly, and takes it back once, when it ends. It needs the runtime's exports (the
// Emscripten module `Parser.init` fills in), which web-tree-sitter does not type: when they are
// not as expected, or the first look at the buffer disagrees with the cursor, the walk is
// TreeCursor's own, with the same answers.

/** The moves and reads a copy of the tree needs, per node. */
export interface TreeWalk {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  nodeTypeId(): number;
  /** 0 when the node has no field in its parent. */
  fieldId(): number;
  /** UTF-16 offsets, as web-tree-sitter gives them. */
  startIndex(): number;
  endIndex(): number;
  /** Ends the walk. Until then nothing else may call into the tree-sitter runtime (no Node, no parse). */
  delete(): void;
}

/** The runtime functions the walk calls: each takes the tree's address and the cursor in the transfer buffer. */
interface Binding {
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  getValue(ptr: number, type: 'i32'): number;
}

const FUNCTIONS = [
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  'getValue',
] as const;

let direct: { binding: Binding; transfer: number } | undefined;

/**
 * Called once the runtime is initialised, with the module object given to `Parser.init` (which
 * the runtime fills with its exports) and the transfer buffer's address (`_ts_init`'s answer).
 */
export function useRuntimeExports(module: Record<string, unknown>, transfer: unknown): void {
  const usable = typeof transfer === 'number' && FUNCTIONS.every((f) => typeof module[f] === 'function');
  direct = usable ? { binding: module as unknown as Binding, transfer } : undefined;
}

/** Internal handles: the tree's address, the cursor's four words. */
type Handles = Record<0 | 1 | 2 | 3, unknown>;

export function walkTree(tree: Tree): TreeWalk {
  const cursor = tree.walk();
  const d = direct;
  const treeAddress = (tree as unknown as Handles)[0];
  // Right after `walk()` the transfer buffer holds the new cursor: if it does not, this is not the runtime the walk knows.
  if (d && typeof treeAddress === 'number' && words(d).every((w, i) => w === (cursor as unknown as Handles)[i as 0])) {
    return directWalk(d, cursor, treeAddress);
  }
  direct = undefined;
  return cursorWalk(cursor);
}

/** The cursor's four words as the transfer buffer holds them. */
function words(d: NonNullable<typeof direct>): number[] {
  return [0, 1, 2, 3].map((i) => d.binding.getValue(d.transfer + 4 * i, 'i32'));
}

function directWalk(d: NonNullable<typeof direct>, cursor: TreeCursor, tree: number): TreeWalk {
  const b = d.binding;
  return {
    gotoFirstChild: () => b._ts_tree_cursor_goto_first_child_wasm(tree) === 1,
    gotoNextSibling: () => b._ts_tree_cursor_goto_next_sibling_wasm(tree) === 1,
    gotoParent: () => b._ts_tree_cursor_goto_parent_wasm(tree) === 1,
    nodeTypeId: () => b._ts_tree_cursor_current_node_type_id_wasm(tree),
    fieldId: () => b._ts_tree_cursor_current_field_id_wasm(tree),
    startIndex: () => b._ts_tree_cursor_start_index_wasm(tree),
    endIndex: () => b._ts_tree_cursor_end_index_wasm(tree),
    delete() {
      // The cursor as the moves left it (its stack may have been reallocated): TreeCursor frees that.
      const handles = cursor as unknown as Handles;
      words(d).forEach((w, i) => (handles[i as 0] = w));
      cursor.delete();
    },
  };
}

function cursorWalk(cursor: TreeCursor): TreeWalk {
  return {
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    nodeTypeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    delete: () => cursor.delete(),
  };
}
