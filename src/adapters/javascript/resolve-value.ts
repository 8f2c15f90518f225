import { isSecretFileVariable, mountedSecretName } from '../../credentials/secret-files.js';
import { isDbtCloudApiUrl, isDbtCloudBaseUrl } from '../../classify/endpoint.js';
import { looksLikeCredentialName } from '../../credentials/names.js';
import type { Span } from '../../model/raw-facts.js';
import { exprName, isFunction, isNode, keyName, memberChain, memberName, spanOf, unwrap, type Node } from './ast.js';
import { GENERIC_FUNCTIONS, isPlatformClassImport, libraryBinding } from './clients.js';
import type { ModuleLoader } from './imports.js';
import { lookupBinding, type Binding, type ClassInfo, type ClassMember, type ModuleInfo, type PathStep } from './module-index.js';
import {
  newEv,
  unknown,
  unknownAt,
  type ClientRef,
  type RootKey,
  type Env,
  type Ev,
  type Inst,
  type Loc,
  type JsPart,
  type ObjEntry,
  type Value,
} from './model.js';
import { combineBase, mergeParts, resolveAgainst } from './url.js';
import { EvalBudget, type ValueLimits } from '../shared/values/budget.js';
import { literalText, render, sharedStart } from '../shared/values/parts.js';
import { isSecretJsonKey, jsSecretRead, SECRET_RESPONSE_KEYS, secretIdOf, type SecretStore } from '../shared/secret-stores.js';

// Abstract evaluation of expressions: what string, object, client or function an expression
// stands for, following constants, destructuring, imports (up to MAX_HOPS files away), class
// members and function returns. Every path is bounded by depth and by the step budgets of the
// evaluation (Ev) and of the file.

/** All evaluations of one file together: keeps adversarial call graphs bounded in time. */
const FILE_LIMITS: ValueLimits = { steps: 1_500_000 };
const MAX_HOPS = 3;

const ENV_CALLEE =
  /^(get|require|read|must|load|fetch)?_?env(var|iron(ment)?(var(iable)?)?)?(or\w*)?$|^(getenv|requiredEnv|getEnvVar|getRequiredEnv|mustGetEnv|requireEnv|getEnvOrThrow|envOrThrow|getEnvironmentVariable|getRequiredEnvVar|envVar)$/i;
