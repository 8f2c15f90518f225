// A plain-JavaScript copy of the tree-sitter syntax tree. Copying once (with a cursor, no
// recursion) lets the wasm tree be freed at once and keeps every later pass in ordinary objects.

export interface PyNode {
  type: string;
  /** Named nodes are grammar rules; unnamed ones are tokens kept because they have a field (operators). */
  named: boolean;
  /** The field name this node has in its parent (`function`, `arguments`, `left`, ...). */
  field?: string;
  /** UTF-16 offsets into the parsed text. */
  start: number;
  end: number;
  /** 1-based line and column in the parsed text. */
  line: number;
  col: number;
  children: PyNode[];
  parent?: PyNode;
}

export function childByField(node: PyNode, name: string): PyNode | undefined {
  for (const c of node.children) if (c.field === name) return c;
  return undefined;
}

export function childrenByField(node: PyNode, name: string): PyNode[] {
  return node.children.filter((c) => c.field === name);
}

/** Children that are expressions or statements, not punctuation kept for its field. */
export function namedChildren(node: PyNode): PyNode[] {
  return node.children.filter((c) => c.named && c.type !== 'string_start' && c.type !== 'string_end');
}

/** A docstring or any bare string statement: text, never code. */
export function isBareStringStatement(node: PyNode): boolean {
  let n = node;
  while (n.parent && (n.parent.type === 'concatenated_string' || n.parent.type === 'parenthesized_expression')) n = n.parent;
  return n.parent?.type === 'expression_statement' && n.parent.children.length === 1;
}
