import type { PyNode } from './syntax-tree.js';
import { childByField, childrenByField, namedChildren } from './syntax-tree.js';
import type { Val } from './values.js';

// Pass 1 over a module: which names are bound where (assignments, imports, parameters,
// definitions), which objects are changed after creation (`session.headers.update(...)`), and
// every call. Walks with an explicit stack: inputs can nest 100k levels deep.

type ScopeKind = 'module' | 'function' | 'class';

export interface Scope {
  kind: ScopeKind;
  parent?: Scope;
  bindings: Map<string, Binding[]>;
  /** For functions: the `function_definition` node and its `return` statements and `yield` expressions. */
  fn?: PyNode;
  returns: PyNode[];
  /** For methods: whether the function is `__init__` of its class. */
  isInit?: boolean;
  /** For classes: the `class_definition` node (its bases, for `self.x` set in a base class). */
  cls?: PyNode;
  /** `from .base import *` in this scope: where names it does not bind itself may come from. */
  starImports?: { module: string; level: number; pos: number }[];
  /** For functions: names a `global` statement declares, whose assignments bind the module's names. */
  globals?: Set<string>;
}

type BindingKind = 'expr' | 'aug' | 'import' | 'from-import' | 'param' | 'def' | 'class' | 'opaque' | 'loop';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** Offset from which the binding is visible (end of its statement). */
  pos: number;
  scope: Scope;
  /** expr/aug: the value; def/class: the definition; param: its default value, if any; loop: what the loop iterates. */
  node?: PyNode;
  /** Where `node` is evaluated when that is not `scope` (parameter defaults). */
  evalScope?: Scope;
  /** `a, b = x`: the index of this name in the unpacked value. */
  unpackIndex?: number;
  /** import: dotted module path bound (`requests`, `urllib.request`). */
  importPath?: string;
  /** from-import: module, relative level and imported name. */
  importModule?: string;
  importLevel?: number;
  importName?: string;
  /** param: position among the function's parameters (counting `self`). */
  paramIndex?: number;
  /** param: the function scope it belongs to. */
  paramOf?: Scope;
  /** param: its type annotation (`settings: Settings`), evaluated in `evalScope`. */
  annotation?: PyNode;
  /** param: its type annotation as written (`DbtConfig`), when it is a plain name. */
  annotationName?: string;
  /** param: the `**kwargs` of its function, holding the keywords a call gives beyond the named parameters. */
  keywordSplat?: boolean;
  cache?: Val;
  busy?: boolean;
}

type MutationOp = 'setitem' | 'update' | 'setattr';

/**
 * A change to an object after it was created: `h["Authorization"] = v` (setitem),
 * `s.headers.update({...})` (update), `s.auth = x` (setattr). `base` is the changed object's
 * expression and `path` the attribute inside it (`['headers']`).
 */
export interface Mutation {
  op: MutationOp;
  base: PyNode;
  path: string[];
  key?: PyNode;
  attr?: string;
  value?: PyNode;
  args?: PyNode;
  scope: Scope;
  node: PyNode;
}

export interface CallRecord {
  node: PyNode;
  scope: Scope;
}

interface ModuleAssignment {
  name: string;
  target: PyNode;
  value: PyNode;
}

export interface Collected {
  module: Scope;
  calls: CallRecord[];
  /** Calls by the simple name of the function they call (`trigger(...)`), for parameter values. */
  callsByName: Map<string, CallRecord[]>;
  mutations: Mutation[];
  /** Top-level package of every import (`airflow`, `requests`). */
  importedRoots: Set<string>;
  /** String nodes that may hold a Semantic Layer JDBC URL. */
  jdbcStrings: { node: PyNode; scope: Scope }[];
  /** `NAME = "literal"` at module level. */
  moduleAssignments: ModuleAssignment[];
  /** The scope of each function definition. */
  functionScopes: Map<PyNode, Scope>;
  /** `"token-value": ...` dict entries: a dbt Cloud CLI config (dbt_cloud.yml) written from code. */
  cliTokenPairs: { node: PyNode; scope: Scope }[];
  /** The body scope of each class definition (field defaults, methods). */
  classScopes: Map<PyNode, Scope>;
}

/** Attributes of a client object that later calls read: `session.headers`, `session.auth`. */
const OBJECT_PROPS = new Set(['headers', 'auth', 'base_url', 'params']);