const CONFIG_RECEIVER = /^(config|conf|nconf|settings|configService|configuration|cfg)$/i;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export class Resolver {
  /** Set while calls are being classified: env-free values by node (spans and Ev effects do not matter then). */
  memo: Map<Node, Value> | undefined;
  private readonly spent = new EvalBudget(FILE_LIMITS);

  constructor(readonly loader: ModuleLoader) {}

  at(loc: Loc, node: Node, env: Env | undefined = loc.env): Loc {
    return { mod: loc.mod, node, env, at: loc.at, hops: loc.hops };
  }

  private spanFor(loc: Loc, node: Node): Span {
    return loc.at ?? spanOf(node);
  }

  /** The value `loc` stands for. */
  value(loc: Loc, ev: Ev, depth = 0): Value {
    if (!ev.budget.within(depth) || !ev.budget.step() || !this.spent.step()) return unknownAt(loc.node);
    if (this.memo && !loc.env) {
      const hit = this.memo.get(loc.node);
      if (hit) return hit;
      const v = this.compute(loc, ev, depth);
      if (depth <= 8) this.memo.set(loc.node, v);
      return v;
    }
    return this.compute(loc, ev, depth);
  }

  private compute(loc: Loc, ev: Ev, depth: number): Value {
    const n = unwrap(loc.node);
    const L = n === loc.node ? loc : this.at(loc, n);
    switch (n.type) {
      case 'StringLiteral': {
        const raw = (n.extra?.raw as string | undefined) ?? '';
        const span = L.at ?? { line: n.loc.start.line, column: n.loc.start.column + 2 };
        return { k: 'str', parts: [{ kind: 'literal', text: n.value, span, exact: !L.at && !raw.includes('\\') && !raw.includes('\n') }] };
      }
      case 'TemplateLiteral':
        return { k: 'str', parts: this.template(L, n, ev, depth) };
      case 'NumericLiteral': {
        const raw = n.extra?.raw as string | undefined;
        return { k: 'str', parts: [{ kind: 'literal', text: raw && /^\d+$/.test(raw) ? raw : String(n.value), span: this.spanFor(L, n) }] };
      }
      case 'BigIntLiteral':
        return { k: 'str', parts: [{ kind: 'literal', text: String(n.value), span: this.spanFor(L, n) }] };
      case 'BinaryExpression':
        return n.operator === '+' ? { k: 'str', parts: this.concat(L, n, ev, depth) } : unknown();
      case 'LogicalExpression':
        return this.logical(L, n, ev, depth);
      case 'ConditionalExpression': {
        const v = this.value(this.at(L, n.consequent), ev, depth + 1);
        return v.k === 'unknown' ? this.value(this.at(L, n.alternate), ev, depth + 1) : v;
      }
      case 'SequenceExpression':
        return this.value(this.at(L, n.expressions[n.expressions.length - 1]), ev, depth + 1);
      case 'AssignmentExpression':
        return n.operator === '=' ? this.value(this.at(L, n.right), ev, depth + 1) : unknown();
      case 'Identifier':
        return this.identifier(L, n, ev, depth);
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.memberExpr(L, n, ev, depth);
      case 'ThisExpression':
        return this.thisValue(L);
      case 'MetaProperty':
        return n.meta?.name === 'import' ? { k: 'special', name: 'importMeta' } : unknown();
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.call(L, n, ev, depth);
      case 'NewExpression':
        return this.newExpr(L, n, ev, depth);
      case 'ObjectExpression':
        return this.object(L, n);
      case 'ArrayExpression':
        return {
          k: 'arr',
          items: (n.elements as (Node | null)[])
            .filter((e): e is Node => e !== null && e.type !== 'SpreadElement')
            .map((e) => this.at(L, e)),
        };
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
      case 'ObjectMethod':
      case 'ClassMethod':
        return { k: 'fn', loc: L, thisInst: L.env?.thisInst };
      case 'ClassExpression':
      case 'ClassDeclaration': {
        const cls = L.mod.classByNode.get(n);
        return cls ? { k: 'class', cls, loc: L } : unknown();
      }
      default:
        return unknownAt(n);
    }
  }

  /** The value as string parts; anything that is not a string becomes a named unknown. */
  parts(loc: Loc, ev: Ev, depth = 0): JsPart[] {
    const v = this.value(loc, ev, depth + 1);
    if (v.k === 'str') return v.parts;
    if (v.k === 'request') return this.parts(v.url, ev, depth + 1);
    const name = v.k === 'unknown' ? (v.name ?? exprName(v.node ?? loc.node)) : exprName(loc.node);
    const part: JsPart = { kind: 'unknown', name, span: this.spanFor(loc, unwrap(loc.node)) };
    if (v.k === 'unknown' && v.choices) part.choices = v.choices;
    return [part];
  }

  private template(L: Loc, n: Node, ev: Ev, depth: number): JsPart[] {
    const out: JsPart[] = [];
    const quasis = n.quasis as Node[];
    const exprs = n.expressions as Node[];
    for (let i = 0; i < quasis.length; i++) {
      const q = quasis[i]!;
      const cooked = (q.value?.cooked ?? q.value?.raw ?? '') as string;
      if (cooked) {
        const raw = (q.value?.raw ?? '') as string;
        out.push({ kind: 'literal', text: cooked, span: this.spanFor(L, q), exact: !L.at && raw === cooked && !raw.includes('\n') });
      }
      const e = exprs[i];
      if (e && ev.budget.fits(out.length)) out.push(...this.parts(this.at(L, e), ev, depth + 1));
    }
    return out;
  }

  private concat(L: Loc, n: Node, ev: Ev, depth: number): JsPart[] {
    const rights: Node[] = [];
    let cur: Node = n;
    while (cur.type === 'BinaryExpression' && cur.operator === '+' && rights.length < 200) {
      rights.push(cur.right);
      cur = unwrap(cur.left);
    }
    const operands = [cur, ...rights.reverse()];
    const out: JsPart[] = [];
    for (const op of operands) out.push(...this.parts(this.at(L, op), ev, depth + 1));
    return out;
  }

  private logical(L: Loc, n: Node, ev: Ev, depth: number): Value {
    if (n.operator === '&&') return this.value(this.at(L, n.right), ev, depth + 1);
    const left = this.value(this.at(L, n.left), ev, depth + 1);
    if (left.k === 'unknown') {
      // `config.accountId ?? ''`: an empty default says nothing of the value, which stays unknown.
      const right = this.value(this.at(L, n.right), ev, depth + 1);
      return right.k === 'str' && literalText(right.parts) === '' ? left : right;
    }
    if (left.k !== 'str' || !left.parts.some((p) => p.kind !== 'literal')) return left;
    return withFallback(left, this.value(this.at(L, n.right), ev, depth + 1));
  }

  private object(L: Loc, n: Node): Value {
    const entries: ObjEntry[] = [];
    for (const p of n.properties as Node[]) {
      if (p.type === 'SpreadElement') entries.push({ loc: this.at(L, p.argument), spread: true });
      else if (p.type === 'ObjectProperty') {
        const key = keyName(p.key, p.computed === true);
        if (key !== undefined) entries.push({ key, loc: this.at(L, p.value) });
      } else if (p.type === 'ObjectMethod' && (p.kind === 'method' || p.kind === 'get')) {
        const key = keyName(p.key, p.computed === true);
        if (key !== undefined) entries.push({ key, loc: this.at(L, p) });
      }
    }
    return { k: 'obj', entries };
  }

  /** The entry of an object value for `key` (last one wins, spreads included). */
  lookup(obj: Value, key: string, ev: Ev, depth = 0, caseInsensitive = false): Loc | undefined {
    if (obj.k !== 'obj' || !ev.budget.within(depth)) return undefined;
    const want = caseInsensitive ? key.toLowerCase() : key;
    for (let i = obj.entries.length - 1; i >= 0; i--) {
      const e = obj.entries[i]!;
      if (e.spread) {
        const inner = this.value(e.loc, ev, depth + 1);
        const hit = this.lookup(inner, key, ev, depth + 1, caseInsensitive);
        if (hit) return hit;
      } else if (e.key !== undefined && (caseInsensitive ? e.key.toLowerCase() : e.key) === want) {
        return e.loc;
      }
    }
    return undefined;
  }

  // --- identifiers and bindings -------------------------------------------------------------

  private identifier(L: Loc, n: Node, ev: Ev, depth: number): Value {
    const name = n.name as string;
    if (name === 'undefined') return unknown();
    const b = lookupBinding(L.mod, name, n.start);
    if (!b) return this.global(name);
    return this.binding(L, b, n, ev, depth);
  }

  private global(name: string): Value {
    switch (name) {
      case 'fetch':
        return { k: 'client', c: { lib: 'fetch', display: 'fetch', roots: [] } };
      case 'axios':
        return { k: 'client', c: { lib: 'axios', display: 'axios', roots: [] } };
      // Google Apps Script's HTTP service: `UrlFetchApp.fetch(url, { method, headers, payload })`.
      case 'UrlFetchApp':
        return { k: 'client', c: { lib: 'urlfetchapp', display: 'UrlFetchApp', roots: [] } };
      case 'process':
        return { k: 'special', name: 'process' };
      case 'globalThis':
      case 'window':
      case 'self':
      case 'global':
        return { k: 'special', name: 'global' };
      case 'Deno':
        return { k: 'special', name: 'deno' };
      case 'Bun':
        return { k: 'special', name: 'bun' };
      default:
        return unknown(name);
    }
  }

  binding(L: Loc, b: Binding, use: Node, ev: Ev, depth: number): Value {
    switch (b.kind) {
      case 'var': {
        if (b.iterates && !b.init) return this.loopItems(L, b.iterates, b.path, b.name, ev, depth);
        let v: Value;
        const init = b.init ?? L.mod.assigns.get(b.name)?.[0];
        // values from `require('./x')` enter this file where the binding is used
        const initLoc =
          init && !L.at && isRequire(init) && use.type === 'Identifier'
            ? { ...this.at(L, init), at: spanOf(use) }
            : init
              ? this.at(L, init)
              : undefined;
        if (initLoc) v = this.value(initLoc, ev, depth + 1);
        else v = unknown(b.name);
        if (b.path.length > 0) v = this.select(initLoc ?? this.at(L, use), v, b.path, ev, depth);
        if (v.k === 'unknown' && b.def) v = this.value(this.at(L, b.def), ev, depth + 1);
        // `const { DBT_HOST = "cloud.getdbt.com" } = process.env`: the default, as `??` gives it.
        else if (b.def && v.k === 'str' && v.parts.some((p) => p.kind !== 'literal'))
          v = withFallback(v, this.value(this.at(L, b.def), ev, depth + 1));
        if (v.k === 'client' && b.path.length === 0) v = withRoot(v, { mod: L.mod, chain: [b.name], at: L.at, hops: L.hops });
        // `const { dbtCloudPat } = useRuntimeConfig()`: a token read off an object the scan cannot follow, named as read.
        if (v.k === 'unknown' && init && b.path.length > 0 && b.path.every((p) => typeof p === 'string') && looksLikeCredentialName(b.name))
          return unknown(`${exprName(init).replace(/\(\)$/, '')}.${b.path.join('.')}`);
        if (v.k === 'unknown') return unknown(b.name);
        return v;
      }
      case 'param': {
        const args = L.env?.params.get(b.fn);
        if (args) {
          ev.bound.add(b.fn);
          const arg = args[b.index];
          let v: Value = arg ? this.value(arg, ev, depth + 1) : unknown(b.name);
          if (arg && b.path.length > 0) v = this.select(arg, v, b.path, ev, depth);
          if (v.k === 'unknown' && b.def) v = this.value(this.at(L, b.def), ev, depth + 1);
          return v.k === 'unknown' && !isInjectedHttpFunction(v) ? unknown(b.name) : v;
        }
        ev.free.add(b.fn);
        if (b.def) {
          const v = this.value(this.at(L, b.def), ev, depth + 1);
          if (v.k !== 'unknown' || isInjectedHttpFunction(v)) return v;
        }
        return unknown(b.name);
      }
      case 'function':
        return { k: 'fn', loc: this.at(L, b.node), thisInst: undefined };
      case 'class': {
        const cls = L.mod.classByNode.get(b.node);
        return cls ? { k: 'class', cls, loc: this.at(L, b.node) } : unknown(b.name);
      }
      case 'import':
        return this.imported(L, b.source, b.imported, b.name, use, ev, depth);
      default:
        return unknown(b.name);
    }
  }

  private imported(L: Loc, source: string, imported: string, localName: string, use: Node, ev: Ev, depth: number): Value {
    // SvelteKit exposes the environment as modules: `import { DBT_TOKEN } from '$env/static/private'`
    if (/^\$env\/(static|dynamic)\/(private|public)$/.test(source)) {
      if (imported === 'env' || imported === '*') return { k: 'envobj' };
      return { k: 'str', parts: [{ kind: 'reference', source: 'env', name: imported, span: L.at ?? spanOf(use) }] };
    }
    const lib = libraryBinding(source, imported);
    if (lib) return { k: 'client', c: { ...lib, roots: [{ mod: L.mod, chain: [localName], at: L.at, hops: L.hops }] } };
    if (L.hops >= MAX_HOPS) return unknown(localName);
    const path = this.loader.resolve(L.mod, source);
    const target = path ? this.loader.load(path) : undefined;
    if (!target) return unknown(localName);
    const at = L.at ?? spanOf(use);
    if (imported === '*') return { k: 'module', mod: target, at, hops: L.hops + 1 };
    const v = this.exported(target, imported, at, L.hops + 1, ev, depth + 1);
    return v.k === 'unknown' ? unknown(localName) : v;
  }

  /** The value module `mod` exports as `name`. */
  exported(mod: ModuleInfo, name: string, at: Span | undefined, hops: number, ev: Ev, depth: number): Value {
    if (hops > MAX_HOPS || !ev.budget.within(depth)) return unknown(name);
    const base: Loc = { mod, node: mod.program, at, hops };
    const e = mod.exports.get(name);
    if (e) {
      if ('source' in e) {
        const path = this.loader.resolve(mod, e.source);
        const target = path ? this.loader.load(path) : undefined;
        if (!target) {
          const lib = libraryBinding(e.source, e.imported);
          return lib ? { k: 'client', c: lib } : unknown(name);
        }
        if (e.imported === '*') return { k: 'module', mod: target, at, hops: hops + 1 };
        return this.exported(target, e.imported, at, hops + 1, ev, depth + 1);
      }
      if ('local' in e) {
        const b = topBinding(mod, e.local);
        if (b) return this.binding(base, b, mod.program, ev, depth + 1);
        if (e.node) return this.value(this.at(base, e.node), ev, depth + 1);
        return unknown(name);
      }
      return this.value(this.at(base, e.node), ev, depth + 1);
    }
    if (mod.cjsExport) {
      const cjs = this.value(this.at(base, mod.cjsExport), ev, depth + 1);
      if (name === 'default') return cjs;
      return this.member(base, cjs, name, mod.program, ev, depth + 1);
    }
    for (const star of mod.starExports.slice(0, 20)) {
      const path = this.loader.resolve(mod, star);
      const target = path ? this.loader.load(path) : undefined;
      if (!target) continue;
      const v = this.exported(target, name, at, hops + 1, ev, depth + 1);
      if (v.k !== 'unknown') return v;
    }
    return unknown(name);
  }

  private select(L: Loc, v: Value, path: PathStep[], ev: Ev, depth: number): Value {
    let cur = v;
    for (const step of path) {
      if (typeof step === 'number') {
        // `const [version] = await client.accessSecretVersion(...)`: the response holds the secret.
        if (cur.k === 'str' && secretNameOf(cur) !== undefined && step === 0) continue;
        cur = cur.k === 'arr' && cur.items[step] ? this.value(cur.items[step]!, ev, depth + 1) : unknown();
      } else {
        cur = this.member(L, cur, step, L.node, ev, depth + 1);
      }
      if (cur.k === 'unknown') return cur;
    }
    return cur;
  }

  // --- member access -----------------------------------------------------------------------

  private memberExpr(L: Loc, n: Node, ev: Ev, depth: number): Value {
    const name = memberName(n);
    // yargs' older `yargs(process.argv.slice(2)).option(…).argv`: the parsed options.
    if (
      name === 'argv' &&
      (unwrap(n.object as Node).type === 'CallExpression' || unwrap(n.object as Node).type === 'MemberExpression') &&
      chainRoot(n) === 'yargs'
    ) {
      const options = yargsOptions(L);
      if (options) return options;
    }
    if (name === undefined) {
      // process.env[name] with a computed name: still an env reference, name unknown
      const obj = this.value(this.at(L, n.object), ev, depth + 1);
      if (obj.k === 'obj' || obj.k === 'arr') return this.entryPicked(L, obj, n, ev, depth);
      if (obj.k !== 'envobj') return unknownAt(n);
      // process.env[KEY]: a name held in a constant is still a known name
      const key = this.value(this.at(L, n.property), ev, depth + 1);
      const keyText = key.k === 'str' ? literalText(key.parts) : undefined;
      if (keyText) return { k: 'str', parts: [{ kind: 'reference', source: 'env', name: keyText, span: this.spanFor(L, n) }] };
      return {
        k: 'str',
        parts: [{ kind: 'reference', source: 'env', name: exprName(n.property), anonymous: true, span: this.spanFor(L, n) }],
      };
    }
    const obj = this.value(this.at(L, n.object), ev, depth + 1);
    const v = this.member(L, obj, name, n, ev, depth);
    return v.k === 'unknown' ? unknownAt(n) : v;
  }

  /**
   * `URLS[kind]`: the entry a key known here names; with the key known only at run time, what
   * every entry starts with (one base URL, each its own path), the rest unknown.
   */
  private entryPicked(L: Loc, obj: Extract<Value, { k: 'obj' | 'arr' }>, n: Node, ev: Ev, depth: number): Value {
    const key = this.value(this.at(L, n.property), ev, depth + 1);
    const keyText = key.k === 'str' ? literalText(key.parts) : undefined;
    if (keyText !== undefined && obj.k === 'obj') {
      const v = this.member(L, obj, keyText, n, ev, depth);
      return v.k === 'unknown' ? unknownAt(n) : v;
    }
    const locs = obj.k === 'arr' ? obj.items : obj.entries.some((e) => e.spread) ? [] : obj.entries.map((e) => e.loc);
    if (keyText !== undefined || locs.length > 500) return unknownAt(n);
    const values = locs.map((loc) => this.value(loc, ev, depth + 1));
    if (values.some((v) => v.k !== 'str')) return unknownAt(n);
    const shared = sharedStart(values.map((v) => (v as { parts: JsPart[] }).parts));
    if (!shared) return unknownAt(n);
    return shared.whole
      ? values[0]!
      : { k: 'str', parts: [...shared.parts, { kind: 'unknown', name: `${exprName(n.object)}[${exprName(n.property)}]` }] };
  }

  /**
   * A `for…of` name over a literal collection (`[101, 202]`, `Object.values(ACCOUNTS)`,
   * `Object.entries(ACCOUNTS)` with `[region, id]`): unknown, with the literal values it takes.
   */
  private loopItems(L: Loc, iterable: Node, path: PathStep[], name: string, ev: Ev, depth: number): Value {
    const n = unwrap(iterable);
    const chain = n.type === 'CallExpression' ? memberChain(n.callee) : undefined;
    const view = chain?.length === 2 && chain[0] === 'Object' ? chain[1] : undefined;
    const over =
      view && (n.arguments as Node[])[0]
        ? this.value(this.at(L, (n.arguments as Node[])[0]!), ev, depth + 1)
        : view
          ? unknown()
          : this.value(this.at(L, n), ev, depth + 1);
    const texts = (x: Value): string | undefined => (x.k === 'str' ? literalText(x.parts) : undefined);
    let items: (string | undefined)[][] = [];
    if (over.k === 'arr' && !view) {
      items = over.items.slice(0, 50).map((loc) => {
        const item = this.value(loc, ev, depth + 1);
        return item.k === 'arr' ? item.items.slice(0, 8).map((x) => texts(this.value(x, ev, depth + 1))) : [texts(item)];
      });
    } else if (over.k === 'obj' && (view === 'values' || view === 'entries' || view === 'keys')) {
      items = over.entries.slice(0, 50).map((e) => {
        const value = texts(this.value(e.loc, ev, depth + 1));
        return view === 'values' ? [value] : view === 'keys' ? [e.key] : [e.key, value];
      });
    } else return unknown(name);
    const index = typeof path[0] === 'number' ? path[0] : 0;
    const choices = items.map((x) => x[index]);
    if (choices.length === 0 || choices.some((c) => c === undefined) || path.length > 1) return unknown(name);
    return { k: 'unknown', name, choices: choices as string[] };
  }

  /** `obj.name`, where `at` is the member expression (or the node to point at). */
  member(L: Loc, obj: Value, name: string, at: Node, ev: Ev, depth: number): Value {
    switch (obj.k) {
      case 'envobj':
        return { k: 'str', parts: [{ kind: 'reference', source: 'env', name, span: this.spanFor(L, at) }] };
      case 'configobj':
        return { k: 'str', parts: [{ kind: 'reference', source: 'config', name, span: this.spanFor(L, at) }] };
      case 'special':
        if ((obj.name === 'process' || obj.name === 'importMeta' || obj.name === 'bun') && name === 'env') return { k: 'envobj' };
        if (obj.name === 'deno' && name === 'env') return { k: 'special', name: 'denoEnv' };
        if (obj.name === 'global') return this.global(name);
        return unknown();
      case 'obj': {
        const hit = this.lookup(obj, name, ev, depth + 1);
        return hit ? this.value(hit, ev, depth + 1) : unknown();
      }
      case 'module':
        return this.exported(obj.mod, name, obj.at, obj.hops, ev, depth + 1);
      case 'client':
        return this.clientMember(obj.c, name);
      case 'inst':
        return this.instMember(obj.inst, name, ev, depth);
      case 'class': {
        // `Dbt.base` with `static base = "https://…"`: the field's value, as `this.base` reads it.
        const field = orderedMembers(obj.cls, name).find(
          (m): m is Extract<ClassMember, { kind: 'field' }> => m.kind === 'field' && !!m.value,
        );
        return field?.value ? this.value(this.at(obj.loc, field.value), ev, depth + 1) : unknown();
      }
      case 'str': {
        const secret = secretNameOf(obj);
        if (secret === undefined) return name === 'href' || name === 'url' ? obj : unknown();
        // A store's response wraps the secret (`.SecretString`, `[version]`); any other key is one of the JSON it holds.
        if (SECRET_RESPONSE_KEYS.has(name) || name === '0') return obj;
        if (!isSecretJsonKey(name)) return unknown();
        return { k: 'str', parts: [{ kind: 'reference', source: 'secret', name: `${secret}.${name}`, span: this.spanFor(L, at) }] };
      }
      case 'request':
        return name === 'url' ? this.value(obj.url, ev, depth + 1) : unknown();
      case 'unknown':
        // A Cloudflare Worker's `env` parameter, Hono's `c.env`: the platform's variables and
        // secrets, under the names they are deployed with.
        if (
          ENV_VARIABLE_NAME.test(name) &&
          (obj.name === 'env' || (obj.node?.type === 'MemberExpression' && memberName(obj.node) === 'env'))
        )
          return { k: 'str', parts: [{ kind: 'reference', source: 'env', name, span: this.spanFor(L, at) }] };
        return unknown();
      case 'arr': {
        const i = Number(name);
        return Number.isInteger(i) && obj.items[i] ? this.value(obj.items[i]!, ev, depth + 1) : unknown();
      }
      default:
        return unknown();
    }
  }

  private clientMember(c: ClientRef, name: string): Value {
    if (name === 'default' && c.member === undefined) return { k: 'client', c };
    // `axios.get` is a request; `axios.get.x` is nothing we know
    if (c.member !== undefined) return unknown();
    if (c.lib === 'undici')
      return name === 'fetch' ? { k: 'client', c: { ...c, lib: 'fetch', display: 'undici' } } : { k: 'client', c: { ...c, member: name } };
    return { k: 'client', c: { ...c, member: name } };
  }

  // --- classes and `this` ------------------------------------------------------------------

  private thisValue(L: Loc): Value {
    if (L.env?.thisInst) return { k: 'inst', inst: L.env.thisInst };
    let p: Node | undefined = L.mod.parents.get(L.node);
    for (let guard = 0; p && guard < 100_000; guard++) {
      if (isFunction(p)) {
        const cls = L.mod.fns.get(p)?.cls;
        if (cls) return { k: 'inst', inst: this.soleInstance(L, cls) };
        if (p.type !== 'ArrowFunctionExpression') return this.objectOfMethod(L, p) ?? unknown('this');
      }
      if (p.type === 'ClassBody') {
        const cls = L.mod.classByNode.get(L.mod.parents.get(p)!);
        if (cls) return { k: 'inst', inst: this.soleInstance(L, cls) };
      }
      p = L.mod.parents.get(p);
    }
    return unknown('this');
  }

  /**
   * `this` in a method of an object literal: the object. In an options object (Vue's, a Pipedream
   * component's) the methods, computed values and props of the objects around it are members of
   * `this` too (`methods: { _baseUrl() {…}, list() { return this._baseUrl() } }`).
   */
  private objectOfMethod(L: Loc, fn: Node): Value | undefined {
    const holder = fn.type === 'ObjectMethod' ? fn : L.mod.parents.get(fn);
    let obj = holder && (holder.type === 'ObjectMethod' || holder.type === 'ObjectProperty') ? L.mod.parents.get(holder) : undefined;
    if (obj?.type !== 'ObjectExpression') return undefined;
    const objects: Node[] = [];
    for (let i = 0; obj && obj.type === 'ObjectExpression' && i < 4; i++) {
      objects.unshift(obj);
      const pair = L.mod.parents.get(obj);
      obj = pair?.type === 'ObjectProperty' ? L.mod.parents.get(pair) : undefined;
    }
    const entries: ObjEntry[] = [];
    for (const o of objects) {
      entries.push({ loc: this.at({ ...L, env: undefined }, o), spread: true });
      for (const p of o.properties as Node[]) {
        if (
          p.type === 'ObjectProperty' &&
          OPTION_MEMBERS.has(keyName(p.key, p.computed === true) ?? '') &&
          p.value?.type === 'ObjectExpression'
        )
          entries.push({ loc: this.at({ ...L, env: undefined }, p.value), spread: true });
      }
    }
    return { k: 'obj', entries };
  }

  /**
   * `this` in a method read on its own: the instance its module makes when it makes exactly one
   * (`export const dbt = new DbtClient(process.env.DBT_CLOUD_SERVICE_TOKEN)`, a singleton other
   * modules import and call), with that `new`'s arguments; else an instance of unknown arguments.
   */
  private soleInstance(L: Loc, cls: ClassInfo): Inst {
    let sole = SOLE_NEW.get(cls);
    if (sole === undefined) {
      // Looked for once per class: `this` is read in every method.
      const made =
        cls.name === undefined
          ? []
          : L.mod.calls.filter(
              (c) => c.type === 'NewExpression' && unwrap(c.callee).type === 'Identifier' && unwrap(c.callee).name === cls.name,
            );
      const bound = made.length === 1 ? lookupBinding(L.mod, cls.name!, made[0]!.start) : undefined;
      sole = bound?.kind === 'class' && bound.node === cls.node ? made[0]! : null;
      SOLE_NEW.set(cls, sole);
    }
    const args =
      sole && (sole.arguments as Node[]).map((a) => this.at({ ...L, env: undefined }, a.type === 'SpreadElement' ? a.argument : a));
    return args ? { cls, mod: L.mod, args, at: L.at, hops: L.hops } : { cls, mod: L.mod, at: L.at, hops: L.hops };
  }

  private instEnv(inst: Inst, fn?: Node): Env {
    const params = new Map<Node, Loc[]>();
    if (fn && inst.args && fn === inst.cls.ctor) params.set(fn, inst.args);
    return { params, thisInst: inst };
  }

  private instMember(inst: Inst, name: string, ev: Ev, depth: number, seen = 0): Value {
    const base: Loc = { mod: inst.mod, node: inst.cls.node, at: inst.at, hops: inst.hops };
    const ctor = inst.cls.ctor;
    const ordered = orderedMembers(inst.cls, name);
    for (const m of ordered) {
      let v: Value = unknown();
      if (m.kind === 'getter') {
        for (const ret of returnExpressions(m.fn)) {
          v = this.value({ ...base, node: ret, env: this.instEnv(inst) }, ev, depth + 1);
          if (v.k !== 'unknown') break;
        }
      } else if (m.kind === 'assign') {
        v = this.value({ ...base, node: m.value, env: this.instEnv(inst, m.fn) }, ev, depth + 1);
      } else if (m.kind === 'field' && m.value) {
        v = this.value({ ...base, node: m.value, env: this.instEnv(inst) }, ev, depth + 1);
      } else if (m.kind === 'param' && ctor) {
        const arg = inst.args?.[m.index];
        if (arg) {
          ev.bound.add(ctor);
          v = this.value(arg, ev, depth + 1);
        } else {
          ev.free.add(ctor);
          const p = (ctor.params as Node[])[m.index];
          const def = p?.type === 'TSParameterProperty' && p.parameter?.type === 'AssignmentPattern' ? p.parameter.right : undefined;
          if (def) v = this.value({ ...base, node: def, env: this.instEnv(inst) }, ev, depth + 1);
          if (v.k === 'unknown') return unknown(name);
        }
      } else if (m.kind === 'method') {
        return { k: 'fn', loc: { ...base, node: m.fn }, thisInst: inst };
      }
      if (v.k !== 'unknown')
        return v.k === 'client' ? withRoot(v, { mod: inst.mod, chain: ['this', name], at: inst.at, hops: inst.hops }) : v;
    }
    // inherited members
    if (inst.cls.superClass && seen < 4) {
      const sup = this.value({ ...base, node: inst.cls.superClass }, ev, depth + 1);
      if (sup.k === 'class')
        return this.instMember(
          { ...inst, cls: sup.cls, mod: sup.loc.mod, hops: sup.loc.hops, at: sup.loc.at ?? inst.at },
          name,
          ev,
          depth + 1,
          seen + 1,
        );
    }
    return unknown(name);
  }

  // --- calls -------------------------------------------------------------------------------

  private call(L: Loc, n: Node, ev: Ev, depth: number): Value {
    const callee = unwrap(n.callee);
    const args = (n.arguments as Node[]).map((a) => this.at(L, a.type === 'SpreadElement' ? a.argument : a));
    const arg0 = unwrap((n.arguments as Node[])[0] ?? n);
    const literalArg = arg0.type === 'StringLiteral' ? (arg0.value as string) : undefined;
    const chain = memberChain(callee);
    const last = chain?.[chain.length - 1];

    if (callee.type === 'Identifier' && !lookupBinding(L.mod, callee.name, callee.start)) {
      if (callee.name === 'require' && literalArg !== undefined) return this.required(L, literalArg, n, ev, depth);
      if (/^(String|encodeURI|encodeURIComponent|decodeURI|decodeURIComponent)$/.test(callee.name) && args[0])
        return { k: 'str', parts: this.parts(args[0], ev, depth + 1) };
    }
    const secret = this.secretRead(L, n, callee, args, ev, depth);
    if (secret) return secret;
    // commander's `program.opts()`: each `.option("-t, --token <token>", "…", process.env.X)` by its name, holding its default.
    if (last === 'opts' && (n.arguments as Node[]).length === 0) {
      const options = commanderOptions(L);
      if (options) return options;
    }
    // yargs' `yargs(hideBin(process.argv)).option("token", { default: process.env.X }).parse()`: likewise.
    if (YARGS_PARSE.test(memberName(callee) ?? '') && chainRoot(callee) === 'yargs') {
      const options = yargsOptions(L);
      if (options) return options;
    }
    // Google's `client.secretVersionPath(project, "dbt-cloud-service-token", "latest")`: the resource name, by its secret.
    if ((last === 'secretVersionPath' || last === 'secretPath') && args[1]) {
      const id = this.value(args[1], ev, depth + 1);
      const text = id.k === 'str' ? literalText(id.parts) : undefined;
      if (text !== undefined && /^[\w-]{1,255}$/.test(text))
        return { k: 'str', parts: [{ kind: 'literal', text: `projects/{project}/secrets/${text}` }] };
    }
    // A secret file at the path a variable gives by Docker's convention (`readFileSync(process.env.DBT_CLOUD_PAT_FILE)`): that variable.
    if (/^(?:readFileSync|readFile)$/.test(last ?? '') && args[0] && literalArg === undefined) {
      const path = this.value(args[0], ev, depth + 1);
      const only = path.k === 'str' && path.parts.length === 1 ? path.parts[0] : undefined;
      if (only?.kind === 'reference' && only.source === 'env' && isSecretFileVariable(only.name)) return path;
    }
    // env and config getters: getEnv('X'), core.getInput('x'), config.get('a.b'), Deno.env.get('X')
    if (literalArg !== undefined && last) {
      const receiver = chain!.length >= 2 ? chain![chain!.length - 2]! : '';
      const span = this.spanFor(L, n);
      // A secret mounted as a file (`fs.readFileSync("/run/secrets/dbt_cloud_pat", "utf8")`), and Firebase's
      // `defineSecret("DBT_CLOUD_PAT")` (read with `.value()`): that secret, by its name.
      const mounted = /^(?:readFileSync|readFile)$/.test(last) ? mountedSecretName(literalArg) : undefined;
      const defined = last === 'defineSecret' && ENV_NAME.test(literalArg) ? literalArg : undefined;
      if (mounted ?? defined) return { k: 'str', parts: [{ kind: 'reference', source: 'secret', name: (mounted ?? defined)!, span }] };
      // env-var's `env.get("X").required().asString()` (the accessors below keep the read).
      const envVarPackage = last === 'get' && chain!.length === 2 && /^env$/i.test(receiver) && /^[A-Z][A-Z0-9_]{1,127}$/.test(literalArg);
      if (chain!.join('.') === 'Deno.env.get' || envVarPackage || (ENV_CALLEE.test(last) && ENV_NAME.test(literalArg))) {
        return { k: 'str', parts: [{ kind: 'reference', source: 'env', name: literalArg, span }] };
      }
      // A GitHub Action's input is configured by the workflow that uses the action.
      if (last === 'getInput' && (chain!.length === 1 || receiver === 'core')) {
        return { k: 'str', parts: [{ kind: 'reference', source: 'config', name: literalArg, span }] };
      }

      if ((last === 'get' || last === 'getOrThrow') && CONFIG_RECEIVER.test(receiver)) {
        const env = ENV_NAME.test(literalArg) ? literalArg : this.loader.nodeConfigEnv(L.mod.path, literalArg);
        // A token the project's config files hold for the key (`config/production.json`) types the setting; it is reported where written.
        const held = env === undefined ? this.loader.nodeConfigToken(L.mod.path, literalArg) : undefined;
        return {
          k: 'str',
          parts: [
            {
              kind: 'reference',
              source: env !== undefined ? 'env' : 'config',
              name: env ?? literalArg,
              span,
              ...(held ? { heldValue: held } : {}),
            },
          ],
        };
      }
    }
    // settings.get('dbtCloudToken') on a VS Code configuration object (the chain stops at a call)
    if (
      literalArg !== undefined &&
      (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
      memberName(callee) === 'get' &&
      this.value(this.at(L, callee.object), ev, depth + 1).k === 'configobj'
    ) {
      return { k: 'str', parts: [{ kind: 'reference', source: 'config', name: literalArg, span: this.spanFor(L, n) }] };
    }
    // Extension settings: Raycast getPreferenceValues(), VS Code workspace.getConfiguration(section)
    if (
      (last === 'getPreferenceValues' && (chain!.length === 1 || chain![0] === 'raycast' || chain![0] === 'api')) ||
      (last === 'getConfiguration' && chain!.length >= 2 && chain![chain!.length - 2] === 'workspace')
    ) {
      return { k: 'configobj' };
    }
    // string helpers keep the string they are called on (also one made in place: `new URL(…).toString()`)
    const method = last ?? memberName(callee);
    if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && method) {
      const objLoc = this.at(L, callee.object);
      if (/^(toString|trim|trimEnd|trimStart|valueOf|value|toJSON|normalize)$/.test(method)) {
        const v = this.value(objLoc, ev, depth + 1);
        if (v.k === 'str') return v;
      } else if (/^(?:required|default|as(?:String|EnumString|UrlString))$/.test(method)) {
        // env-var's accessors: still the variable read (`env.get("X").default("…").required().asString()`).
        const v = this.value(objLoc, ev, depth + 1);
        if (v.k === 'str' && v.parts.length === 1 && v.parts[0]!.kind === 'reference') return v;
      } else if (method === 'replace' || method === 'replaceAll') {
        const v = this.value(objLoc, ev, depth + 1);
        if (v.k === 'str') return { k: 'str', parts: stripTrailingSlashIfAsked(v.parts, n) };
      } else if (method === 'concat') {
        const v = this.value(objLoc, ev, depth + 1);
        if (v.k === 'str') return { k: 'str', parts: [...v.parts, ...args.flatMap((a) => this.parts(a, ev, depth + 1))] };
      } else if (method === 'join') {
        const v = this.value(objLoc, ev, depth + 1);
        if (v.k === 'arr') {
          const sep: JsPart[] = args[0] ? this.parts(args[0], ev, depth + 1) : [{ kind: 'literal', text: ',' }];
          const out: JsPart[] = [];
          v.items.slice(0, 50).forEach((item, i) => {
            if (i > 0) out.push(...sep);
            out.push(...this.parts(item, ev, depth + 1));
          });
          return { k: 'str', parts: mergeParts(out) };
        }
      }
    }
    // validated environments: `schema.parse(process.env)`, `cleanEnv(process.env, ...)`, `createEnv({ runtimeEnv: process.env })`
    if (readsEnvironment(n)) return { k: 'envobj' };
    const cv = this.value(this.at(L, callee), ev, depth + 1);
    if (cv.k === 'client') return this.clientCall(L, cv.c, n, args);
    if (cv.k === 'fn') return this.callReturn(cv, args, ev, depth);
    return unknownAt(n);
  }

  /**
   * A token read from a cloud secret store, named by the secret's id (secret-stores.ts): AWS
   * SDK v2 `sm.getSecretValue({ SecretId })` (and its `.promise()`), v3 `client.send(command)`,
   * Google's `accessSecretVersion({ name })`, Azure's `getSecret(name)`; `JSON.parse` of one.
   */
  private secretRead(L: Loc, n: Node, callee: Node, args: Loc[], ev: Ev, depth: number): Value | undefined {
    if (callee.type === 'Identifier') {
      const store = powertoolsRead(L.mod, callee);
      return store && args[0] ? this.secretFrom(L, n, store, args[0], ev, depth) : undefined;
    }
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return undefined;
    const method = memberName(callee);
    if (method === undefined) return undefined;
    if (method === 'send' || (method === 'parse' && exprName(callee.object) === 'JSON')) {
      const v = args[0] ? this.value(args[0], ev, depth + 1) : undefined;
      return v && secretNameOf(v) !== undefined ? v : undefined;
    }
    if (method === 'promise') {
      const v = this.value(this.at(L, callee.object), ev, depth + 1);
      return secretNameOf(v) !== undefined ? v : undefined;
    }
    if (method === 'getProperty' && args[0]) return this.scriptProperty(L, n, callee, args[0], ev, depth);
    const store = jsSecretRead(method);
    return store && args[0] ? this.secretFrom(L, n, store, args[0], ev, depth) : undefined;
  }

  /**
   * Google Apps Script's properties (`PropertiesService.getScriptProperties().getProperty("DBT_CLOUD_SERVICE_TOKEN")`,
   * also through a variable holding the store): where a script keeps its secrets, a setting named by its key.
   */
  private scriptProperty(L: Loc, n: Node, callee: Node, arg: Loc, ev: Ev, depth: number): Value | undefined {
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return undefined;
    let store = unwrap(callee.object);
    if (store.type === 'Identifier') {
      const b = lookupBinding(L.mod, store.name, store.start);
      const init = b?.kind === 'var' && b.init ? unwrap(b.init) : undefined;
      if (init) store = init;
    }
    const factory = store.type === 'CallExpression' ? unwrap(store.callee) : undefined;
    if (!factory || !/^PropertiesService\.get(?:Script|User|Document)Properties$/.test(memberChain(factory)?.join('.') ?? ''))
      return undefined;
    const key = this.value(arg, ev, depth + 1);
    const name = key.k === 'str' ? literalText(key.parts) : undefined;
    if (name === undefined || !/^[\w.-]{1,120}$/.test(name)) return undefined;
    return { k: 'str', parts: [{ kind: 'reference', source: 'config', name, span: this.spanFor(L, n) }] };
  }

  /** The secret a read names: its id as a string argument, or as the request object's `key`. */
  private secretFrom(L: Loc, n: Node, store: { what: SecretStore; key: string }, arg: Loc, ev: Ev, depth: number): Value | undefined {
    let id = this.value(arg, ev, depth + 1);
    if (id.k === 'obj') {
      const entry = this.lookup(id, store.key, ev, depth + 1);
      id = entry ? this.value(entry, ev, depth + 1) : unknown();
    }
    const given = id.k === 'str' ? (literalText(id.parts) ?? secretIdFromEnv(id.parts) ?? gcpSecretOf(store.what, id.parts)) : undefined;
    if (given === undefined || given.length > 300) return undefined;
    return { k: 'str', parts: [{ kind: 'reference', source: 'secret', name: secretIdOf(store.what, given), span: this.spanFor(L, n) }] };
  }

  private required(L: Loc, source: string, use: Node, ev: Ev, depth: number): Value {
    const lib = libraryBinding(source, 'default');
    if (lib) return { k: 'client', c: lib };
    return this.imported(L, source, '*', source, use, ev, depth);
  }

  /** A call on a client: instance factories give an instance; requests give an unknown response. */
  private clientCall(L: Loc, c: ClientRef, n: Node, args: Loc[]): Value {
    const factory =
      (c.lib === 'axios' && c.member === 'create') ||
      (c.lib === 'got' && c.member === 'extend') ||
      (c.lib === 'ky' && (c.member === 'create' || c.member === 'extend')) ||
      (c.lib === 'ofetch' && c.member === 'create') ||
      (c.lib === 'apollo' && c.member === 'createHttpLink') ||
      (c.lib === 'request' && c.member === 'defaults');
    if (c.lib === 'urql' && c.member === 'createClient') return this.urqlClient(c, L, args[0]);
    if (!factory) return unknownAt(n);
    const configs = [...(c.instance?.configs ?? []), ...args.slice(0, 1)];
    // Apollo's auth link (`setContext(…)`) sets the headers of the HTTP link it is composed with.
    if (c.lib === 'apollo') configs.push(...moduleAuthLinks(L));
    return { k: 'client', c: { lib: c.lib, display: c.display, instance: { configs, base: c.instance?.base, created: L }, roots: [] } };
  }

  /**
   * urql's client, `createClient({ url, fetchOptions })` or `new Client(…)`: the URL in the
   * options, the headers in `fetchOptions`, an object or a function returning one.
   */
  private urqlClient(c: ClientRef, L: Loc, options: Loc | undefined): Value {
    const configs: Loc[] = options ? [options] : [];
    const ev = newEv();
    const fetchOptions = options ? this.lookup(this.value(options, ev), 'fetchOptions', ev) : undefined;
    const fo = fetchOptions ? this.value(fetchOptions, ev) : undefined;
    if (fo?.k === 'fn') {
      const ret = returnExpressions(fo.loc.node)[0];
      if (ret) configs.push({ ...fo.loc, node: ret });
    } else if (fetchOptions) configs.push(fetchOptions);
    return { k: 'client', c: { lib: 'urql', display: c.display, instance: { configs, created: L }, roots: [] } };
  }

  /** The value a function returns when called with `args`. */
  private callReturn(fn: Extract<Value, { k: 'fn' }>, args: Loc[], ev: Ev, depth: number): Value {
    const node = fn.loc.node;
    const params = new Map(fn.loc.env?.params ?? []);
    params.set(node, args);
    const env: Env = { params, thisInst: fn.thisInst ?? fn.loc.env?.thisInst };
    for (const ret of returnExpressions(node)) {
      const v = this.value({ mod: fn.loc.mod, node: ret, env, at: fn.loc.at, hops: fn.loc.hops }, ev, depth + 1);
      if (v.k !== 'unknown') return v;
    }
    return unknown();
  }

  private newExpr(L: Loc, n: Node, ev: Ev, depth: number): Value {
    const callee = unwrap(n.callee);
    const args = (n.arguments as Node[]).map((a) => this.at(L, a.type === 'SpreadElement' ? a.argument : a));
    if (callee.type === 'Identifier' && isPlatformClass(L.mod, callee)) {
      switch (callee.name) {
        case 'URL':
          if (!args[0]) return unknown();
          return {
            k: 'str',
            parts: resolveAgainst(this.parts(args[0], ev, depth + 1), args[1] ? this.parts(args[1], ev, depth + 1) : undefined),
          };
        case 'Headers':
          return args[0] ? this.value(args[0], ev, depth + 1) : { k: 'obj', entries: [] };
        case 'Request':
          return args[0] ? { k: 'request', url: args[0], init: args[1] } : unknown();
        default:
          break;
      }
    }
    // AWS SDK v3: `new GetSecretValueCommand({ SecretId })`, sent by `client.send(...)` (secretRead).
    const command = callee.type === 'Identifier' ? jsSecretRead(callee.name, true) : undefined;
    if (command && args[0]) return this.secretFrom(L, n, command, args[0], ev, depth) ?? unknown();
    const cv = this.value(this.at(L, callee), ev, depth + 1);
    if (cv.k === 'class') return { k: 'inst', inst: { cls: cv.cls, mod: cv.loc.mod, args, at: cv.loc.at, hops: cv.loc.hops } };
    if (cv.k === 'client') {
      if (cv.c.lib === 'graphql-request' && cv.c.member === 'GraphQLClient') {
        return {
          k: 'client',
          c: {
            lib: 'graphql-request',
            display: cv.c.display,
            instance: { configs: args.slice(1, 2), base: args[0], created: L },
            roots: [],
          },
        };
      }
      if (cv.c.lib === 'urql' && cv.c.member === 'Client') return this.urqlClient(cv.c, L, args[0]);
      if (cv.c.lib === 'apollo' && (cv.c.member === 'ApolloClient' || cv.c.member === 'HttpLink')) {
        // `link: from([authLink, httpLink])` / `authLink.concat(httpLink)`: the headers an auth link's `setContext` returns.
        const opts = args[0] ? this.value(args[0], ev, depth + 1) : undefined;
        const link = opts ? this.lookup(opts, 'link', ev, depth + 1) : undefined;
        const linked = link ? contextLinks(link) : [];
        const configs = [...args.slice(0, 1), ...(linked.length > 0 ? linked : moduleAuthLinks(L))];
        return { k: 'client', c: { lib: 'apollo', display: cv.c.display, instance: { configs, created: L }, roots: [] } };
      }
      if (cv.c.lib === 'mcp' && args[0]) {
        // new StreamableHTTPClientTransport(url, { requestInit: { headers } }): the headers ride on requestInit
        const opts = args[1] ? this.value(args[1], ev, depth + 1) : undefined;
        const init = opts ? this.lookup(opts, 'requestInit', ev, depth + 1) : undefined;
        return { k: 'client', c: { ...cv.c, instance: { configs: init ? [init] : [], base: args[0], created: L }, roots: [] } };
      }
    }
    return unknownAt(n);
  }

  /** A base URL from instance or call configs, as parts (joined when there are several). */
  baseOf(configs: Loc[], keys: string[], extraBase: Loc | undefined, ev: Ev): JsPart[] | undefined {
    let base: JsPart[] | undefined = extraBase ? this.parts(extraBase, ev) : undefined;
    for (const cfg of configs) {
      const v = this.value(cfg, ev);
      for (const key of keys) {
        const hit = this.lookup(v, key, ev);
        if (hit) {
          const parts = this.parts(hit, ev);
          base = base ? combineBase(base, parts) : parts;
          break;
        }
      }
    }
    return base;
  }
}

