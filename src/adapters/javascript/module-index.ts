import { isLegacyKeyShaped } from '../../credentials/token-shapes.js';
import { isFunction, isNode, keyName, memberChain, TYPE_ONLY, type Node } from './ast.js';

// One walk over a parsed file that records what value resolution needs later: bindings with
// their lexical scope, classes and their members, exports, member assignments, and every call.
// The walk uses an explicit stack because inputs can be nested far deeper than the JS stack.

interface Scope {
  start: number;
  end: number;
}

/** A step into a destructuring pattern: a property name or an array index. */
export type PathStep = string | number;

interface BindingBase {
  name: string;
  scope: Scope;
  /** Offset of the declaring identifier, to prefer the declaration nearest before a use. */
  at: number;
}
export type Binding = BindingBase &
  (
    | { kind: 'var'; init?: Node; path: PathStep[]; def?: Node; declKind: string; iterates?: Node }
    | { kind: 'param'; fn: Node; index: number; path: PathStep[]; def?: Node }
    | { kind: 'function'; node: Node }
    | { kind: 'class'; node: Node }
    | { kind: 'import'; source: string; imported: string }
    | { kind: 'opaque' }
  );

export type ClassMember =
  | { kind: 'field'; value?: Node }
  | { kind: 'method'; fn: Node }
  | { kind: 'getter'; fn: Node }
  /** `this.x = value` inside a method or the constructor. */
  | { kind: 'assign'; value: Node; fn?: Node }
  /** A TypeScript constructor parameter property: `constructor(private token: string)`. */
  | { kind: 'param'; index: number };

export interface ClassInfo {
  node: Node;
  name?: string;
  ctor?: Node;
  superClass?: Node;
  members: Map<string, ClassMember[]>;
}

interface FnInfo {
  node: Node;
  /** The lexically enclosing function, if any. */
  parent?: Node;
  /** The class whose `this` the function sees (methods, constructors, arrow class fields). */
  cls?: ClassInfo;
}

export interface MemberAssign {
  /** `api.defaults.headers.common.Authorization` as its parts; `this` may be the root. */
  chain: string[];
  value: Node;
  node: Node;
}

type ExportEntry = { local: string; node?: Node } | { node: Node } | { source: string; imported: string };

export interface ModuleInfo {
  path: string;
  text: string;
  program: Node;
  bindings: Map<string, Binding[]>;
  /** `x = value` assignments to plain identifiers, for `let x; x = ...`. */
  assigns: Map<string, Node[]>;
  fns: Map<Node, FnInfo>;
  classByNode: Map<Node, ClassInfo>;
  parents: Map<Node, Node>;
  /** Call and `new` expressions in source order. */
  calls: Node[];
  memberAssigns: MemberAssign[];
  exports: Map<string, ExportEntry>;
  starExports: string[];
  /** `module.exports = value` or TypeScript `export = value`. */
  cjsExport?: Node;
  /** Module specifiers this file imports or requires. */
  importSources: string[];
  /** String literals that look like a legacy user API key (40 lowercase hex). */
  hexLiterals: Node[];
  /** Whether the text mentions dbt at all (context for URLs matched only by their path). */
  mentionsDbt: boolean;
}

/** The lexical context of a node during the walk; shared by siblings, replaced only where it changes. */
interface Ctx {
  block: Scope;
  fnScope: Scope;
  fn?: Node;
  /** The class `this` refers to here. */
  thisCls?: ClassInfo;
}

/** Keys that never lead to code: positions, comments, and TypeScript type positions. */
const SKIP_KEYS = new Set([
  'type',
  'start',
  'end',
  'loc',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'comments',
  'tokens',
  'errors',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'superTypeParameters',
  'typeArguments',
  'implements',
  'predicate',
]);
const isChild = (v: unknown): v is Node =>
  typeof v === 'object' && v !== null && typeof (v as Node).type === 'string' && !TYPE_ONLY.has((v as Node).type);

