import type { Span } from '../../model/raw-facts.js';

/**
 * A Babel AST node, loosely typed: the adapter reads a few dozen node shapes and checks `type`
 * before every access, so the full @babel/types union (not a declared dependency) buys little.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = { type: string; start: number; end: number; loc: NodeLoc; [key: string]: any };

interface NodeLoc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

export const isNode = (v: unknown): v is Node =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { type?: unknown }).type === 'string' &&
  typeof (v as { start?: unknown }).start === 'number';

/** TypeScript declarations that hold no runtime values. */
export const TYPE_ONLY = new Set([
  'TSTypeAliasDeclaration',
  'TSInterfaceDeclaration',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'TSIndexSignature',
  'TSTypeAnnotation',
  'TypeAlias',
  'InterfaceDeclaration',
  'OpaqueType',
  'DeclareVariable',
  'DeclareFunction',
  'DeclareClass',
  'DeclareModule',
]);

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);
export const isFunction = (n: Node | undefined): boolean => n !== undefined && FUNCTION_TYPES.has(n.type);

/** 1-based span of a node. */
export function spanOf(node: Node): Span {
  return {
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column + 1,
  };
}

/** Strips wrappers that do not change a value: parentheses, TS casts and non-null assertions, `await`. */
export function unwrap(node: Node): Node {
  let n = node;
  for (let i = 0; i < 64; i++) {
    switch (n.type) {
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'TypeCastExpression':
      case 'AwaitExpression':
        if (!isNode(n.expression ?? n.argument)) return n;
        n = (n.expression ?? n.argument) as Node;
        break;
      default:
        return n;
    }
  }
  return n;
}

/** A property key as written: `a`, `'a'`, `1`; computed keys only when they are string literals. */
export function keyName(key: Node | undefined, computed: boolean): string | undefined {
  if (!key) return undefined;
  if (!computed && key.type === 'Identifier') return key.name as string;
  if (key.type === 'StringLiteral') return key.value as string;
  if (key.type === 'NumericLiteral') return String(key.value);
  if (computed && key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value?.cooked ?? undefined;
  if (key.type === 'PrivateName') return `#${key.id?.name as string}`;
  return undefined;
}

/** The property name of a member expression (`a.b`, `a['b']`, `a?.b`), when it is static. */
export function memberName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  return keyName(node.property, node.computed === true);
}

/** `a.b.c` as ['a', 'b', 'c'] (with `this` as a root); undefined for anything dynamic. */
export function memberChain(node: Node): string[] | undefined {
  const parts: string[] = [];
  let n = unwrap(node);
  for (let i = 0; i < 32; i++) {
    if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
      const name = memberName(n);
      if (name === undefined) return undefined;
      parts.push(name);
      n = unwrap(n.object);
    } else if (n.type === 'Identifier') {
      parts.push(n.name);
      return parts.reverse();
    } else if (n.type === 'ThisExpression') {
      parts.push('this');
      return parts.reverse();
    } else if (n.type === 'MetaProperty') {
      parts.push(`${n.meta?.name as string}.${n.property?.name as string}`);
      return parts.reverse();
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** A short human name for an expression, used for `{name}` placeholders. */
export function exprName(node: Node): string {
  const n = unwrap(node);
  const chain = memberChain(n);
  if (chain) {
    const c = chain[0] === 'this' ? chain.slice(1) : chain;
    const envAt = c.indexOf('env');
    const tail = envAt >= 0 && envAt < c.length - 1 ? c.slice(envAt + 1) : c;
    return clip(tail.join('.') || 'this');
  }
  if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') {
    const callee = memberChain(n.callee);
    if (callee) return clip(`${callee.filter((p) => p !== 'this').join('.')}()`);
  }
  return 'expr';
}

const clip = (s: string): string => (s.length > 60 ? s.slice(0, 60) : s).replace(/[{}]/g, '');