const memberOrder = new WeakMap<ClassInfo, Map<string, ClassMember[]>>();

/** A class member's definitions, most telling first: getter, constructor assignment, field, parameter property, other assignments, method. */
function orderedMembers(cls: ClassInfo, name: string): ClassMember[] {
  let byName = memberOrder.get(cls);
  if (!byName) {
    byName = new Map();
    memberOrder.set(cls, byName);
  }
  const hit = byName.get(name);
  if (hit) return hit;
  const members = cls.members.get(name) ?? [];
  const ctor = cls.ctor;
  const rank = (m: ClassMember): number => {
    switch (m.kind) {
      case 'getter':
        return 0;
      case 'assign':
        return m.fn === ctor ? 1 : 4;
      case 'field':
        return m.value ? 2 : 9;
      case 'param':
        return 3;
      default:
        return 5;
    }
  };
  const at = (m: ClassMember): number => ('value' in m && m.value ? m.value.start : 'fn' in m && m.fn ? m.fn.start : 0);
  const ordered = members.filter((m) => rank(m) < 9).sort((a, b) => rank(a) - rank(b) || at(a) - at(b));
  byName.set(name, ordered);
  return ordered;
}

const isProcessEnv = (n: Node | undefined): boolean => {
  const chain = n ? memberChain(n) : undefined;
  return chain?.length === 2 && chain[0] === 'process' && chain[1] === 'env';
};