export function indexModule(path: string, text: string, program: Node): ModuleInfo {
  const mod: ModuleInfo = {
    path,
    text,
    program,
    bindings: new Map(),
    assigns: new Map(),
    fns: new Map(),
    classByNode: new Map(),
    parents: new Map(),
    calls: [],
    memberAssigns: [],
    exports: new Map(),
    starExports: [],
    importSources: [],
    hexLiterals: [],
    mentionsDbt: /dbt/i.test(text),
  };
  const root: Scope = { start: 0, end: Number.MAX_SAFE_INTEGER };
  const bind = (b: Binding): void => {
    const list = mod.bindings.get(b.name);
    if (list) list.push(b);
    else mod.bindings.set(b.name, [b]);
  };
  const nodes: Node[] = [program];
  const ctxs: Ctx[] = [{ block: root, fnScope: root }];

  while (nodes.length > 0) {
    const n = nodes.pop()!;
    const ctx = ctxs.pop()!;
    let { block, fnScope, fn, thisCls } = ctx;

    switch (n.type) {
      case 'ImportDeclaration':
        recordImport(n, mod, root, bind);
        break;
      case 'TSImportEqualsDeclaration':
        if (n.moduleReference?.type === 'TSExternalModuleReference' && n.moduleReference.expression?.type === 'StringLiteral') {
          const source = n.moduleReference.expression.value as string;
          mod.importSources.push(source);
          bind({ kind: 'import', name: n.id.name, source, imported: '*', scope: root, at: n.start });
        }
        break;
      case 'ExportNamedDeclaration':
        recordNamedExport(n, mod);
        break;
      case 'ExportDefaultDeclaration': {
        const d = n.declaration as Node;
        if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id)
          mod.exports.set('default', { local: d.id.name, node: d });
        else mod.exports.set('default', { node: d });
        break;
      }
      case 'ExportAllDeclaration':
        if (n.exportKind !== 'type' && n.source?.value) {
          mod.starExports.push(n.source.value);
          mod.importSources.push(n.source.value);
        }
        break;
      case 'TSExportAssignment':
        mod.cjsExport = n.expression;
        break;
      case 'VariableDeclaration': {
        const scope = n.kind === 'var' ? fnScope : block;
        // `for (const account of ACCOUNTS)`: each name takes the items of what the loop iterates.
        const loop = mod.parents.get(n);
        const iterates = loop?.type === 'ForOfStatement' && loop.left === n ? (loop.right as Node) : undefined;
        for (const d of n.declarations as Node[]) {
          forEachPatternName(d.id, (name, path, def, at) =>
            bind({
              kind: 'var',
              name,
              init: d.init ?? undefined,
              path,
              def,
              declKind: n.kind,
              scope,
              at,
              ...(iterates ? { iterates } : {}),
            }),
          );
        }
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod': {
        if (n.type === 'FunctionDeclaration' && n.id) bind({ kind: 'function', name: n.id.name, node: n, scope: block, at: n.id.start });
        const own: Scope = { start: n.start, end: n.end };
        const isMethod = n.type === 'ClassMethod' || n.type === 'ClassPrivateMethod';
        if (!isMethod && n.type !== 'ArrowFunctionExpression') thisCls = undefined;
        mod.fns.set(n, { node: n, parent: fn, cls: thisCls });
        if (n.type === 'FunctionExpression' && n.id) bind({ kind: 'function', name: n.id.name, node: n, scope: own, at: n.id.start });
        (n.params as Node[]).forEach((p, index) => {
          const target = p.type === 'TSParameterProperty' ? p.parameter : p;
          forEachPatternName(target, (name, path, def, at) => bind({ kind: 'param', name, fn: n, index, path, def, scope: own, at }));
        });
        block = own;
        fnScope = own;
        fn = n;
        break;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const cls: ClassInfo = { node: n, name: n.id?.name, superClass: n.superClass ?? undefined, members: new Map() };
        mod.classByNode.set(n, cls);
        if (n.type === 'ClassDeclaration' && n.id) bind({ kind: 'class', name: n.id.name, node: n, scope: block, at: n.id.start });
        recordClassMembers(cls);
        thisCls = cls;
        break;
      }
      case 'BlockStatement':
      case 'StaticBlock':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'SwitchStatement':
        block = { start: n.start, end: n.end };
        break;
      case 'CatchClause':
        block = { start: n.start, end: n.end };
        if (n.param) forEachPatternName(n.param, (name, _p, _d, at) => bind({ kind: 'opaque', name, scope: block, at }));
        break;
      case 'AssignmentExpression':
        if (n.operator === '=') recordAssignment(n, mod, thisCls, fn);
        break;
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        mod.calls.push(n);
        if (n.callee?.type === 'Identifier' && n.callee.name === 'require' && n.arguments?.[0]?.type === 'StringLiteral') {
          mod.importSources.push(n.arguments[0].value);
        }
        break;
      case 'StringLiteral':
        if (n.value.length === 40 && isLegacyKeyShaped(n.value)) mod.hexLiterals.push(n);
        break;
      case 'TemplateLiteral':
        if (n.expressions.length === 0) {
          const cooked = n.quasis[0]?.value?.cooked;
          if (typeof cooked === 'string' && cooked.length === 40 && isLegacyKeyShaped(cooked)) mod.hexLiterals.push(n);
        }
        break;
      default:
        break;
    }

    const childCtx =
      block === ctx.block && fnScope === ctx.fnScope && fn === ctx.fn && thisCls === ctx.thisCls ? ctx : { block, fnScope, fn, thisCls };
    for (const key in n) {
      if (SKIP_KEYS.has(key)) continue;
      const v = n[key];
      if (Array.isArray(v)) {
        for (const c of v) {
          if (!isChild(c)) continue;
          mod.parents.set(c, n);
          nodes.push(c);
          ctxs.push(childCtx);
        }
      } else if (isChild(v)) {
        mod.parents.set(v, n);
        nodes.push(v);
        ctxs.push(childCtx);
      }
    }
  }
  mod.calls.sort((a, b) => a.start - b.start);
  mod.hexLiterals.sort((a, b) => a.start - b.start);
  mod.memberAssigns.sort((a, b) => a.node.start - b.node.start);
  for (const list of mod.assigns.values()) list.sort((a, b) => a.start - b.start);
  return mod;
}