export function collect(root: PyNode, text: string): Collected {
  const module: Scope = { kind: 'module', bindings: new Map(), returns: [] };
  const out: Collected = {
    module,
    calls: [],
    callsByName: new Map(),
    mutations: [],
    importedRoots: new Set(),
    jdbcStrings: [],
    moduleAssignments: [],
    functionScopes: new Map(),
    cliTokenPairs: [],
    classScopes: new Map(),
  };
  const stack: { node: PyNode; scope: Scope }[] = [{ node: root, scope: module }];
  while (stack.length > 0) {
    const { node, scope } = stack.pop()!;
    let bodyScope: Scope | undefined;
    let body: PyNode | undefined;
    switch (node.type) {
      case 'function_definition': {
        const name = childByField(node, 'name');
        if (name) bind(scope, textOf(name), { kind: 'def', pos: node.start, node });
        const fnScope: Scope = { kind: 'function', parent: scope, bindings: new Map(), fn: node, returns: [] };
        if (scope.kind === 'class' && name && textOf(name) === '__init__') fnScope.isInit = true;
        collectParams(node, scope, fnScope);
        out.functionScopes.set(node, fnScope);
        bodyScope = fnScope;
        body = childByField(node, 'body');
        break;
      }
      case 'class_definition': {
        const name = childByField(node, 'name');
        if (name) bind(scope, textOf(name), { kind: 'class', pos: node.start, node });
        bodyScope = { kind: 'class', parent: scope, bindings: new Map(), returns: [], cls: node };
        out.classScopes.set(node, bodyScope);
        body = childByField(node, 'body');
        break;
      }
      case 'assignment':
        collectAssignment(node, scope);
        break;
      case 'augmented_assignment': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        if (left?.type === 'identifier' && right) bind(scope, textOf(left), { kind: 'aug', pos: node.end, node });
        break;
      }
      case 'named_expression': {
        const name = childByField(node, 'name');
        const value = childByField(node, 'value');
        if (name && value) bind(scope, textOf(name), { kind: 'expr', pos: node.end, node: value });
        break;
      }
      case 'as_pattern': {
        // `with X(...) as s:` binds s to X(...); `except E as e:` binds an opaque name.
        const value = namedChildren(node)[0];
        const alias = childByField(node, 'alias');
        const target = alias ? (namedChildren(alias)[0] ?? alias) : undefined;
        if (value && target) bindTarget(target, node.parent?.type === 'with_item' ? value : undefined, scope, node.end);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        if (left && right && node.type === 'for_statement') bindLoopTarget(left, right, scope, node.start);
        else if (left) bindTarget(left, undefined, scope, node.start);
        break;
      }
      // `global TOKEN` then `TOKEN = os.environ["…"]` in `main()`: the module's TOKEN, which other functions read.
      case 'global_statement':
        if (scope.kind === 'function')
          for (const n of namedChildren(node)) if (n.type === 'identifier') (scope.globals ??= new Set()).add(textOf(n));
        break;
      case 'import_statement':
        collectImport(node, scope);
        break;
      case 'import_from_statement':
        collectFromImport(node, scope);
        break;
      // What a generator yields is what its callers get: a `@contextmanager` or FastAPI `Depends`
      // factory's `yield client` gives `with make() as client` and the route that client.
      case 'return_statement':
      case 'yield':
        scope.returns.push(node);
        break;
      case 'call':
        collectCall(node, scope);
        break;
      case 'pair': {
        const key = childByField(node, 'key');
        if (key?.type === 'string' && key.end - key.start < 20 && /^['"](?:token-value|api-key)['"]$/.test(textOf(key)))
          out.cliTokenPairs.push({ node, scope });
        break;
      }
      case 'string':
        if (node.end - node.start < 20_000 && /jdbc:arrow-flight-sql:/i.test(text.slice(node.start, node.end)))
          out.jdbcStrings.push({ node, scope });
        break;
      default:
        break;
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i]!;
      stack.push({ node: c, scope: c === body && bodyScope ? bodyScope : scope });
    }
  }
  return out;

  function textOf(n: PyNode): string {
    return text.slice(n.start, n.end);
  }

  function bind(scope: Scope, name: string, b: Omit<Binding, 'name' | 'scope'>): void {
    if (!name || name.length > 200) return;
    if (scope.globals?.has(name) && b.kind !== 'param') {
      // Bound in the module, its value read where it is written.
      const list = module.bindings.get(name);
      const binding: Binding = { ...b, name, scope: module, evalScope: b.evalScope ?? scope };
      if (list) list.push(binding);
      else module.bindings.set(name, [binding]);
      return;
    }
    const list = scope.bindings.get(name);
    const binding: Binding = { name, scope, ...b };
    if (list) list.push(binding);
    else scope.bindings.set(name, [binding]);
  }

  function collectParams(fn: PyNode, outer: Scope, fnScope: Scope): void {
    const params = childByField(fn, 'parameters');
    if (!params) return;
    let index = 0;
    for (const p of namedChildren(params)) {
      let nameNode: PyNode | undefined;
      let dflt: PyNode | undefined;
      let annotation: PyNode | undefined;
      if (p.type === 'identifier') nameNode = p;
      else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        nameNode = childByField(p, 'name');
        dflt = childByField(p, 'value');
        annotation = childByField(p, 'type');
      } else if (p.type === 'typed_parameter') {
        nameNode = namedChildren(p).find((c) => c.type === 'identifier');
        annotation = childByField(p, 'type');
      } else if (p.type === 'dictionary_splat_pattern') {
        const inner = namedChildren(p)[0];
        if (inner) bind(fnScope, textOf(inner), { kind: 'param', pos: fn.start, paramOf: fnScope, evalScope: outer, keywordSplat: true });
        index++;
        continue;
      } else if (p.type === 'list_splat_pattern') {
        const inner = namedChildren(p)[0];
        if (inner) bind(fnScope, textOf(inner), { kind: 'opaque', pos: fn.start });
        index++;
        continue;
      } else continue;
      if (nameNode?.type === 'identifier') {
        const annotationName = annotation ? textOf(annotation).replace(/^(["'])(.*)\1$/, '$2') : undefined;
        bind(fnScope, textOf(nameNode), {
          kind: 'param',
          pos: fn.start,
          node: dflt,
          evalScope: outer,
          paramIndex: index,
          paramOf: fnScope,
          annotation,
          ...(annotationName && /^[A-Za-z_]\w*$/.test(annotationName) ? { annotationName } : {}),
        });
      }
      index++;
    }
  }

  function collectAssignment(node: PyNode, scope: Scope): void {
    // `a = b = value`: the right side of an assignment may itself be an assignment.
    const targets: PyNode[] = [];
    let cur: PyNode | undefined = node;
    let value: PyNode | undefined;
    for (let guard = 0; cur && guard < 100; guard++) {
      const left = childByField(cur, 'left');
      if (left) targets.push(left);
      const right: PyNode | undefined = childByField(cur, 'right');
      // `token = <YOUR TOKEN>` does not parse, and the parser's recovery may take a later line's
      // value as the right side: the unparsed text is the value (a fill-in, see module.ts).
      const broken = cur.children.find((c) => c.type === 'ERROR' && (!right || c.start < right.start));
      if (broken) {
        value = broken;
        break;
      }
      if (right?.type === 'assignment') cur = right;
      else {
        value = right;
        break;
      }
    }
    for (const t of targets) {
      bindTarget(t, value, scope, node.end);
      if (scope.kind === 'module' && t.type === 'identifier' && value) out.moduleAssignments.push({ name: textOf(t), target: t, value });
    }
  }

  /** `for acct in ACCOUNTS:`, `for name, acct in ACCOUNTS.items():`: each name takes an item of what the loop iterates. */
  function bindLoopTarget(target: PyNode, iterable: PyNode, scope: Scope, pos: number): void {
    if (target.type === 'identifier') {
      bind(scope, textOf(target), { kind: 'loop', pos, node: iterable });
      return;
    }
    const items = target.type === 'pattern_list' || target.type === 'tuple_pattern' ? namedChildren(target) : [];
    if (items.length === 0 || items.length > 8 || items.some((i) => i.type !== 'identifier')) {
      bindTarget(target, undefined, scope, pos);
      return;
    }
    items.forEach((item, i) => bind(scope, textOf(item), { kind: 'loop', pos, node: iterable, unpackIndex: i }));
  }

  function bindTarget(target: PyNode, value: PyNode | undefined, scope: Scope, pos: number, unpackIndex?: number): void {
    switch (target.type) {
      case 'identifier':
        if (value) bind(scope, textOf(target), { kind: 'expr', pos, node: value, unpackIndex });
        else bind(scope, textOf(target), { kind: 'opaque', pos });
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression': {
        const items = namedChildren(target);
        if (target.type === 'parenthesized_expression' && items.length === 1) {
          bindTarget(items[0]!, value, scope, pos, unpackIndex);
          return;
        }
        const values = value && ['expression_list', 'tuple', 'list'].includes(value.type) ? namedChildren(value) : undefined;
        items.forEach((item, i) => {
          if (values && values.length === items.length) bindTarget(item, values[i], scope, pos);
          else bindTarget(item, value, scope, pos, value ? i : undefined);
        });
        return;
      }
      case 'attribute': {
        const obj = childByField(target, 'object');
        const attr = childByField(target, 'attribute');
        if (!obj || !attr) return;
        const classScope = methodClassScope(scope);
        if (obj.type === 'identifier' && textOf(obj) === 'self' && classScope) {
          if (value) bind(classScope, `self.${textOf(attr)}`, { kind: 'expr', pos, node: value, evalScope: scope, unpackIndex });
          else bind(classScope, `self.${textOf(attr)}`, { kind: 'opaque', pos });
        }
        if (value) out.mutations.push({ op: 'setattr', base: obj, path: [], attr: textOf(attr), value, scope, node: target });
        return;
      }
      case 'subscript': {
        const base = childByField(target, 'value');
        const key = childByField(target, 'subscript');
        if (!base || !key || !value) return;
        const { base: b, path } = splitProp(base);
        out.mutations.push({ op: 'setitem', base: b, path, key, value, scope, node: target });
        return;
      }
      default:
        return;
    }
  }

  /** `s.headers` -> base `s`, path ['headers'] when the attribute is one a client reads. */
  function splitProp(expr: PyNode): { base: PyNode; path: string[] } {
    if (expr.type === 'attribute') {
      const obj = childByField(expr, 'object');
      const attr = childByField(expr, 'attribute');
      // `self.headers[...]` changes the dict held in `self.headers`, not an object `self`.
      const isSelf = obj?.type === 'identifier' && textOf(obj) === 'self';
      if (obj && attr && !isSelf && OBJECT_PROPS.has(textOf(attr))) return { base: obj, path: [textOf(attr)] };
    }
    return { base: expr, path: [] };
  }

  function collectCall(node: PyNode, scope: Scope): void {
    const record = { node, scope };
    out.calls.push(record);
    const fn = childByField(node, 'function');
    if (fn?.type === 'identifier') {
      const name = textOf(fn);
      const list = out.callsByName.get(name);
      if (list) list.push(record);
      else out.callsByName.set(name, [record]);
    }
    if (fn?.type !== 'attribute') return;
    const obj = childByField(fn, 'object');
    const attr = childByField(fn, 'attribute');
    const args = childByField(node, 'arguments');
    if (!obj || !attr || !args) return;
    const method = textOf(attr);
    const { base, path } = splitProp(obj);
    if (method === 'update') out.mutations.push({ op: 'update', base, path, args, scope, node });
    else if (method === 'setdefault' || method === 'add_header' || method === 'putheader') {
      const [k, v] = namedChildren(args);
      if (k && v) {
        const target = method === 'setdefault' ? { base, path } : { base: obj, path: ['headers'] };
        out.mutations.push({ op: 'setitem', base: target.base, path: target.path, key: k, value: v, scope, node });
      }
    }
  }

  function collectImport(node: PyNode, scope: Scope): void {
    for (const item of childrenByField(node, 'name')) {
      if (item.type === 'dotted_name') {
        const path = textOf(item).replace(/\s+/g, '');
        const head = path.split('.')[0]!;
        out.importedRoots.add(head);
        bind(scope, head, { kind: 'import', pos: node.end, importPath: head });
      } else if (item.type === 'aliased_import') {
        const name = childByField(item, 'name');
        const alias = childByField(item, 'alias');
        if (!name || !alias) continue;
        const path = textOf(name).replace(/\s+/g, '');
        out.importedRoots.add(path.split('.')[0]!);
        bind(scope, textOf(alias), { kind: 'import', pos: node.end, importPath: path });
      }
    }
  }

  function collectFromImport(node: PyNode, scope: Scope): void {
    const moduleNode = childByField(node, 'module_name');
    if (!moduleNode) return;
    let level = 0;
    let moduleName = '';
    if (moduleNode.type === 'relative_import') {
      const prefix = moduleNode.children.find((c) => c.type === 'import_prefix');
      level = prefix ? prefix.end - prefix.start : 1;
      const dotted = moduleNode.children.find((c) => c.type === 'dotted_name');
      moduleName = dotted ? textOf(dotted).replace(/\s+/g, '') : '';
    } else {
      moduleName = textOf(moduleNode).replace(/\s+/g, '');
      out.importedRoots.add(moduleName.split('.')[0]!);
    }
    if (node.children.some((c) => c.type === 'wildcard_import'))
      (scope.starImports ??= []).push({ module: moduleName, level, pos: node.end });
    for (const item of childrenByField(node, 'name')) {
      let name: string;
      let alias: string;
      if (item.type === 'dotted_name') {
        name = textOf(item);
        alias = name;
      } else if (item.type === 'aliased_import') {
        const n = childByField(item, 'name');
        const a = childByField(item, 'alias');
        if (!n || !a) continue;
        name = textOf(n);
        alias = textOf(a);
      } else continue;
      bind(scope, alias, { kind: 'from-import', pos: node.end, importModule: moduleName, importLevel: level, importName: name });
    }
  }
}

/** The class whose method `scope` is (for `self.x`), if any. */
/** The innermost function around `scope` (itself when it is one). */
export function functionScopeOf(scope: Scope): Scope | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.kind === 'function') return s;
  return undefined;
}

export function methodClassScope(scope: Scope): Scope | undefined {
  let s: Scope | undefined = scope;
  while (s && s.kind === 'function') {
    if (s.parent?.kind === 'class') return s.parent;
    s = s.parent;
  }
  return undefined;
}