/** The one `new` of each class in its module, or null when there is none or several (soleInstance). */
const SOLE_NEW = new WeakMap<ClassInfo, Node | null>();

/** Members of an options object that its methods reach through `this` (Vue, Pipedream components). */
const OPTION_MEMBERS = new Set(['methods', 'computed', 'props', 'propDefinitions', 'data']);

/** How deployed variables and secrets are named: `DBT_CLOUD_SERVICE_TOKEN`, never `apiUrl`. */
const ENV_VARIABLE_NAME = /^[A-Z][A-Z0-9_]{1,100}$/;

/** A call given `process.env` itself (or `{ runtimeEnv: process.env }`) returns a view of the environment. */
function readsEnvironment(call: Node): boolean {
  const first = (call.arguments as Node[])[0];
  if (!first) return false;
  if (isProcessEnv(first)) return true;
  return (
    first.type === 'ObjectExpression' && (first.properties as Node[]).some((p) => p.type === 'ObjectProperty' && isProcessEnv(p.value))
  );
}

/** `require('x')`, `require('x').y`. */
function isRequire(node: Node): boolean {
  let n = unwrap(node);
  while (n.type === 'MemberExpression') n = unwrap(n.object);
  return n.type === 'CallExpression' && n.callee?.type === 'Identifier' && n.callee.name === 'require';
}