function recordImport(n: Node, mod: ModuleInfo, root: Scope, bind: (b: Binding) => void): void {
  const source = n.source?.value as string | undefined;
  if (typeof source !== 'string') return;
  mod.importSources.push(source);
  if (n.importKind === 'type' || n.importKind === 'typeof') return;
  for (const s of n.specifiers as Node[]) {
    if (s.importKind === 'type' || s.importKind === 'typeof') continue;
    const name = s.local?.name as string | undefined;
    if (!name) continue;
    const imported =
      s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : (keyName(s.imported, false) ?? name);
    bind({ kind: 'import', name, source, imported, scope: root, at: s.start });
  }
}

function recordNamedExport(n: Node, mod: ModuleInfo): void {
  if (n.exportKind === 'type') return;
  const d = n.declaration as Node | null;
  if (d) {
    if (d.type === 'VariableDeclaration') {
      for (const decl of d.declarations as Node[]) forEachPatternName(decl.id, (name) => mod.exports.set(name, { local: name }));
    } else if (d.id?.name) {
      mod.exports.set(d.id.name, { local: d.id.name });
    }
  }
  const source = n.source?.value as string | undefined;
  if (source) mod.importSources.push(source);
  for (const s of (n.specifiers ?? []) as Node[]) {
    if (s.exportKind === 'type') continue;
    const exported = keyName(s.exported, false);
    if (!exported) continue;
    if (s.type === 'ExportNamespaceSpecifier') {
      if (source) mod.exports.set(exported, { source, imported: '*' });
    } else if (s.type === 'ExportDefaultSpecifier') {
      if (source) mod.exports.set(exported, { source, imported: 'default' });
    } else {
      const local = keyName(s.local, false) ?? exported;
      mod.exports.set(exported, source ? { source, imported: local } : { local });
    }
  }
}

function addMember(cls: ClassInfo, name: string, m: ClassMember): void {
  const list = cls.members.get(name);
  if (list) list.push(m);
  else cls.members.set(name, [m]);
}