function withRoot(v: Extract<Value, { k: 'client' }>, root: RootKey): Value {
  return { k: 'client', c: { ...v.c, roots: [...v.c.roots, root] } };
}

/** The top-level binding of `name` in a module. */
function topBinding(mod: ModuleInfo, name: string): Binding | undefined {
  return mod.bindings.get(name)?.find((b) => b.scope.start === 0);
}

/**
 * The expressions a function may return: an arrow's body, or each `return x` outside nested
 * functions, in source order (skipping `return undefined` / `return null` guards).
 */
/**
 * The module's own Apollo auth link, when it makes one: what its `setContext` returns, for the
 * HTTP links and clients made beside it (a module composes its links into the one client it makes).
 */
export function moduleAuthLinks(L: Loc): Loc[] {
  const out: Loc[] = [];
  for (const c of L.mod.calls) {
    const callee = unwrap(c.callee);
    const name = callee.type === 'Identifier' ? (callee.name as string) : memberName(callee);
    const fn = (c.arguments as Node[] | undefined)?.[0];
    if (name === 'setContext' && fn && isFunction(fn)) out.push(...returnExpressions(fn).map((r) => ({ ...L, node: r })));
    if (out.length > 4) break;
  }
  return out;
}

/**
 * Apollo links whose `setContext((_, { headers }) => ({ headers: { …, authorization: … } }))`
 * sets the request's headers: the objects they return, as client configs. Followed through
 * `from([...])`, `ApolloLink.from([...])`, `a.concat(b)` and variables holding them.
 */
function contextLinks(L: Loc, depth = 0): Loc[] {
  if (depth > 6) return [];
  const n = unwrap(L.node);
  if (n.type === 'Identifier') {
    const b = lookupBinding(L.mod, n.name as string, n.start as number);
    return b?.kind === 'var' && b.init ? contextLinks({ ...L, node: b.init }, depth + 1) : [];
  }
  if (n.type === 'ArrayExpression')
    return (n.elements as (Node | null)[]).flatMap((e) => (e ? contextLinks({ ...L, node: e }, depth + 1) : []));
  if (n.type !== 'CallExpression') return [];
  const callee = unwrap(n.callee);
  const name = callee.type === 'Identifier' ? (callee.name as string) : memberName(callee);
  const args = n.arguments as Node[];
  if (name === 'setContext' && args[0] && isFunction(args[0])) return returnExpressions(args[0]).map((r) => ({ ...L, node: r }));
  if (name === 'from' && args[0]) return contextLinks({ ...L, node: args[0] }, depth + 1);
  if (name === 'concat' && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression'))
    return [callee.object as Node, ...args].flatMap((a) => contextLinks({ ...L, node: a }, depth + 1));
  return [];
}

export function returnExpressions(fn: Node): Node[] {
  const body = fn.body as Node | undefined;
  if (!body) return [];
  if (body.type !== 'BlockStatement') return [body];
  const out: Node[] = [];
  const stack: Node[] = [body];
  let guard = 0;
  while (stack.length > 0 && guard++ < 20_000 && out.length < 8) {
    const n = stack.pop()!;
    if (n.type === 'ReturnStatement') {
      const arg = n.argument as Node | null;
      if (arg && arg.type !== 'NullLiteral' && !(arg.type === 'Identifier' && arg.name === 'undefined')) out.push(arg);
      continue;
    }
    if (n !== body && (isFunction(n) || n.type.endsWith('Expression') || n.type === 'ClassDeclaration')) continue;
    const kids: Node[] = [];
    for (const key of ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases']) {
      const v = n[key];
      if (Array.isArray(v)) {
        for (const c of v) if (isNode(c)) kids.push(c);
      } else if (isNode(v)) {
        kids.push(v);
      }
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** `.replace(/\/$/, '')` and friends on a URL: drop a trailing slash from the last literal. */
function stripTrailingSlashIfAsked(parts: JsPart[], call: Node): JsPart[] {
  const [pattern, replacement] = call.arguments as Node[];
  const empty = replacement?.type === 'StringLiteral' && replacement.value === '';
  const trailingSlash = pattern?.type === 'RegExpLiteral' && /^\\\/[+*]?\$$/.test(pattern.pattern as string);
  if (!empty || !trailingSlash) return parts;
  const last = parts[parts.length - 1];
  if (last?.kind !== 'literal') return parts;
  return [...parts.slice(0, -1), { ...last, text: last.text.replace(/\/+$/, '') }];
}

/**
 * `f: typeof fetch = fetch`: a parameter whose default is a global HTTP function (`fetch`) is
 * that function unless a caller passes another (a test's stub): its calls are requests.
 */
function isInjectedHttpFunction(v: Value): boolean {
  return v.k === 'unknown' && v.name !== undefined && GENERIC_FUNCTIONS.test(v.name);
}

/**
 * A value read from the environment with a literal default (`process.env.X ?? "cloud.getdbt.com"`,
 * `const { X = "…" } = process.env`): the first reference holds the default, which tells a dbt
 * Cloud host where nothing sets X.
 */
function withFallback(left: Value & { k: 'str' }, right: Value): Value {
  // `process.env.DBT_CLOUD_SERVICE_TOKEN || process.env.DBT_CLOUD_PAT`: the second variable is read when the first is unset.
  const only = left.parts.length === 1 ? left.parts[0] : undefined;
  const other = right.k === 'str' && right.parts.length === 1 ? right.parts[0] : undefined;
  if (
    only?.kind === 'reference' &&
    only.source === 'env' &&
    other?.kind === 'reference' &&
    other.source === 'env' &&
    other.name !== only.name
  )
    return { k: 'str', parts: [{ ...only, otherwise: only.otherwise ?? other.name }] };
  if (right.k !== 'str' || right.parts.some((p) => p.kind !== 'literal')) return left;
  const text = literalText(right.parts)!;
  const firstRef = left.parts.findIndex((p) => p.kind !== 'literal');
  const parts = left.parts.slice();
  const ref = parts[firstRef];
  if (ref !== undefined && ref.kind !== 'literal') {
    parts[firstRef] = {
      ...ref,
      dbtHost:
        ref.dbtHost || (text !== '' && (isDbtCloudBaseUrl(text.includes('://') ? text : `https://${text}`) || isDbtCloudApiUrl(text))),
      fallback: text ? { kind: 'literal', text, span: right.parts[0]?.span } : ref.fallback,
    };
  }
  return { k: 'str', parts };
}

/**
 * AWS Lambda Powertools' functions (`import { getSecret } from "@aws-lambda-powertools/parameters/secrets"`,
 * `getParameter` from `…/parameters/ssm`): a Secrets Manager or Parameter Store read of the name given first.
 */
function powertoolsRead(mod: ModuleInfo, callee: Node): { what: SecretStore; key: string } | undefined {
  const b = lookupBinding(mod, callee.name as string, callee.start as number);
  if (b?.kind !== 'import') return undefined;
  if (b.source === '@aws-lambda-powertools/parameters/secrets' && b.imported === 'getSecret')
    return { what: 'aws-secret', key: 'SecretId' };
  if (b.source === '@aws-lambda-powertools/parameters/ssm' && b.imported === 'getParameter') return { what: 'aws-parameter', key: 'Name' };
  return undefined;
}

/**
 * A secret's id kept in a variable (`SecretId: process.env.DBT_TOKEN_SECRET_ARN`, as a Lambda's
 * deployment sets it): the id its fallback writes (`?? "prod/dbt-cloud/service-token"`), else the variable, which names the secret.
 */
function secretIdFromEnv(parts: readonly JsPart[]): string | undefined {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind !== 'reference' || only.source !== 'env') return undefined;
  return only.fallback?.text ?? only.name;
}

/** A Secret Manager resource name whose project is known only at run time (`projects/${process.env.GCP_PROJECT}/secrets/dbt-cloud-pat/…`): its secret. */
function gcpSecretOf(what: SecretStore, parts: readonly JsPart[]): string | undefined {
  if (what !== 'gcp-secret') return undefined;
  return /(?:^|\/)secrets\/([\w-]{1,255})(?:\/|$)/.exec(render(parts))?.[1];
}

/** The secret's id when `v` is a value read whole from a secret store. */
function secretNameOf(v: Value): string | undefined {
  const only = v.k === 'str' && v.parts.length === 1 ? v.parts[0] : undefined;
  return only?.kind === 'reference' && only.source === 'secret' ? only.name : undefined;
}

/** `URL`, `Headers`, `Request`: the globals, or the same classes imported from the modules that export them. */
function isPlatformClass(mod: ModuleInfo, callee: Node): boolean {
  const b = lookupBinding(mod, callee.name as string, callee.start as number);
  return b === undefined || (b.kind === 'import' && isPlatformClassImport(b.source, b.imported));
}

/**
 * The options a module declares with commander (`.option(flags, description, default)`, also
 * `requiredOption`), as `opts()` returns them when the command line gives none: by the long
 * flag's camel-cased name, holding the default (after a parser function when one is given).
 */
const YARGS_PARSE = /^(?:parse|parseSync|parseAsync)$/;

/** The name a chain of calls and members starts from: `yargs` of `yargs(argv).option(…).parse`. */
function chainRoot(node: Node): string | undefined {
  let n = unwrap(node);
  for (let i = 0; i < 50; i++) {
    if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') n = unwrap(n.callee as Node);
    else if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') n = unwrap(n.object as Node);
    else break;
  }
  return n.type === 'Identifier' ? (n.name as string) : undefined;
}

/** yargs' `.option("token", { default: process.env.X })` (and `.options({ token: { default: … } })`): each option by its name and its camel-cased name. */
function yargsOptions(L: Loc): Value | undefined {
  const entries: ObjEntry[] = [];
  const add = (name: string, spec: Node | undefined): void => {
    const s = spec && unwrap(spec);
    if (s?.type !== 'ObjectExpression') return;
    const dflt = (s.properties as Node[]).find(
      (p) => p.type === 'ObjectProperty' && keyName(p.key as Node, p.computed as boolean) === 'default',
    );
    if (!dflt) return;
    const value = dflt.value as Node;
    const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    for (const key of new Set([name, camel])) entries.push({ key, loc: { ...L, node: value } });
  };
  for (const call of L.mod.calls) {
    const callee = call.callee;
    if (callee?.type !== 'MemberExpression' && callee?.type !== 'OptionalMemberExpression') continue;
    const method = memberName(callee);
    const args = (call.arguments ?? []) as Node[];
    const first = args[0] && unwrap(args[0]);
    if (method === 'option' && first?.type === 'StringLiteral' && /^[A-Za-z][\w-]{0,60}$/.test(first.value as string))
      add(first.value as string, args[1]);
    else if (method === 'options' && first?.type === 'ObjectExpression')
      for (const p of first.properties as Node[]) {
        const key = p.type === 'ObjectProperty' ? keyName(p.key as Node, p.computed as boolean) : undefined;
        if (key) add(key, p.value as Node);
      }
    if (entries.length >= 100) break;
  }
  return entries.length > 0 ? { k: 'obj', entries } : undefined;
}

function commanderOptions(L: Loc): Value | undefined {
  const entries: ObjEntry[] = [];
  for (const call of L.mod.calls) {
    const callee = call.callee;
    if (callee?.type !== 'MemberExpression' && callee?.type !== 'OptionalMemberExpression') continue;
    const name = memberName(callee);
    if (name !== 'option' && name !== 'requiredOption') continue;
    const args = (call.arguments ?? []) as Node[];
    const flags = unwrap(args[0] ?? call);
    if (flags.type !== 'StringLiteral') continue;
    const long = /--([A-Za-z][\w-]*)/.exec(flags.value as string)?.[1];
    if (!long || /^no-/.test(long)) continue;
    const dflt = args[2] && isFunction(unwrap(args[2])) ? args[3] : args[2];
    if (!dflt) continue;
    entries.push({ key: long.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()), loc: { ...L, node: dflt } });
    if (entries.length >= 100) break;
  }
  return entries.length > 0 ? { k: 'obj', entries } : undefined;
}