function recordClassMembers(cls: ClassInfo): void {
  for (const m of (cls.node.body?.body ?? []) as Node[]) {
    const name = keyName(m.key, m.computed === true);
    if (m.type === 'ClassMethod' || m.type === 'ClassPrivateMethod') {
      if (m.kind === 'constructor') {
        cls.ctor = m;
        (m.params as Node[]).forEach((p, index) => {
          if (p.type !== 'TSParameterProperty') return;
          const id = p.parameter.type === 'AssignmentPattern' ? p.parameter.left : p.parameter;
          if (id?.type === 'Identifier') addMember(cls, id.name, { kind: 'param', index });
        });
      } else if (name && m.kind === 'get') {
        addMember(cls, name, { kind: 'getter', fn: m });
      } else if (name && m.kind === 'method') {
        addMember(cls, name, { kind: 'method', fn: m });
      }
    } else if (name && (m.type === 'ClassProperty' || m.type === 'ClassPrivateProperty' || m.type === 'ClassAccessorProperty')) {
      addMember(cls, name, { kind: 'field', value: m.value ?? undefined });
    }
  }
}

function recordAssignment(n: Node, mod: ModuleInfo, thisCls: ClassInfo | undefined, fn: Node | undefined): void {
  const left = n.left as Node;
  const right = n.right as Node;
  if (left.type === 'Identifier') {
    const list = mod.assigns.get(left.name);
    if (list) list.push(right);
    else mod.assigns.set(left.name, [right]);
    return;
  }
  const chain = memberChain(left);
  if (!chain || chain.length < 2) return;
  if (chain[0] === 'this' && chain.length === 2 && thisCls) {
    addMember(thisCls, chain[1]!, { kind: 'assign', value: right, fn });
    return;
  }
  if (chain[0] === 'module' && chain[1] === 'exports') {
    if (chain.length === 2) mod.cjsExport = right;
    else if (chain.length === 3) mod.exports.set(chain[2]!, { node: right });
    return;
  }
  if (chain[0] === 'exports' && chain.length === 2) {
    mod.exports.set(chain[1]!, { node: right });
    return;
  }
  mod.memberAssigns.push({ chain, value: right, node: n });
}

/**
 * Calls `cb` for every name a binding pattern introduces, with the path from the bound value
 * to it and its default value (`const { a: { b = 1 } } = x` gives b, ['a', 'b'], 1).
 */
function forEachPatternName(
  pattern: Node | null | undefined,
  cb: (name: string, path: PathStep[], def: Node | undefined, at: number) => void,
): void {
  if (!pattern) return;
  const stack: { p: Node; path: PathStep[]; def?: Node }[] = [{ p: pattern, path: [] }];
  let guard = 0;
  while (stack.length > 0 && guard++ < 10_000) {
    const { p, path, def } = stack.pop()!;
    switch (p.type) {
      case 'Identifier':
        cb(p.name, path, def, p.start);
        break;
      case 'AssignmentPattern':
        stack.push({ p: p.left, path, def: p.right });
        break;
      case 'TSParameterProperty':
        stack.push({ p: p.parameter, path, def });
        break;
      case 'ObjectPattern':
        for (const prop of p.properties as Node[]) {
          if (prop.type === 'RestElement') continue;
          const k = keyName(prop.key, prop.computed === true);
          if (k !== undefined && isNode(prop.value)) stack.push({ p: prop.value, path: [...path, k] });
        }
        break;
      case 'ArrayPattern':
        (p.elements as (Node | null)[]).forEach((el, i) => {
          if (el && el.type !== 'RestElement') stack.push({ p: el, path: [...path, i] });
        });
        break;
      default:
        break;
    }
  }
}

/** The innermost binding of `name` visible at `offset`. */
export function lookupBinding(mod: ModuleInfo, name: string, offset: number): Binding | undefined {
  const list = mod.bindings.get(name);
  if (!list) return undefined;
  let best: Binding | undefined;
  for (const b of list) {
    if (offset < b.scope.start || offset >= b.scope.end) continue;
    if (!best || b.scope.start > best.scope.start) best = b;
    else if (b.scope.start === best.scope.start && b.at <= offset && (best.at > offset || b.at > best.at)) best = b;
  }
  return best;
}

/** The functions enclosing `node`, innermost first. */
export function enclosingFunctions(mod: ModuleInfo, node: Node): Node[] {
  let p = mod.parents.get(node);
  for (let guard = 0; p && !isFunction(p) && guard < 100_000; guard++) p = mod.parents.get(p);
  const out: Node[] = [];
  for (let guard = 0; p && guard < 1000; guard++) {
    out.push(p);
    p = mod.fns.get(p)?.parent;
  }
  return out;
}
