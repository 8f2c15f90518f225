import { isSecretFileVariable, mountedSecretName } from '../../credentials/secret-files.js';
import { isBudgetExceeded, isParseError } from '../../errors.js';
import { resolvePythonModule } from './module-path.js';
import { folderOf } from '../repo-path.js';
import { caughtExpected, pastDeadline } from '../extraction-limits.js';
import { airflowConnectionRef } from '../shared/airflow-connection/airflow-connection.js';
import type { AdapterContext } from '../adapter.js';
import { isDbtCloudBaseUrl } from '../../classify/endpoint.js';
import { isFillIn, isPlaceholderValue } from '../../credentials/placeholders.js';
import {
  APP_SECRETS_ROOTS,
  ENV_READER,
  ENV_READER_CLASSES,
  appSecretName,
  classifyCallee,
  isKnownLibraryModule,
  libraryConstant,
} from './library-calls.js';
import { configCandidates, configFileValue } from './config-files.js';
import { typeFromDescription } from '../../credentials/descriptions.js';
import type { ParsedPython } from './parser.js';
import type { Binding, CallRecord, Collected, Mutation, Scope } from './scopes.js';
import { collect, functionScopeOf, methodClassScope } from './scopes.js';
import type { PyNode } from './syntax-tree.js';
import { childByField, childrenByField, namedChildren } from './syntax-tree.js';
import type { DictVal, ObjectVal, ParamRef, Part, RefPart, Val } from './values.js';
import {
  asStr,
  braceFormat,
  concat,
  hole,
  joinUrl,
  lit,
  literalText,
  newId,
  percentFormat,
  substituteParams,
  keyedByParam,
  renameReads,
  writtenDefaultOf,
  sharedEntryStart,
  appendSegment,
  readValue,
  render,
  STRING_SIZE,
  stripChars,
  unknown,
  viaParam,
  withDbtDefault,
} from './values.js';
import { EvalBudget } from '../shared/values/budget.js';
import { isSecretJsonKey, pythonSecretRead, SECRET_RESPONSE_KEYS, secretIdOf } from '../shared/secret-stores.js';
import { LineIndex } from '../../facts/location.js';
import { RecentlyUsed } from '../../cache/recently-used.js';
import { databricksRunsAsImports } from './databricks-source.js';

// A static evaluator for one Python module: what a name or expression holds, as far as the
// file (and the repository modules it imports) tell. Flow-insensitive where that is simpler:
// the latest binding before a use wins, functions see their module's final bindings.

/**
 * The budget shared by all modules of one extraction: steps in proportion to the file, and
 * evaluations nested up to 150 deep (each binding followed counts one).
 */
export function newBudget(nodeCount: number): EvalBudget {
  return new EvalBudget({ steps: 300_000 + nodeCount * 8, depth: 150, ...STRING_SIZE });
}
const MAX_IMPORT_DEPTH = 3;
/** Objects standing for a settings file of the repository (config-files.ts). */
const OPENED_FILE = 'builtins.file';
/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")` in a Django project's `manage.py`. */
const DJANGO_SETTINGS_MODULE = /["']DJANGO_SETTINGS_MODULE["'][ \t]*,[ \t]*["']([A-Za-z_][\w.]{0,200})["']/;
const FILE_PATH = 'pathlib.Path';
/** A Flask app's configuration mapping: `current_app.config`, `app.config`, `flask.current_app.config`. */
const FLASK_CONFIG = /^(?:flask\.)?(?:current_app|app|self\.app)\.config$/;
/** Where Flask projects keep their config classes: the package's `config` / `settings` module, else the project root's. */
const FLASK_CONFIG_MODULES: ReadonlyArray<[string, number]> = [
  ['config', 1],
  ['settings', 1],
  ['config', 0],
  ['settings', 0],
];
const CONFIG_PARSER = 'configparser.ConfigParser';
const CONFIG_LOADERS = new Set([
  'yaml.safe_load',
  'yaml.load',
  'yaml.full_load',
  'yaml.unsafe_load',
  'json.load',
  'json.loads',
  'tomllib.load',
  'tomllib.loads',
  'tomli.load',
  'toml.load',
  'toml.loads',
]);
const CONFIG_PARSERS = new Set(['configparser.ConfigParser', 'configparser.RawConfigParser', 'configparser.SafeConfigParser']);

/** A dlt source's or resource's parameter filled from its settings (`dlt.secrets.value`, `dlt.config.value`). */
const DLT_INJECTED = /^dlt\.(?:secrets|config)\.value$/;

/** Where a project conventionally makes its objects (ModuleLoader.neighbours). */
const NEIGHBOUR_MODULES = ['definitions.py', 'defs.py', '__init__.py', 'repository.py', 'main.py', 'app.py', 'jobs.py', 'assets.py'];
const MAX_NEIGHBOURS = 6;

/** A loop over more items than this is not read item by item. */
const MAX_LOOP_ITEMS = 50;

/** How far `self.x` is looked up through base classes, and how many bases of a class are looked at. */
const MAX_BASE_CLASS_DEPTH = 5;
const MAX_BASE_CLASSES = 8;

/** How call arguments are written: positional nodes and keyword nodes. */
/** Airflow operators that call a Python function of the DAG's (`python_callable=`) with `op_kwargs` / `op_args`. */
const CALLABLE_OPERATOR = /(?:^|\.)(?:Python|BranchPython|ShortCircuit|PythonVirtualenv|ExternalPython)Operator$/;

export interface CallArgs {
  positional: PyNode[];
  keywords: Map<string, PyNode>;
  /** `**kwargs` splats, whose dict values may supply missing keywords. */
  splats: PyNode[];
}

export type Callee =
  /** `bound`: keywords a `functools.partial` gave the function, for arguments the call leaves out. */
  | { k: 'path'; path: string; bound?: ReadonlyMap<string, Val> }
  | { k: 'method'; base: Val; name: string; baseNode: PyNode }
  | { k: 'fn'; module: PyModule; scope: Scope }
  /** A class defined in the repository: followed as code, never taken for a library class. */
  | { k: 'class'; module: PyModule; node: PyNode; name: string }
  | { k: 'none' };

/** A repository class, where it is defined. */
interface ClassRef {
  module: PyModule;
  node: PyNode;
}

/**
 * Modules parsed as imports in this thread, most recently used first: a module that many files
 * import is parsed once while in use. Bounded by source characters (a copied syntax tree takes
 * some tens of times its source), so memory stays flat however big the tree.
 */
const parsedImports = new RecentlyUsed<string, { text: string; parsed: ParsedPython }>(128 * 1024, (m) => m.text.length);

/** Finds and parses other modules of the repository for `from config import TOKEN`. */
export class ModuleLoader {
  private readonly modules = new Map<string, PyModule | null>();
  private readonly resolved = new Map<string, string | null>();
  /**
   * The classes whose instance `self` is while a property is evaluated, innermost last: a
   * base class's `self.x` reads the subclass's `x` first, as Python binds `self` late.
   */
  readonly instances: ClassRef[] = [];

  constructor(
    private readonly ctx: AdapterContext | undefined,
    private readonly parse: (text: string) => ParsedPython | undefined,
    readonly budget: EvalBudget,
  ) {}

  /** The repository path of module `name` (dotted) imported from `fromPath` with `level` leading dots. */
  resolve(fromPath: string, name: string, level: number): string | undefined {
    const ctx = this.ctx;
    if (!ctx || name.length > 200) return undefined;
    const key = `${fromPath}\0${name}\0${level}`;
    const cached = this.resolved.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = resolvePythonModule(fromPath, name, level, (p) => ctx.fileExists(p));
    this.resolved.set(key, found ?? null);
    return found;
  }

  /**
   * The project settings module `from django.conf import settings` stands for: the one the
   * `manage.py` of the nearest folder at or above `fromPath` names in `DJANGO_SETTINGS_MODULE`.
   */
  djangoSettings(fromPath: string, depth: number): PyModule | undefined {
    const ctx = this.ctx;
    if (!ctx) return undefined;
    for (let d = folderOf(fromPath), i = 0; i < 8; i++) {
      const manage = d ? `${d}/manage.py` : 'manage.py';
      if (ctx.fileExists(manage)) {
        const named = DJANGO_SETTINGS_MODULE.exec(ctx.readRepoFile(manage)?.text ?? '')?.[1];
        const file = named ? this.resolve(manage, named, 0) : undefined;
        return file ? this.load(file, depth + 1) : undefined;
      }
      if (d === '') break;
      d = folderOf(d);
    }
    return undefined;
  }

  /** A settings file of the repository a script loads (config-files.ts), by the first candidate path that exists. */
  readConfig(candidates: readonly string[]): { path: string; text: string } | undefined {
    const ctx = this.ctx;
    if (!ctx) return undefined;
    for (const path of candidates) {
      if (!ctx.fileExists(path)) continue;
      const file = ctx.readRepoFile(path);
      return file ? { path, text: file.text } : undefined;
    }
    return undefined;
  }

  /**
   * The modules beside `fromPath` (and in the folder above) that projects conventionally make
   * their objects in: `definitions.py`, `__init__.py`, `main.py`, … Loaded as imports are.
   */
  neighbours(fromPath: string, depth: number): PyModule[] {
    const ctx = this.ctx;
    if (!ctx || depth >= MAX_IMPORT_DEPTH) return [];
    const dir = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/')) : '';
    const dirs = dir ? [dir, dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : ''] : [''];
    const out: PyModule[] = [];
    for (const d of dirs) {
      for (const name of NEIGHBOUR_MODULES) {
        const p = d ? `${d}/${name}` : name;
        if (p === fromPath || !ctx.fileExists(p)) continue;
        const m = this.load(p, depth + 1);
        if (m) out.push(m);
        if (out.length >= MAX_NEIGHBOURS) return out;
      }
    }
    return out;
  }

  load(path: string, depth: number): PyModule | undefined {
    if (depth > MAX_IMPORT_DEPTH) return undefined;
    const cached = this.modules.get(path);
    if (cached !== undefined) return cached ?? undefined;
    this.modules.set(path, null);
    const read = this.ctx?.readRepoFile(path);
    if (!read || read.text.length > 512 * 1024) return undefined;
    const file = { text: databricksRunsAsImports(read.text) };
    // Parsed before for another file of the scan (a settings module every DAG imports): the tree
    // is never changed once made, and each loader makes its own module of it.
    const kept = parsedImports.get(path);
    let parsed: ParsedPython | undefined = kept?.text === file.text ? kept.parsed : undefined;
    if (!parsed) {
      try {
        parsed = this.parse(file.text);
      } catch (e) {
        caughtExpected(e, isParseError, isBudgetExceeded);
        parsed = undefined;
      }
      // A parse cut short by the importer's time budget is not kept: another file has its own.
      if (parsed) parsedImports.set(path, { text: file.text, parsed });
    }
    if (!parsed) return undefined;
    const module = new PyModule(file.text, path, parsed.root, this, depth);
    this.modules.set(path, module);
    module.warmUp();
    return module;
  }
}

export class PyModule {
  readonly collected: Collected;
  private readonly callCache = new Map<PyNode, Val>();
  private readonly busyScopes = new Set<Scope>();
  private readonly mutationTargets = new Map<Mutation, Val>();
  /** Each class's bases, found once: every `self.x` lookup and subclass test walks them. */
  private readonly baseClassCache = new Map<Scope, { module: PyModule; node: PyNode }[]>();

  constructor(
    readonly text: string,
    readonly path: string,
    readonly root: PyNode,
    readonly loader: ModuleLoader,
    readonly depth: number,
  ) {
    this.collected = collect(root, text);
  }

  textOf(node: PyNode): string {
    return this.text.slice(node.start, node.end);
  }

  private environSets: Map<string, Val> | undefined;

  /**
   * What the module itself puts in the environment, `os.environ["X"] = "…"` with literal text (a
   * notebook setting its token before the code that reads it): reading X in this module gives
   * that text, where it is written. Flow-insensitive, as the module's other bindings are.
   */
  private environSet(name: string): Val | undefined {
    if (!this.environSets) {
      this.environSets = new Map();
      for (const mu of this.collected.mutations) {
        if (mu.op !== 'setitem' || !mu.key || !mu.value || mu.path.length > 0 || !/environ/.test(this.textOf(mu.base))) continue;
        if (mu.value.type !== 'string' && mu.value.type !== 'concatenated_string') continue;
        const key = mu.key.type === 'string' ? literalText(this.eval(mu.key, mu.scope)) : undefined;
        const base = key === undefined ? undefined : this.eval(mu.base, mu.scope);
        if (base?.t !== 'mod' || base.path !== 'os.environ') continue;
        const value = this.eval(mu.value, mu.scope);
        if (literalText(value) !== undefined) this.environSets.set(key!, value);
      }
    }
    return this.environSets.get(name);
  }

  /**
   * Airflow's `@task.kubernetes(env_vars={…})` and `@task.docker(environment={…})`: the decorated
   * function runs in the pod or container, so its environment reads are that mapping's entries.
   */
  private containerTaskEnv(scope: Scope, name: string): Val | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const fn = s.fn;
      if (!fn) continue;
      const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
      const decorator = decorated?.children.find((d) => d.type === 'decorator' && CONTAINER_TASK.test(this.textOf(d)));
      if (!decorator) continue;
      const call = namedChildren(decorator)[0];
      if (call?.type !== 'call' || !s.parent) return undefined;
      const env = this.argValue(call, s.parent, /\.docker\b/.test(this.textOf(decorator)) ? 'environment' : 'env_vars', undefined);
      return env?.t === 'dict' ? this.dictEntries(env).get(name) : undefined;
    }
    return undefined;
  }

  private lineIndex: LineIndex | undefined;

  /** The 1-based line and column of an offset in the text (as nodes have them). */
  positionAt(offset: number): [line: number, col: number] {
    const { line, column } = (this.lineIndex ??= new LineIndex(this.text)).at(offset);
    return [line, column];
  }

  /** The binding a name refers to at `pos` in `scope`. */
  lookup(name: string, scope: Scope, pos: number): Binding | undefined {
    let s: Scope | undefined = scope;
    let p = pos;
    let first = true;
    while (s) {
      // Python: a class body's names are not visible inside its methods.
      if (first || s.kind !== 'class') {
        const list = s.bindings.get(name);
        if (list && list.length > 0) {
          let best: Binding | undefined;
          for (const b of list) if (b.pos <= p) best = b;
          return this.dbtCloudBranch(list, best ?? list[list.length - 1]!);
        }
      }
      first = false;
      p = Number.POSITIVE_INFINITY;
      if (!s.parent) return this.starBinding(name, s);
      s = s.parent;
    }
    return undefined;
  }

  private readonly starBindings = new Map<string, Binding | null>();
  private starBusy = false;

  /**
   * A module-level name no statement of the module binds, taken from `from .base import *` (a
   * Django settings module layered over its base): the last star import whose module binds it.
   */
  private starBinding(name: string, scope: Scope): Binding | undefined {
    const stars = scope.starImports;
    if (!stars || name.startsWith('_') || this.starBusy) return undefined;
    const known = this.starBindings.get(name);
    if (known !== undefined) return known ?? undefined;
    // Star imports may form a cycle (`a` imports `*` from `b` and `b` from `a`).
    this.starBusy = true;
    let found: Binding | undefined;
    try {
      for (let i = stars.length - 1; i >= 0 && !found; i--) {
        const star = stars[i]!;
        if (star.level === 0 && isKnownLibraryModule(star.module)) continue;
        const file = this.loader.resolve(this.path, star.module, star.level);
        const m = file ? this.loader.load(file, this.depth + 1) : undefined;
        if (m?.lookup(name, m.collected.module, Number.POSITIVE_INFINITY))
          found = { name, kind: 'from-import', pos: star.pos, scope, importModule: star.module, importLevel: star.level, importName: name };
      }
    } finally {
      this.starBusy = false;
    }
    this.starBindings.set(name, found ?? null);
    return found;
  }

  /**
   * A name set in each branch of an `if` (a region switch: `url = "https://metadata.au.dbt.com/graphql"`,
   * else `url = f"https://metadata.{domain}/graphql"`) holds any of those values at run time; the
   * one written for a dbt Cloud host says where the call goes, whichever branch comes last.
   */
  private dbtCloudBranch(list: readonly Binding[], chosen: Binding): Binding {
    if (list.length < 2 || chosen.kind !== 'expr' || !chosen.node) return chosen;
    const branch = enclosingIf(chosen.node);
    if (!branch || DBT_CLOUD_HOST_TEXT.test(this.textOf(chosen.node))) return chosen;
    for (const b of list) {
      if (b === chosen || b.kind !== 'expr' || b.node?.type !== 'string') continue;
      const other = enclosingIf(b.node);
      if (other?.statement === branch.statement && other.branch !== branch.branch && DBT_CLOUD_HOST_TEXT.test(this.textOf(b.node)))
        return b;
    }
    return chosen;
  }

  /**
   * Evaluates module-level assignments in source order, so long chains (`a2 = a1 + "/x"`) are
   * cached link by link and later uses stay shallow.
   */
  warmUp(): void {
    const all: Binding[] = [];
    for (const list of this.collected.module.bindings.values())
      for (const b of list) if (b.kind === 'expr' || b.kind === 'aug') all.push(b);
    all.sort((a, b) => a.pos - b.pos);
    for (const b of all) {
      if (!this.loader.budget.below(0.5)) break;
      this.valueOf(b);
    }
  }

  /** A module-level name's final value, for importers. */
  exportValue(name: string): Val | undefined {
    const b = this.lookup(name, this.collected.module, Number.POSITIVE_INFINITY);
    return b ? this.valueOf(b) : undefined;
  }

  valueOf(b: Binding): Val {
    if (b.cache) return b.cache;
    if (b.busy) return unknown(b.name);
    b.busy = true;
    const cut = this.loader.budget.cut;
    let v: Val;
    try {
      v = this.computeBinding(b);
    } finally {
      b.busy = false;
    }
    if (this.loader.budget.cut === cut) b.cache = v;
    return v;
  }

  private computeBinding(b: Binding): Val {
    switch (b.kind) {
      case 'expr': {
        if (!b.node) return unknown(b.name);
        const v = this.eval(b.node, b.evalScope ?? b.scope);
        if (b.unpackIndex === undefined) return v;
        return v.t === 'seq' ? (v.items[b.unpackIndex] ?? unknown(b.name)) : unknown(b.name);
      }
      case 'aug': {
        const node = b.node!;
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const op = node.children.find((c) => c.field === 'operator');
        const opText = op ? this.textOf(op) : '+=';
        if (!left || !right || (opText !== '+=' && opText !== '|=')) return unknown(b.name);
        const prev = this.lookup(b.name, b.scope, node.start);
        const before = prev && prev !== b ? this.valueOf(prev) : unknown(b.name);
        if (opText === '+=') {
          const added = this.eval(right, b.scope);
          // `cmd += ["--data", body]`: a list grown by another.
          if (before.t === 'seq' && added.t === 'seq') return { t: 'seq', items: [...before.items, ...added.items].slice(0, 500) };
          return concat(before, added);
        }
        const union = this.dictUnion(before, this.eval(right, b.scope));
        return union.t === 'unknown' ? unknown(b.name) : union;
      }
      case 'import':
        return this.importValue(b.importPath!, b.name);
      case 'from-import':
        return this.fromImportValue(b);
      case 'param': {
        if (b.keywordSplat) return this.keywordSplatValue(b);
        // `x=None` says nothing: like no default, the callers tell.
        if (!b.node || b.node.type === 'none') return this.paramValue(b);
        const injected = b.node.type === 'call' ? this.dependencyValue(b.node, b.evalScope ?? b.scope) : undefined;
        if (injected) return injected;
        // dlt injects `api_key: str = dlt.secrets.value` from its settings, by the parameter's name.
        if (DLT_INJECTED.test(this.textOf(b.node))) return readValue('config', b.name, { line: b.node.line, col: b.node.col, owner: this });
        // typer's `token: Annotated[str, typer.Option(envvar="DBT_CLOUD_PAT")] = ""` (or `= ...`): the option reads its variable first.
        if (b.annotation && BLANK_DEFAULT.test(this.textOf(b.node))) {
          const option = this.annotatedOption(b);
          if (option) return option;
        }
        const v = this.eval(b.node, b.evalScope ?? b.scope);
        // A default callers may override (`method="get"`): marked as coming in through the parameter.
        const fnScope = b.paramOf;
        // A constructor's default gives way to what the module's construction passes (`Client(tok, host="emea.dbt.com")`).
        if (fnScope?.isInit && b.paramIndex !== undefined) {
          const given = this.paramValue(b);
          return given.t !== 'unknown' ? given : v;
        }
        if (!fnScope || b.paramIndex === undefined) return v;
        return viaParam(v, { scope: fnScope, index: b.paramIndex, name: b.name });
      }
      case 'def': {
        const scope = this.collected.functionScopes.get(b.node!);
        return scope ? { t: 'fn', module: this, scope, name: b.name } : unknown(b.name);
      }
      case 'class':
        return { t: 'cls', module: this, node: b.node!, name: b.name };
      case 'loop': {
        const choices = this.loopItems(b.node!, b.scope, b.unpackIndex);
        if (choices.length > 0) return { t: 'unknown', name: b.name, choices };
        return (b.unpackIndex === undefined ? this.generatorItem(b.node!, b.scope) : undefined) ?? unknown(b.name);
      }
      default:
        return unknown(b.name);
    }
  }

  /**
   * `for client in dbt_clients():` over a generator of the repository: what it yields
   * (`with httpx.Client(…) as client: yield client`) is each item.
   */
  private generatorItem(iterable: PyNode, scope: Scope): Val | undefined {
    const fn = iterable.type === 'call' ? childByField(iterable, 'function') : undefined;
    const callee = fn ? this.callee(fn, scope) : undefined;
    if (callee?.k !== 'fn' || !callee.scope.returns.some((r) => r.type === 'yield')) return undefined;
    const v = this.eval(iterable, scope);
    return v.t === 'unknown' && !v.instanceOf ? undefined : v;
  }

  /**
   * The literal values a loop name takes from a literal collection (`for acct in [101, 202]:`,
   * `for region, acct in ACCOUNTS.items():`); none when any item is not a literal.
   */
  private loopItems(iterable: PyNode, scope: Scope, unpackIndex: number | undefined): string[] {
    let over = iterable;
    let view: string | undefined;
    const fn = iterable.type === 'call' ? childByField(iterable, 'function') : undefined;
    if (fn?.type === 'attribute') {
      view = this.textOf(childByField(fn, 'attribute')!);
      over = childByField(fn, 'object')!;
      if (!['items', 'values', 'keys'].includes(view)) return [];
    }
    const v = this.eval(over, scope);
    let items: Val[];
    if (v.t === 'dict') {
      const entries = [...this.dictEntries(v)];
      items =
        view === 'items'
          ? entries.map(([k, x]) => ({ t: 'seq', items: [lit(k), x] }))
          : view === 'values'
            ? entries.map(([, x]) => x)
            : entries.map(([k]) => lit(k));
    } else if (v.t === 'seq' && view === undefined) items = v.items;
    else return [];
    const out: string[] = [];
    for (const item of items.slice(0, MAX_LOOP_ITEMS)) {
      const x = unpackIndex === undefined ? item : item.t === 'seq' ? item.items[unpackIndex] : undefined;
      const text = x ? literalText(x) : undefined;
      if (text === undefined) return [];
      out.push(text);
    }
    return out;
  }

  private importValue(path: string, boundName: string): Val {
    const root = path.split('.')[0]!;
    // `import a.b` binds `a`; `import a.b as c` binds c to a.b.
    const modulePath = boundName === root ? root : path;
    if (!isKnownLibraryModule(path)) {
      const file = this.loader.resolve(this.path, modulePath, 0);
      const m = file ? this.loader.load(file, this.depth + 1) : undefined;
      if (m) return { t: 'pymod', module: m };
    }
    return { t: 'mod', path: modulePath };
  }

  private fromImportValue(b: Binding): Val {
    const mod = b.importModule ?? '';
    const level = b.importLevel ?? 0;
    const name = b.importName ?? b.name;
    const fallback: Val = { t: 'mod', path: mod ? `${mod}.${name}` : name };
    if (level === 0 && mod === 'django.conf' && name === 'settings') {
      const m = this.loader.djangoSettings(this.path, this.depth);
      if (m) return { t: 'pymod', module: m };
    }
    if (level === 0 && isKnownLibraryModule(mod)) return fallback;
    const sub = this.loader.resolve(this.path, mod ? `${mod}.${name}` : name, level);
    if (sub) {
      const m = this.loader.load(sub, this.depth + 1);
      if (m) return { t: 'pymod', module: m };
    }
    const file = this.loader.resolve(this.path, mod, level);
    const m = file ? this.loader.load(file, this.depth + 1) : undefined;
    return m?.exportValue(name) ?? fallback;
  }

  /** A parameter without default: the argument of the same-file calls to its function. */
  private paramValue(b: Binding): Val {
    const fnScope = b.paramOf;
    const fnNode = fnScope?.fn;
    if (!fnScope || !fnNode || b.paramIndex === undefined) return unknown(b.name);
    let calleeName: string | undefined;
    let defNode: PyNode | undefined;
    let index = b.paramIndex;
    const isMethod = fnScope.parent?.kind === 'class' || fnScope.isInit === true;
    // `self` is never a caller's argument worth following.
    const marked = (): Val => {
      if (isMethod && b.paramIndex === 0) return this.classOfClassmethod(fnNode) ?? unknown(b.name);
      const v: Val & { t: 'unknown' } = { t: 'unknown', name: b.name };
      v.param = { scope: fnScope, index: b.paramIndex!, name: b.name };
      // `settings: Settings`: attributes read the repository class's field defaults.
      let typeExpr = b.annotation?.type === 'type' ? namedChildren(b.annotation)[0] : b.annotation;
      // `Annotated[Settings, …]` is a Settings.
      if (typeExpr?.type === 'subscript' && /(^|\.)Annotated$/.test(this.textOf(childByField(typeExpr, 'value')!)))
        typeExpr = childrenByField(typeExpr, 'subscript')[0];
      const cls = typeExpr ? this.eval(typeExpr, b.evalScope ?? b.scope) : undefined;
      if (cls?.t === 'cls') v.instanceOf = { module: cls.module, node: cls.node };
      return v;
    };
    const fromOption = this.cliOptionEnv(fnNode, b.name) ?? this.annotatedOption(b) ?? this.clickContextObject(fnNode, b);
    if (fromOption) return fromOption;
    if (fnScope.isInit) {
      // `Client(token)` runs `Client.__init__(self, token)`.
      let cls: PyNode | undefined = fnNode.parent;
      while (cls && cls.type !== 'class_definition') cls = cls.parent;
      const nameNode = cls && childByField(cls, 'name');
      if (!cls || !nameNode) return unknown(b.name);
      calleeName = this.textOf(nameNode);
      defNode = cls;
      index -= 1;
    } else {
      if (fnScope.parent?.kind === 'class') return marked();
      const nameNode = childByField(fnNode, 'name');
      if (!nameNode) return unknown(b.name);
      calleeName = this.textOf(nameNode);
      defNode = fnNode;
    }
    // `return cls(os.environ["X"], …)` in a class method (`DbtCloud.from_env()`) constructs the class too.
    const byCls = fnScope.isInit ? (this.collected.callsByName.get('cls') ?? []).filter((rec) => this.clsCallOf(rec, defNode)) : [];
    // So does making a subclass that has no `__init__` of its own (`Admin(token, 7)` with `class Admin(Base)`).
    const callees = fnScope.isInit ? this.madeWithInitOf(defNode) : [{ name: calleeName, node: defNode }];
    const calls = [
      ...byCls,
      ...callees.flatMap(({ name, node }) =>
        (this.collected.callsByName.get(name) ?? []).filter((rec) => this.lookup(name, rec.scope, rec.node.start)?.node === node),
      ),
    ];
    for (const rec of calls.slice(0, 20)) {
      const args = this.callArgs(rec.node);
      const argNode = args.keywords.get(b.name) ?? (index >= 0 ? args.positional[index] : undefined);
      if (!argNode) continue;
      const v = this.eval(argNode, rec.scope);
      // A constructor's arguments are the object's; a function's first caller is one of many.
      if (v.t !== 'unknown') return fnScope.isInit ? v : viaParam(v, { scope: fnScope, index: b.paramIndex, name: b.name });
    }
    return marked();
  }

  /**
   * A function's `**kwargs`: the keywords the first same-file call giving any beyond the named
   * parameters gives (`_request("POST", "/jobs/7/run/", headers=AUTH)` to `def _request(method,
   * path, **kwargs)`, which hands them on with `requests.request(method, url, **kwargs)`).
   */
  private keywordSplatValue(b: Binding): Val {
    const fnScope = b.paramOf;
    const fnNode = fnScope?.fn;
    if (!fnScope || !fnNode || fnScope.isInit || fnScope.parent?.kind === 'class') return unknown(b.name);
    const nameNode = childByField(fnNode, 'name');
    if (!nameNode) return unknown(b.name);
    const calleeName = this.textOf(nameNode);
    const named = new Set<string>();
    for (const [name, list] of fnScope.bindings)
      if (list.some((x) => x.kind === 'param' && x.paramOf === fnScope && !x.keywordSplat)) named.add(name);
    for (const rec of (this.collected.callsByName.get(calleeName) ?? []).slice(0, 20)) {
      if (this.lookup(calleeName, rec.scope, rec.node.start)?.node !== fnNode) continue;
      const extra = [...this.callArgs(rec.node).keywords].filter(([k]) => !named.has(k));
      if (extra.length === 0) continue;
      const entries = new Map<string, Val>(extra.map(([k, node]) => [k, this.eval(node, rec.scope)]));
      return { t: 'dict', id: newId(), entries, owner: this };
    }
    return unknown(b.name);
  }

  /**
   * typer's `token: Annotated[str, typer.Option(envvar="DBT_CLOUD_SERVICE_TOKEN")]`, written in
   * place or through an alias (`TokenOpt = Annotated[...]`): what the option reads.
   */
  private annotatedOption(b: Binding): Val | undefined {
    let node = b.annotation?.type === 'type' ? namedChildren(b.annotation)[0] : b.annotation;
    let scope = b.evalScope ?? b.scope;
    if (node?.type === 'identifier') {
      const alias = this.lookup(this.textOf(node), scope, node.start);
      node = alias?.kind === 'expr' ? alias.node : undefined;
      if (alias) scope = alias.evalScope ?? alias.scope;
    }
    // An expression (`Annotated[...]` assigned to an alias), or a parameter's type (a generic type).
    const isGeneric = node?.type === 'generic_type';
    const value = !node
      ? undefined
      : isGeneric
        ? namedChildren(node)[0]
        : node.type === 'subscript'
          ? childByField(node, 'value')
          : undefined;
    if (!node || !value || !/(^|\.)Annotated$/.test(this.textOf(value))) return undefined;
    const typeArgs = isGeneric ? namedChildren(namedChildren(node).find((c) => c.type === 'type_parameter') ?? node) : [];
    const items = isGeneric ? typeArgs.map((t) => (t.type === 'type' ? namedChildren(t)[0] : t)) : childrenByField(node, 'subscript');
    for (const item of items.slice(1, 6)) {
      if (item?.type !== 'call') continue;
      const injected = this.dependencyValue(item, scope);
      if (injected) return injected;
      const v = this.eval(item, scope);
      if (v.t === 'str' && v.parts.length === 1 && v.parts[0]!.kind === 'reference') return v;
    }
    return undefined;
  }

  /**
   * What FastAPI's `Depends(get_settings)` hands the parameter: the dependency's return (a cached
   * settings factory's `Settings()`), or an instance of the class given.
   */
  private dependencyValue(call: PyNode, scope: Scope): Val | undefined {
    const fn = childByField(call, 'function');
    if (!fn || !/(^|\.)Depends$/.test(this.textOf(fn))) return undefined;
    const args = this.callArgs(call);
    const dependency = args.positional[0] ?? args.keywords.get('dependency');
    if (!dependency) return undefined;
    const v = this.eval(dependency, scope);
    if (v.t === 'cls') return { t: 'unknown', name: v.name, instanceOf: { module: v.module, node: v.node } };
    if (v.t !== 'fn') return undefined;
    const given = (v.module as PyModule).returnValue(v.scope as Scope);
    return given.t !== 'unknown' || given.instanceOf ? given : undefined;
  }

  /** `@click.option("--api-key", envvar="DBT_CLOUD_API_KEY") def main(api_key)`: the env var behind a CLI option. */
  private cliOptionEnv(fnNode: PyNode, param: string): Val | undefined {
    const decorated = fnNode.parent?.type === 'decorated_definition' ? fnNode.parent : undefined;
    if (!decorated) return undefined;
    for (const d of namedChildren(decorated).slice(0, 30)) {
      if (d.type !== 'decorator') continue;
      const call = namedChildren(d)[0];
      if (call?.type !== 'call') continue;
      const fn = childByField(call, 'function');
      if (!fn || !/(^|\.)(option|argument)$/i.test(this.textOf(fn))) continue;
      const args = this.callArgs(call);
      const envNode = args.keywords.get('envvar');
      if (!envNode) continue;
      const names = args.positional.slice(0, 5).map((p) => literalText(this.eval(p, this.collected.module)));
      const matches = names.some((n) => n !== undefined && n.replace(/^-+/, '').replace(/-/g, '_').toLowerCase() === param.toLowerCase());
      if (!matches) continue;
      const env = this.eval(envNode, this.collected.module);
      const name = literalText(env.t === 'seq' && env.items[0] ? env.items[0] : env);
      if (!name || !/^[A-Za-z_]\w{0,100}$/.test(name)) continue;
      const read = envRead(name, envNode.type === 'list' ? (namedChildren(envNode)[0] ?? envNode) : envNode, this);
      return this.describedByHelp(read, args.keywords.get('help'), this.collected.module);
    }
    return undefined;
  }

  /** An option's `help="dbt Cloud personal access token"` says what it holds, as a prompt would: the description of the value read. */
  private describedByHelp(v: Val, helpNode: PyNode | undefined, scope: Scope): Val {
    const help = helpNode ? literalText(this.eval(helpNode, scope)) : undefined;
    const ref = v.t === 'str' && v.parts.length === 1 ? v.parts[0] : undefined;
    if (help === undefined || help.length > 300 || ref?.kind !== 'reference' || typeFromDescription(help) === undefined) return v;
    return { t: 'str', parts: [{ ...ref, description: { text: help, line: helpNode!.line } }] };
  }

  /**
   * Click's `@click.pass_obj` hands a command the context object its group set up (`ctx.obj = {…}`,
   * or `ctx.obj["token"] = …` after `ctx.ensure_object(dict)`): the first parameter is that object.
   */
  private clickContextObject(fnNode: PyNode, b: Binding): Val | undefined {
    if (b.paramIndex !== 0) return undefined;
    const decorated = fnNode.parent?.type === 'decorated_definition' ? fnNode.parent : undefined;
    const passesObj = decorated?.children.some((d) => d.type === 'decorator' && /^@\s*(?:click\.)?pass_obj\s*$/.test(this.textOf(d)));
    if (!passesObj) return undefined;
    let whole: Val | undefined;
    const items = new Map<string, Val>();
    for (const m of this.collected.mutations) {
      if (!m.value || !/^\w+\.obj$/.test([this.textOf(m.base), ...m.path, ...(m.op === 'setattr' ? [m.attr] : [])].join('.'))) continue;
      if (m.op === 'setattr') whole = this.eval(m.value, m.scope);
      else if (m.op === 'setitem' && m.key) {
        const key = literalText(this.eval(m.key, m.scope));
        if (key !== undefined) items.set(key, this.eval(m.value, m.scope));
      }
    }
    if (items.size > 0) return { t: 'dict', id: newId(), entries: items, owner: this };
    return whole;
  }

  /**
   * Airflow's `PythonOperator(python_callable=f, op_kwargs={...}, op_args=[...])` calls `f` with
   * those arguments when the task runs: its `f` (the callable's expression) and the arguments as
   * a call of `f` would have them. Undefined for any other call.
   */
  callableOperatorArgs(call: PyNode): { callable: PyNode; args: CallArgs } | undefined {
    const fn = childByField(call, 'function');
    if (!fn || !CALLABLE_OPERATOR.test(this.textOf(fn))) return undefined;
    const own = this.callArgs(call);
    const callable = own.keywords.get('python_callable');
    if (!callable) return undefined;
    const args: CallArgs = { positional: [], keywords: new Map(), splats: [] };
    const kwargs = own.keywords.get('op_kwargs');
    if (kwargs?.type === 'dictionary') {
      for (const pair of namedChildren(kwargs)) {
        const key = childByField(pair, 'key');
        const value = childByField(pair, 'value');
        const name = key?.type === 'string' ? literalText(this.eval(key, this.collected.module)) : undefined;
        if (name && value && /^[A-Za-z_]\w*$/.test(name)) args.keywords.set(name, value);
      }
    }
    const list = own.keywords.get('op_args');
    if (list?.type === 'list' || list?.type === 'tuple') args.positional.push(...namedChildren(list));
    return { callable, args };
  }

  /**
   * `api("POST", "/jobs/7/run/")` with `api = partial(call, token=os.environ["X"])`: a call of the
   * function `partial` binds, with the arguments it bound before the call's own.
   */
  partialCallArgs(call: PyNode, scope: Scope): { fn: PyNode; args: CallArgs } | undefined {
    const callee = childByField(call, 'function');
    if (callee?.type !== 'identifier') return undefined;
    const b = this.lookup(this.textOf(callee), scope, call.start);
    const made = b?.kind === 'expr' && b.unpackIndex === undefined ? b.node : undefined;
    if (made?.type !== 'call') return undefined;
    const maker = childByField(made, 'function');
    if (!maker || !/^(?:functools\.)?partial$/.test(this.textOf(maker))) return undefined;
    const bound = this.callArgs(made);
    const target = bound.positional[0];
    if (target?.type !== 'identifier') return undefined;
    const fnBinding = this.lookup(this.textOf(target), b!.scope, made.start);
    if (fnBinding?.kind !== 'def' || !fnBinding.node) return undefined;
    const own = this.callArgs(call);
    const keywords = new Map(bound.keywords);
    for (const [k, v] of own.keywords) keywords.set(k, v);
    return {
      fn: fnBinding.node,
      args: { positional: [...bound.positional.slice(1), ...own.positional], keywords, splats: [...bound.splats, ...own.splats] },
    };
  }

  callArgs(call: PyNode): CallArgs {
    const out: CallArgs = { positional: [], keywords: new Map(), splats: [] };
    const args = childByField(call, 'arguments');
    if (!args || args.type !== 'argument_list') return out;
    for (const a of namedChildren(args)) {
      if (a.type === 'keyword_argument') {
        const name = childByField(a, 'name');
        const value = childByField(a, 'value');
        if (name && value) out.keywords.set(this.textOf(name), value);
      } else if (a.type === 'dictionary_splat') {
        const inner = namedChildren(a)[0];
        if (inner) out.splats.push(inner);
      } else if (a.type !== 'list_splat') out.positional.push(a);
    }
    return out;
  }

  /** The expression of a keyword argument, or of a positional one, as written. */
  argNode(call: PyNode, keyword: string | undefined, index: number | undefined): PyNode | undefined {
    const args = this.callArgs(call);
    return (keyword !== undefined ? args.keywords.get(keyword) : undefined) ?? (index !== undefined ? args.positional[index] : undefined);
  }

  /** The value of a keyword argument, or of a positional one, or from a `**kwargs` dict. */
  argValue(call: PyNode, scope: Scope, keyword: string | undefined, index: number | undefined): Val | undefined {
    const node = this.argNode(call, keyword, index);
    if (node) return this.eval(node, scope);
    const args = this.callArgs(call);
    if (keyword !== undefined) {
      for (const s of args.splats) {
        const d = this.eval(s, scope);
        if (d.t === 'dict') {
          const v = this.dictEntries(d).get(keyword);
          if (v) return v;
        }
      }
    }
    return undefined;
  }

  /**
   * What an expression holds. Evaluation nests through bindings (`b = a + "/x"` evaluates `a`),
   * so the nesting is counted across the whole extraction, not per expression: a chain of
   * 100k assignments ends in `unknown` instead of a stack overflow.
   */
  eval(node: PyNode, scope: Scope): Val {
    const budget = this.loader.budget;
    // Past the file's time budget (checked every 1,024 steps), every evaluation ends in `unknown`.
    if ((budget.steps & 1023) === 0 && pastDeadline()) budget.exhaust();
    if (!budget.enter()) return unknown();
    try {
      return this.evalNode(node, scope);
    } finally {
      budget.leave();
    }
  }

  private evalNode(node: PyNode, scope: Scope): Val {
    switch (node.type) {
      case 'string':
        return this.evalString(node, scope);
      case 'concatenated_string':
        return concat(...namedChildren(node).map((c) => this.eval(c, scope)));
      case 'integer':
      case 'float':
        return lit(this.textOf(node), node.line, node.col, this);
      case 'true':
      case 'false':
      case 'none':
        return unknown(this.textOf(node));
      case 'identifier': {
        const name = this.textOf(node);
        const b = this.lookup(name, scope, node.start);
        return b ? this.valueOf(b) : unknown(name);
      }
      case 'attribute':
        return this.evalAttribute(node, scope);
      case 'subscript':
        return this.evalSubscript(node, scope);
      case 'call': {
        const cached = this.callCache.get(node);
        if (cached) return cached;
        const cut = this.loader.budget.cut;
        const v = this.evalCall(node, scope);
        if (this.loader.budget.cut === cut) this.callCache.set(node, v);
        return v;
      }
      case 'binary_operator': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const op = node.children.find((c) => c.field === 'operator');
        if (!left || !right || !op) return unknown();
        const opText = this.textOf(op);
        if (opText === '+') return concat(this.eval(left, scope), this.eval(right, scope));
        if (opText === '%') return percentFormat(this.eval(left, scope), this.eval(right, scope));
        // `COMMON | {"Authorization": …}`: Python 3.9's dict union, the right side's entries over the left's.
        if (opText === '|') return this.dictUnion(this.eval(left, scope), this.eval(right, scope));
        if (opText === '/') {
          // A string has no `/`: on the left of one it stands for a yarl URL (`URL(base) / "api/v2"`).
          const base = this.eval(left, scope);
          // `Path(__file__).parent / "config.yml"`: a path of the repository.
          if (base.t === 'obj' && base.cls === FILE_PATH)
            return { ...base, id: newId(), positional: [concat(base.positional[0] ?? lit(''), lit('/'), this.eval(right, scope))] };
          return base.t === 'str' ? appendSegment(base, this.eval(right, scope)) : unknown();
        }
        return unknown();
      }
      case 'parenthesized_expression':
      case 'await': {
        const inner = namedChildren(node)[0];
        return inner ? this.eval(inner, scope) : unknown();
      }
      case 'named_expression': {
        const value = childByField(node, 'value');
        return value ? this.eval(value, scope) : unknown();
      }
      case 'conditional_expression': {
        const [a, cond, b] = namedChildren(node);
        // `f"api/{v}/accounts/{path}" if path else None`: None is no value at all, not another one.
        if (b?.type === 'none' && a) return this.eval(a, scope);
        if (a?.type === 'none' && b) return this.eval(b, scope);
        // `"metadata." if metadata else ""` with `metadata=False`: the flag's default picks the branch.
        if (cond && b && this.isOffByDefault(cond, scope)) return this.eval(b, scope);
        // `"http://localhost:8000/graphql" if local else url`, or the branch written for a dbt Cloud host: where the call goes in production.
        if (
          a &&
          b &&
          (LOCAL_ADDRESS.test(this.textOf(a)) || (DBT_CLOUD_HOST_TEXT.test(this.textOf(b)) && !DBT_CLOUD_HOST_TEXT.test(this.textOf(a))))
        )
          return this.eval(b, scope);
        const va = a ? this.eval(a, scope) : unknown();
        return va.t === 'unknown' && b ? this.eval(b, scope) : va;
      }
      case 'boolean_operator': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const op = node.children.find((c) => c.field === 'operator');
        if (!left || !right) return unknown();
        if (op && this.textOf(op) === 'and') return this.eval(right, scope);
        const l = this.eval(left, scope);
        if (l.t === 'unknown' || literalText(l) === '') {
          const r = this.eval(right, scope);
          // `endpoint or ""`: an empty default says nothing; the unknown (a parameter callers fill) stays.
          if (l.t === 'unknown' && literalText(r) === '') return l;
          // `base_url or DEFAULT_BASE`: the default of a parameter callers may fill, as `base_url=DEFAULT_BASE` is.
          return l.t === 'unknown' && l.param && !l.param.keys ? viaParam(r, l.param) : r;
        }
        // `os.getenv("DBT_HOST") or "https://cloud.getdbt.com"`: the env value, known to be a dbt host.
        const only = l.t === 'str' && l.parts.length === 1 ? l.parts[0]! : undefined;
        if (only !== undefined && only.kind !== 'literal') {
          const rv = this.eval(right, scope);
          const r = literalText(rv);
          if (r !== undefined && isDbtBase(r)) return { t: 'str', parts: [withDbtDefault({ ...only }, r.trim())] };
          // `os.getenv("DBT_CLOUD_SERVICE_TOKEN") or os.getenv("DBT_CLOUD_PAT")`: the second variable is read when the first is unset.
          const other = rv.t === 'str' && rv.parts.length === 1 ? rv.parts[0]! : undefined;
          if (
            only.kind === 'reference' &&
            only.source === 'env' &&
            other?.kind === 'reference' &&
            other.source === 'env' &&
            other.name !== only.name
          )
            return { t: 'str', parts: [{ ...only, otherwise: only.otherwise ?? other.name }] };
        }
        return l;
      }
      case 'ERROR':
        return this.fillIn(node);
      case 'dictionary':
        return this.evalDict(node, scope);
      case 'tuple':
      case 'list':
      case 'set':
      case 'expression_list':
        return {
          t: 'seq',
          items: namedChildren(node)
            .slice(0, 200)
            .map((c) => this.eval(c, scope)),
        };
      default:
        return unknown();
    }
  }

  /** A condition naming a parameter whose default is False, None, 0 or "" (a flag callers may turn on). */
  private isOffByDefault(cond: PyNode, scope: Scope): boolean {
    if (cond.type !== 'identifier') return false;
    const b = this.lookup(this.textOf(cond), scope, cond.start);
    const dflt = b?.kind === 'param' ? b.node : undefined;
    if (!dflt) return false;
    if (dflt.type === 'false' || dflt.type === 'none') return true;
    const text = this.textOf(dflt);
    return text === '0' || /^[rbuRBU]?(''|"")$/.test(text);
  }

  /**
   * Text that does not parse where a value belongs: a template's fill-in (`= <<TOKEN>>`,
   * `= <your token>`, `= {{ token }}`) is that literal text, a placeholder; anything else is unknown.
   */
  private fillIn(node: PyNode): Val {
    const raw = this.textOf(node);
    const lead = /^[=\s]*/.exec(raw)![0];
    if (lead.includes('\n')) return unknown();
    const first = raw.slice(lead.length).split('\n', 1)[0]!.trimEnd();
    if (!isFillIn(first)) return unknown();
    return lit(first, node.line, node.col + lead.length, this);
  }

  private evalString(node: PyNode, scope: Scope): Val {
    const startNode = node.children.find((c) => c.type === 'string_start');
    // A fill-in parsed as a string (parser.ts `quoteFillIns`): its text, brackets and all.
    if (startNode && this.textOf(startNode) === '<') return lit(this.textOf(node), node.line, node.col, this);
    const prefix = startNode
      ? this.textOf(startNode)
          .replace(/['"]+$/, '')
          .toLowerCase()
      : '';
    const raw = prefix.includes('r');
    const isF = prefix.includes('f');
    const parts: Val[] = [];
    for (const c of node.children) {
      if (c.type === 'string_content') {
        parts.push(lit(decodeEscapes(this.textOf(c), raw, isF), c.line, c.col, this));
      } else if (c.type === 'interpolation') {
        const expr = childByField(c, 'expression');
        if (!expr) continue;
        const v = this.eval(expr, scope);
        parts.push(asStr(v, placeholderName(this.textOf(expr))));
      }
    }
    if (parts.length === 0) return lit('', node.line, node.col, this);
    return concat(...parts);
  }

  private evalAttribute(node: PyNode, scope: Scope): Val {
    const obj = childByField(node, 'object');
    const attrNode = childByField(node, 'attribute');
    if (!obj || !attrNode) return unknown();
    return this.attributeValue(obj, this.textOf(attrNode), scope);
  }

  /** `obj.attr`, for the expression `obj` (also `getattr(obj, "attr", default)`). */
  private attributeValue(obj: PyNode, attr: string, scope: Scope): Val {
    if (obj.type === 'identifier' && this.textOf(obj) === 'self') {
      const cls = methodClassScope(scope);
      const instance = cls?.cls && this.instanceOf(cls.cls);
      return (instance && instance.module.classAttribute(instance.node, attr, 0, instance)) ?? unknown(`self.${attr}`);
    }
    // `super().api_url`: the attribute as the base classes of the method's class have it.
    if (obj.type === 'call' && this.textOf(childByField(obj, 'function') ?? obj) === 'super') {
      const cls = methodClassScope(scope);
      const instance = cls?.cls && this.instanceOf(cls.cls);
      for (const base of cls && instance ? this.baseClasses(cls) : []) {
        const v = base.module.classAttribute(base.node, attr, 1, instance!);
        if (v) return v;
      }
      return unknown(`super().${attr}`);
    }
    // `context.resources.dbt_cloud` in a Dagster op or asset: the resource registered under that key.
    if (obj.type === 'attribute' && this.textOf(childByField(obj, 'attribute') ?? obj) === 'resources') {
      const resource = this.registeredResource(attr);
      if (resource) return resource;
    }
    const base = this.eval(obj, scope);
    const v = this.attributeOf(base, attr);
    if (v.t === 'unknown' && obj.type === 'identifier') {
      const found = this.fieldOfTypedParam(this.textOf(obj), scope, obj.start, attr) ?? this.parsedArgument(this.textOf(obj), attr);
      if (found) return found;
    }
    // `state.dbt = httpx.Client(…)` on an object the scan cannot follow (a namespace, an app's state), read back as `state.dbt`.
    if (v.t === 'unknown' && !v.instanceOf && (obj.type === 'identifier' || obj.type === 'attribute'))
      return this.attributeSetOn(obj, attr) ?? v;
    return v;
  }

  private attributeSetOn(target: PyNode, attr: string): Val | undefined {
    const text = this.textOf(target);
    if (text.length > 100 || text === 'self') return undefined;
    for (const m of this.collected.mutations) {
      // `app.state.token = None` at start-up says nothing of what is set later.
      if (m.op !== 'setattr' || m.attr !== attr || !m.value || m.value.type === 'none' || m.path.length > 0) continue;
      // FastAPI's `app.state.dbt = …` in a lifespan, read in a route as `request.app.state.dbt`.
      const set = this.textOf(m.base);
      if (set !== text && !(set.includes('.') && text.endsWith(`.${set}`))) continue;
      // Only a value worth reading (a client made there, a string, an instance of a repository class such as
      // a settings object): an unknown one names less than the read itself.
      const v = this.eval(m.value, m.scope);
      if (v.t !== 'unknown' || v.instanceOf) return v;
    }
    return undefined;
  }

  /**
   * The resource a module's Dagster definitions register under `key` (`Definitions(resources={…})`,
   * `@job(resource_defs={…})`, `with_resources(…, {…})`), as what its construction is given
   * (`CloudConfig(api_token=EnvVar("DBT_CLOUD_SERVICE_TOKEN"))`): `.api_token` is that argument.
   */
  dagsterResource(key: string): Val | undefined {
    if (!this.collected.importedRoots.has('dagster')) return undefined;
    // Looked up at each read of the resource: found once per key.
    if (this.dagsterResources.has(key)) return this.dagsterResources.get(key) ?? undefined;
    const found = this.findDagsterResource(key);
    this.dagsterResources.set(key, found ?? null);
    return found;
  }

  private readonly dagsterResources = new Map<string, Val | null>();
  private readonly registeredResources = new Map<string, Val | null>();

  /** `context.resources.KEY`: registered here, or in the project's module beside it that holds the definitions (`definitions.py`). */
  private registeredResource(key: string): Val | undefined {
    if (!this.collected.importedRoots.has('dagster')) return undefined;
    let found = this.registeredResources.get(key);
    if (found === undefined) {
      found = null;
      for (const m of [this as PyModule, ...this.loader.neighbours(this.path, this.depth)]) {
        const resource = m.dagsterResource(key);
        if (resource) {
          found = resource;
          break;
        }
      }
      this.registeredResources.set(key, found);
    }
    return found ?? undefined;
  }

  private findDagsterResource(key: string): Val | undefined {
    for (const rec of this.collected.calls.slice(0, 2000)) {
      const fnText = this.textOf(childByField(rec.node, 'function') ?? rec.node);
      if (!/(?:^|\.)(?:Definitions|job|with_resources|materialize|define_asset_job)$/.test(fnText)) continue;
      const args = this.callArgs(rec.node);
      const dicts = [
        args.keywords.get('resources'),
        args.keywords.get('resource_defs'),
        fnText.endsWith('with_resources') ? args.positional[1] : undefined,
      ];
      for (const dict of dicts) {
        if (dict?.type !== 'dictionary') continue;
        for (const pair of namedChildren(dict)) {
          const k = pair.type === 'pair' ? childByField(pair, 'key') : undefined;
          const value = pair.type === 'pair' ? childByField(pair, 'value') : undefined;
          if (!k || !value || literalText(this.eval(k, rec.scope)) !== key) continue;
          const made = this.constructionOf(value, rec.scope);
          if (!made) return undefined;
          const keywords = new Map<string, Val>();
          for (const [name, node] of this.callArgs(made.call).keywords) keywords.set(name, this.eval(node, made.scope));
          // A field the construction leaves out keeps its class's default (`host: str = "cloud.getdbt.com"`).
          const fn = childByField(made.call, 'function');
          const cls = fn ? this.callee(fn, made.scope) : undefined;
          if (cls?.k === 'class') {
            const owner = cls.module as PyModule;
            for (const field of owner.collected.classScopes.get(cls.node as PyNode)?.bindings.keys() ?? []) {
              if (keywords.has(field) || !/^[A-Za-z_]\w*$/.test(field)) continue;
              const d = owner.classFieldDefault(cls.node as PyNode, field);
              if (d) keywords.set(field, d);
            }
          }
          return { t: 'obj', id: newId(), cls: 'dagster.resource', positional: [], keywords, owner: this };
        }
      }
    }
    return undefined;
  }

  /** The call that makes `node`'s value: `node` itself, or the assignment (or `with … as`) of the name it is. */
  constructionOf(node: PyNode, scope: Scope): { call: PyNode; scope: Scope } | undefined {
    if (node.type === 'call') return { call: node, scope };
    if (node.type !== 'identifier') return undefined;
    const b = this.lookup(this.textOf(node), scope, node.start);
    return b?.kind === 'expr' && b.node?.type === 'call' ? { call: b.node, scope: b.scope } : undefined;
  }

  private argparseDefaults:
    Map<string, { node: PyNode | undefined; scope: Scope; option: string | undefined; help: PyNode | undefined }> | undefined;

  /**
   * `args = parser.parse_args()` (also on the parser a function returns, `build_parser().parse_args()`),
   * or `args = parse_args()` with a function of the module returning what its parser parses
   * (`def parse_args(): … return p.parse_args()`).
   */
  private holdsParsedArguments(name: string): boolean {
    if (new RegExp(`\\b${name}\\s*(?:,[^=\\n]*)?=\\s*[\\w.]+(?:\\([^()\\n]*\\))?\\.parse_(?:known_)?args\\(`).test(this.text)) return true;
    for (const m of this.text.matchAll(new RegExp(`\\b${name}\\s*=\\s*([A-Za-z_]\\w*)\\(`, 'g'))) {
      const def = new RegExp(`^([ \\t]*)def ${m[1]}\\(`, 'm').exec(this.text);
      if (!def) continue;
      const body = this.text.slice(def.index, def.index + 5000);
      const end = new RegExp(`\\n${def[1]}(?:def |class |\\S)`).exec(body.slice(def[0].length));
      if (/\breturn\s+[\w.]+(?:\([^()\n]*\))?\.parse_(?:known_)?args\(/.test(end ? body.slice(0, def[0].length + end.index) : body))
        return true;
    }
    return false;
  }

  /**
   * `args.token` with `args = parser.parse_args()`: the `default=` of the `add_argument` whose
   * destination is `token` (`"--token"`, `"--api-token"` → `api_token`, or `dest="token"`), as
   * `parser.add_argument("--token", default=os.environ.get("DBT_CLOUD_SERVICE_TOKEN"))` gives it.
   */
  private parsedArgument(name: string, attr: string): Val | undefined {
    if (!this.text.includes('add_argument') || !this.holdsParsedArguments(name)) return undefined;
    if (!this.argparseDefaults) {
      this.argparseDefaults = new Map();
      for (const rec of this.collected.calls) {
        const fn = childByField(rec.node, 'function');
        if (fn?.type !== 'attribute' || this.textOf(childByField(fn, 'attribute') ?? fn) !== 'add_argument') continue;
        const args = this.callArgs(rec.node);
        const dflt = args.keywords.get('default');
        const dest = args.keywords.get('dest');
        const options = args.positional.slice(0, 4).map((p) => literalText(this.eval(p, rec.scope)) ?? '');
        const long = options.find((o) => /^--[A-Za-z][\w-]*$/.test(o));
        const named = dest ? literalText(this.eval(dest, rec.scope)) : (long ?? options.find((o) => !o.startsWith('-')));
        const key = named?.replace(/^-+/, '').replace(/-/g, '_');
        if (key && !this.argparseDefaults.has(key))
          this.argparseDefaults.set(key, { node: dflt, scope: rec.scope, option: long, help: args.keywords.get('help') });
      }
    }
    const d = this.argparseDefaults.get(attr);
    if (d?.node) return this.describedByHelp(this.eval(d.node, d.scope), d.help, d.scope);
    // An option with no default holds what the command line gives it: named by the option, which
    // a CI step running the script with `--token "${{ secrets.X }}"` fills (scan/link-references.ts).
    return d?.option !== undefined ? unknown(`argv.${attr}`) : undefined;
  }

  /**
   * `self.attr` in a method of the class `cls`: what the class or its methods set on `self`
   * (`self.base_url = ...` in `__init__`), the value a `@property` of that name returns, else the
   * same in its base classes, in the order Python looks them up (depth-first, a few levels).
   */
  private selfAttribute(cls: Scope, attr: string, depth: number, instance: ClassRef): Val | undefined {
    const list = cls.bindings.get(`self.${attr}`) ?? cls.bindings.get(attr);
    const b = list && list.length > 0 ? this.dbtCloudBranch(list, list[list.length - 1]!) : undefined;
    if (b) {
      if (b.kind !== 'def' || !b.node || !isProperty(b.node, (n) => this.textOf(n))) {
        const declared = this.fieldValue(b, cls);
        const v = declared ?? this.valueOf(b);
        // A field declared without a value (`token: str` of a dataclass, a pydantic model, a Dagster
        // resource; `token: str = field(repr=False)`, `attr.ib(repr=False)`, with no default) holds
        // what the class is made with here: `DbtCloud(token=EnvVar("…"))`.
        const withoutDefault =
          b.kind === 'opaque' ||
          (b.kind === 'expr' && declared === undefined && b.node?.type === 'call' && this.isFieldDeclaration(b.node));
        if (withoutDefault && b.name === attr && b.scope === cls) {
          const given = this.constructedField(cls, attr);
          if (given) return this.describedByField(given, b.kind === 'expr' ? b.node : undefined, b.scope, b.pos);
          const field = this.fieldParam(cls, attr);
          if (field) return field;
        }
        // A class-level field whose value is not known (`Field(default_factory=...)`) is best named
        // after itself (`{dbt_cloud_host}`), not after whatever produced it.
        return b.name === attr && isOpaque(v) ? unknown(attr) : v;
      }
      return this.propertyReturn(b.node, instance);
    }
    if (depth >= MAX_BASE_CLASS_DEPTH) return undefined;
    for (const base of this.baseClasses(cls)) {
      const v = base.module.classAttribute(base.node, attr, depth + 1, instance);
      if (v) return this.givenToBaseInit(cls.cls, base, v);
    }
    return undefined;
  }

  /**
   * A base class's `self.x` set from its `__init__`'s parameters (`self.base_url = base_url`), as
   * this class's `__init__` fills them: `super().__init__(f"https://{host}/api/v2/accounts/{id}",
   * token)`, or `Base.__init__(self, …)`. The arguments are read in that `__init__`, so its own
   * parameters stay parameters, for its callers. `v` as it is when no such call fills them.
   */
  private givenToBaseInit(cls: PyNode | undefined, base: { module: PyModule; node: PyNode }, v: Val): Val {
    const baseInit = base.module.initScope(base.node);
    const init = this.initScope(cls);
    // An object the base's `__init__` makes (a session) is changed there later, from its parameters too.
    const madeThere = v.t === 'obj' && v.owner === base.module;
    if (!baseInit?.fn || !init?.fn || (!madeThere && !mentionsParamOf(v, baseInit))) return v;
    const call = this.superInitCall(init.fn, base.node);
    if (!call) return v;
    const args = this.callArgs(call.node);
    const params = childByField(baseInit.fn, 'parameters');
    const first = params && namedChildren(params)[0];
    // `super().__init__(a)` passes no `self`; `Base.__init__(self, a)` does, as its first argument.
    const offset = (first && /^self\b/.test(base.module.textOf(first)) ? 1 : 0) - (call.explicitSelf ? 1 : 0);
    const sub = (p: ParamRef): Val | undefined => {
      if (p.scope !== baseInit) return undefined;
      const n = args.keywords.get(p.name) ?? (p.index - offset >= 0 ? args.positional[p.index - offset] : undefined);
      const given = n && this.eval(n, init);
      return !given || (given.t === 'unknown' && !given.param && !given.name) ? undefined : given;
    };
    if (v.t !== 'obj') return substituteParams(v, sub);
    // The same object (its id: the changes made to it are found by that id), read with these arguments.
    const keywords = new Map([...v.keywords].map(([k, x]) => [k, substituteParams(x, sub)]));
    return { ...v, positional: v.positional.map((x) => substituteParams(x, sub)), keywords, given: sub };
  }

  /** The `__init__` of a class of this module. */
  initScope(cls: PyNode | undefined): Scope | undefined {
    const b = cls && this.collected.classScopes.get(cls)?.bindings.get('__init__')?.at(-1);
    return b?.kind === 'def' && b.node ? this.collected.functionScopes.get(b.node) : undefined;
  }

  /** In `__init__` (`fn`), the call of the base class's: `super().__init__(…)`, `super(C, self).__init__(…)`, `Base.__init__(self, …)`. */
  private superInitCall(fn: PyNode, base: PyNode): { node: PyNode; explicitSelf: boolean } | undefined {
    const baseName = childByField(base, 'name');
    const name = baseName && this.textOf(baseName);
    const stack = [...fn.children];
    for (let seen = 0; stack.length > 0 && seen < 5000; seen++) {
      const n = stack.pop()!;
      if (n.type === 'function_definition' || n.type === 'class_definition') continue;
      if (n.type === 'call') {
        const callee = childByField(n, 'function');
        if (callee?.type === 'attribute' && this.textOf(childByField(callee, 'attribute') ?? callee) === '__init__') {
          const object = childByField(callee, 'object');
          if (object?.type === 'call' && /^super$/.test(this.textOf(childByField(object, 'function') ?? object)))
            return { node: n, explicitSelf: false };
          if (object && name !== undefined && this.textOf(object) === name) return { node: n, explicitSelf: true };
        }
      }
      for (const c of n.children) stack.push(c);
    }
    return undefined;
  }

  /** The keyword a construction of class `cls` in this module gives its field `attr`, when one does. */
  private constructedField(cls: Scope, attr: string): Val | undefined {
    const nameNode = cls.cls && childByField(cls.cls, 'name');
    if (!nameNode) return undefined;
    const name = this.textOf(nameNode);
    const here = this.constructionKeyword(name, this.path, cls.cls!.start, attr);
    if (here) return here;
    // Made in the project's definitions module beside it (Dagster's `definitions.py`, a package's `__init__.py`).
    for (const m of this.loader.neighbours(this.path, this.depth)) {
      const v = m.constructionKeyword(name, this.path, cls.cls!.start, attr);
      if (v) return v;
    }
    return undefined;
  }

  /**
   * A declared field of a class that has no `__init__` of its own (a dataclass, an attrs or
   * pydantic class), made nowhere in reach: the parameter of the constructor Python writes for
   * it, which a module importing the class fills in (emit.ts `importedClass`).
   */
  private fieldParam(cls: Scope, attr: string): Val | undefined {
    if (!cls.cls || this.initScope(cls.cls)) return undefined;
    const index = this.declaredFields(cls.cls).indexOf(attr);
    if (index < 0) return undefined;
    const v: Val & { t: 'unknown' } = { t: 'unknown', name: attr };
    v.param = { scope: cls, index, name: attr };
    return v;
  }

  /** The keyword `attr` a call in this module gives class `name` (written in `path` at offset `start`). */
  constructionKeyword(name: string, path: string, start: number, attr: string): Val | undefined {
    for (const rec of (this.collected.callsByName.get(name) ?? []).slice(0, 20)) {
      const b = this.lookup(name, rec.scope, rec.node.start);
      const target = b ? this.valueOf(b) : undefined;
      if (target?.t !== 'cls' || (target.module as PyModule).path !== path || (target.node as PyNode).start !== start) continue;
      const given = this.callArgs(rec.node).keywords.get(attr);
      const v = given && this.eval(given, rec.scope);
      if (v && !isOpaque(v)) return v;
    }
    return undefined;
  }

  /** `self.attr` as a class of this module (`node`) has it, `self` being an `instance`. */
  classAttribute(node: PyNode, attr: string, depth: number, instance: ClassRef): Val | undefined {
    const cls = this.collected.classScopes.get(node);
    return cls && this.selfAttribute(cls, attr, depth, instance);
  }

  /**
   * The class `self` is an instance of in a method of `cls`: `cls`, or the subclass whose
   * property is being evaluated (ModuleLoader.instances).
   */
  private instanceOf(cls: PyNode): ClassRef {
    const outer = this.loader.instances.at(-1);
    return outer && outer.module.derivesFrom(outer.node, cls, 0) ? outer : { module: this, node: cls };
  }

  /** Whether the class `node` of this module is `ancestor` or derives from it. */
  derivesFrom(node: PyNode, ancestor: PyNode, depth: number): boolean {
    if (node === ancestor) return true;
    const scope = this.collected.classScopes.get(node);
    if (!scope || depth >= MAX_BASE_CLASS_DEPTH) return false;
    return this.baseClasses(scope).some((b) => b.module.derivesFrom(b.node, ancestor, depth + 1));
  }

  /**
   * A class-level field declared with its default: dataclasses' `field(default=...)`, pydantic's
   * `Field("...")` and `PrivateAttr("v2")`, or what a `default_factory=lambda: ...` returns.
   * Undefined for anything else.
   */
  private fieldValue(b: Binding, cls: Scope): Val | undefined {
    const node = b.kind === 'expr' ? b.node : undefined;
    if (node?.type !== 'call' || !this.isFieldDeclaration(node)) return undefined;
    const args = this.callArgs(node);
    const factory = args.keywords.get('default_factory') ?? args.keywords.get('factory');
    let dflt = args.keywords.get('default') ?? args.positional[0] ?? factory;
    // attrs' `default=attr.Factory(lambda: ...)`: what the factory returns (one that takes `self` is not followed).
    if (dflt?.type === 'call' && ATTRS_FACTORY.test(this.textOf(childByField(dflt, 'function') ?? dflt)))
      dflt = this.callArgs(dflt).positional[0];
    if (dflt?.type === 'lambda') dflt = childByField(dflt, 'body');
    // pydantic's `Field(..., description=…)`: required, no default.
    return dflt && dflt.type !== 'ellipsis' ? this.eval(dflt, cls) : undefined;
  }

  /**
   * A field's value typed by what its declaration says of it: `Field(description="dbt Cloud
   * personal access token")`, or the comment after `token: str  # dbt Cloud service token`.
   */
  private describedByField(v: Val, declaration: PyNode | undefined, scope: Scope, end?: number): Val {
    const ref = v.t === 'str' && v.parts.length === 1 ? v.parts[0] : undefined;
    if (ref?.kind !== 'reference' || ref.description) return v;
    const description = this.fieldDescription(declaration, scope, end ?? declaration?.end);
    if (!description || typeFromDescription(description.text) === undefined) return v;
    return { t: 'str', parts: [{ ...ref, description }] };
  }

  /** `Field(description=…)` in a field's declaration (`declaration` or its right side), else the comment ending its line (at `end`). */
  private fieldDescription(
    declaration: PyNode | undefined,
    scope: Scope,
    end: number | undefined,
  ): { text: string; line: number } | undefined {
    const node = declaration?.type === 'assignment' ? childByField(declaration, 'right') : declaration;
    if (node?.type === 'call' && this.isFieldDeclaration(node)) {
      const d = this.callArgs(node).keywords.get('description');
      const text = d && literalText(this.eval(d, scope));
      if (text !== undefined && text.length <= 300) return { text, line: d!.line };
    }
    if (end === undefined) return undefined;
    // The declaration's own line, where the binding's statement ends.
    end = Math.min(end, this.text.length);
    const start = this.text.lastIndexOf('\n', end - 1) + 1;
    const lineEnd = this.text.indexOf('\n', end);
    const line = this.text.slice(start, lineEnd < 0 ? undefined : lineEnd);
    const comment = line.length <= 400 && !/["']/.test(line) ? /\s#\s*(.+)$/.exec(line)?.[1] : undefined;
    if (comment === undefined) return undefined;
    let n = 1;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < start; i = this.text.indexOf('\n', i + 1)) n++;
    return { text: comment.trim(), line: n };
  }

  private isFieldDeclaration(call: PyNode): boolean {
    const fn = childByField(call, 'function');
    return !!fn && FIELD_DECLARATION.test(this.textOf(fn));
  }

  /**
   * What `self.url(job_id)` returns, when `url` is a method of the class or of a base class: a URL
   * or headers built by a method. Only values: which calls are requests is decided elsewhere.
   */
  private selfMethodValue(fn: PyNode, scope: Scope): Val | undefined {
    if (fn.type !== 'attribute') return undefined;
    const obj = childByField(fn, 'object');
    const attrNode = childByField(fn, 'attribute');
    if (obj?.type !== 'identifier' || !attrNode || this.textOf(obj) !== 'self') return undefined;
    const cls = methodClassScope(scope);
    const instance = cls?.cls && this.instanceOf(cls.cls);
    const v = instance && instance.module.classAttribute(instance.node, this.textOf(attrNode), 0, instance);
    if (v?.t !== 'fn' || !instance) return undefined;
    // A base class's method reads `self.x` as the subclass has it (`prefix = "/api/v2/"` there).
    this.loader.instances.push(instance);
    let result: Val;
    try {
      result = this.boundReturn(v.module as PyModule, v.scope as Scope, fn.parent!, scope);
    } finally {
      this.loader.instances.pop();
    }
    return result.t === 'unknown' ? undefined : result;
  }

  /**
   * What a call of a repository function returns, its parameters replaced by what this call
   * passes (`build(tenant, f"{account}/runs/")` returns the URL with that path), where the
   * arguments say something; the others stay the parameters, for the request's callers.
   */
  private boundReturn(module: PyModule, fnScope: Scope, call: PyNode, scope: Scope): Val {
    const result = module.returnValue(fnScope);
    if (call.type !== 'call') return result;
    const args = this.callArgs(call);
    const params = fnScope.fn && childByField(fnScope.fn, 'parameters');
    const first = params && namedChildren(params)[0];
    // Parameters count `self`; a static method or a plain function has none before the first argument.
    const offset = first && /^(self|cls)\b/.test(module.textOf(first)) ? 1 : 0;
    const argument = (p: ParamRef): Val | undefined => {
      if (p.scope !== fnScope) return undefined;
      const i = p.index - offset;
      const n = args.keywords.get(p.name) ?? (i >= 0 ? args.positional[i] : undefined);
      return n ? this.eval(n, scope) : undefined;
    };
    // `need("DBT_CLOUD_SERVICE_TOKEN")` reads that variable, whatever the first caller passed.
    const renamed = renameReads(result, fnScope, (p) => {
      const v = argument(p);
      return v ? literalText(v) : undefined;
    });
    const given = (p: ParamRef): Val | undefined => {
      const v = argument(p);
      return !v || (v.t === 'unknown' && !v.param && !v.name) ? undefined : v;
    };
    const out = substituteParams(renamed, given);
    // A session the function configures and returns (`build_session(token)` updating its headers
    // with `f"Token {token}"`): what its later settings read of the parameters is this call's too.
    if (out.t === 'obj' && !out.given) return { ...out, given };
    return out;
  }

  private readonly madeWithInitCache = new Map<PyNode, { name: string; node: PyNode }[]>();

  /**
   * The classes of this module whose construction runs `cls`'s `__init__`: it, and its subclasses
   * here (at any depth) that define none of their own and are not generated (a decorated class).
   */
  private madeWithInitOf(cls: PyNode): { name: string; node: PyNode }[] {
    const cached = this.madeWithInitCache.get(cls);
    if (cached) return cached;
    const nameOf = (node: PyNode): string | undefined => {
      const n = childByField(node, 'name');
      return n ? this.textOf(n) : undefined;
    };
    const out: { name: string; node: PyNode }[] = [];
    this.madeWithInitCache.set(cls, out);
    const own = nameOf(cls);
    if (own !== undefined) out.push({ name: own, node: cls });
    for (let i = 0; i < out.length && out.length < MAX_BASE_CLASSES; i++) {
      for (const [node, scope] of this.collected.classScopes) {
        if (out.length >= MAX_BASE_CLASSES) break;
        const name = nameOf(node);
        if (name === undefined || out.some((o) => o.node === node) || node.parent?.type === 'decorated_definition') continue;
        if (scope.bindings.get('__init__')?.some((b) => b.kind === 'def')) continue;
        if (this.baseClasses(scope).some((b) => b.module === this && b.node === out[i]!.node)) out.push({ name, node });
      }
    }
    return out;
  }

  /**
   * The `__init__` a class without its own runs: the nearest repository base class's (`class
   * Admin(Base)` with `Base` in another module), with the classes passed on the way, whose methods the instance has.
   */
  inheritedInit(cls: PyNode): { module: PyModule; init: PyNode; classes: { module: PyModule; node: PyNode }[] } | undefined {
    const classes: { module: PyModule; node: PyNode }[] = [];
    let current: { module: PyModule; node: PyNode } | undefined = { module: this, node: cls };
    for (let depth = 0; current && depth < MAX_BASE_CLASS_DEPTH; depth++) {
      const scope = current.module.collected.classScopes.get(current.node);
      if (!scope) return undefined;
      if (depth > 0) {
        classes.push(current);
        const init = scope.bindings.get('__init__')?.find((b) => b.kind === 'def')?.node;
        if (init) return { module: current.module, init, classes };
        if (current.node.parent?.type === 'decorated_definition') return undefined;
      }
      current = current.module.baseClasses(scope)[0];
    }
    return undefined;
  }

  /** The repository classes a class derives from: `class Jobs(Base)`, `class Run(commands.Command)`. */
  private baseClasses(cls: Scope): { module: PyModule; node: PyNode }[] {
    const cached = this.baseClassCache.get(cls);
    if (cached) return cached;
    const bases = cls.cls && childByField(cls.cls, 'superclasses');
    const out: { module: PyModule; node: PyNode }[] = [];
    this.baseClassCache.set(cls, out);
    for (const arg of bases ? namedChildren(bases).slice(0, MAX_BASE_CLASSES) : []) {
      if (arg.type !== 'identifier' && arg.type !== 'attribute') continue;
      const v = this.eval(arg, cls.parent ?? this.collected.module);
      if (v.t === 'cls' && v.module instanceof PyModule) out.push({ module: v.module, node: v.node as PyNode });
    }
    return out;
  }

  /**
   * `def op(cfg: DbtConfig): cfg.api_token` where no caller in reach passes `cfg` (a framework
   * injects it, as Dagster does resources): the field as this module constructs the class,
   * `DbtConfig(api_token=os.getenv("DBT_CLOUD_API_TOKEN"))`.
   */
  private fieldOfTypedParam(name: string, scope: Scope, pos: number, field: string): Val | undefined {
    const param = this.lookup(name, scope, pos);
    if (param?.kind !== 'param' || !param.annotationName) return undefined;
    const cls = this.lookup(param.annotationName, this.collected.module, Number.MAX_SAFE_INTEGER);
    if (cls && cls.kind !== 'class') {
      // A settings class imported from the repository (`config: DiscoveryConfig`): what its own
      // module makes it with (`DiscoveryConfig(host=os.environ.get("DBT_HOST"), …)` in a loader there).
      const v = this.valueOf(cls);
      if (v.t !== 'cls' || !(v.module instanceof PyModule) || v.module === this) return undefined;
      return v.module.constructionKeyword(v.name, v.module.path, (v.node as PyNode).start, field);
    }
    if (cls?.kind !== 'class') return undefined;
    for (const rec of (this.collected.callsByName.get(param.annotationName) ?? []).slice(0, 20)) {
      if (this.lookup(param.annotationName, rec.scope, rec.node.start)?.node !== cls.node) continue;
      const argNode = this.callArgs(rec.node).keywords.get(field);
      if (!argNode) continue;
      const v = this.eval(argNode, rec.scope);
      if (v.t !== 'unknown') return v;
    }
    return undefined;
  }

  attributeOf(base: Val, attr: string): Val {
    // Google Secret Manager's response: the secret's value is its `payload.data`.
    if (SECRET_RESPONSE_KEYS.has(attr) && isSecretRead(base)) return base;
    switch (base.t) {
      case 'dict':
        return (base.attributes && base.entries.get(attr)) || unknown(attr);
      case 'mod':
        return this.moduleAttribute(base.path, attr);
      case 'pymod': {
        const m = base.module as PyModule;
        const v = m.exportValue(attr);
        if (v) return v;
        const sub = this.loader.resolve(m.path, attr, 1);
        const sm = sub ? this.loader.load(sub, m.depth + 1) : undefined;
        return sm ? { t: 'pymod', module: sm } : unknown(attr);
      }
      case 'cls': {
        // `Dbt.BASE`, `cls.TOKEN` in a class method: the class body's value, as `self.BASE` reads it.
        const ref = { module: base.module as PyModule, node: base.node as PyNode };
        return ref.module.classAttribute(ref.node, attr, 0, ref) ?? unknown(`${base.name}.${attr}`);
      }
      case 'obj':
        if (base.cls === 'airflow.ConnectionRef') return connectionField(base, attr, this);
        if (base.cls === FILE_PATH && (attr === 'parent' || attr === 'parents')) return base;
        return base.keywords.get(attr) ?? unknown(attr);
      case 'unknown': {
        const given = base.field?.(attr);
        if (given) return given;
        const owner = base.instanceOf?.module as PyModule | undefined;
        const cls = base.instanceOf?.node as PyNode | undefined;
        const field =
          owner && cls
            ? (owner.settingsField(cls, attr, 0, true) ??
              owner.classFieldDefault(cls, attr) ??
              owner.settingsField(cls, attr) ??
              owner.propertyValue(cls, attr))
            : undefined;
        // A response wrapper of a value read from somewhere unnamed (`get_secret(secret_id).value`) names nothing either.
        if (!field && !base.name && !base.instanceOf && SECRET_RESPONSE_KEYS.has(attr)) return base;
        // `cfg.token` of a parameter `cfg`: that attribute of whatever a caller passes (emit.ts argumentsAt).
        if (!field && base.param && /^[A-Za-z_]\w{0,80}$/.test(attr) && (base.param.keys?.length ?? 0) < 4)
          return {
            t: 'unknown',
            name: base.name ? `${base.name}.${attr}` : attr,
            param: { ...base.param, keys: [...(base.param.keys ?? []), `.${attr}`] },
          };
        return field ?? unknown(base.name ? `${base.name}.${attr}` : attr);
      }
      default:
        return unknown(attr);
    }
  }

  /**
   * A `@property` of a class of this module read on an instance of it (`cfg.api` with `cfg =
   * DbtCloudConfig()` or a parameter typed so): what the method returns, `self` being that instance.
   */
  propertyValue(cls: PyNode, attr: string): Val | undefined {
    const b = this.collected.classScopes.get(cls)?.bindings.get(attr)?.at(-1);
    if (!b || b.kind !== 'def' || !b.node || !isProperty(b.node, (n) => this.textOf(n))) return undefined;
    const v = this.propertyReturn(b.node, { module: this, node: cls });
    return v?.t === 'unknown' ? undefined : v;
  }

  /** What the property method `def` of this module returns, `self` being `instance`. */
  private propertyReturn(def: PyNode, instance: ClassRef): Val | undefined {
    const fnScope = this.collected.functionScopes.get(def);
    if (!fnScope) return undefined;
    this.loader.instances.push(instance);
    try {
      return this.returnValue(fnScope);
    } finally {
      this.loader.instances.pop();
    }
  }

  /**
   * A class-level field default of a class of this module: `host: str = "cloud.getdbt.com"`,
   * `host: str = field(default=...)`, pydantic `Field("...")`. Undefined when it has none.
   */
  classFieldDefault(cls: PyNode, attr: string): Val | undefined {
    const scope = this.collected.classScopes.get(cls);
    // A class-level field, else what the class's methods set on `self` (`self.api_url = ...` in `__init__`).
    const list = scope?.bindings.get(attr) ?? scope?.bindings.get(`self.${attr}`);
    const b = list?.[list.length - 1];
    if (!b || b.kind !== 'expr' || !b.node) return undefined;
    const declared = b.node.type === 'call' ? this.fieldValue(b, scope!) : undefined;
    if (b.node.type === 'call' && !declared && this.isFieldDeclaration(b.node)) return undefined;
    const v = declared ?? this.valueOf(b);
    return v.t === 'unknown' ? undefined : v;
  }

  /**
   * A field of a pydantic-settings class that nothing in the repository sets: the environment
   * variable pydantic reads for it, its `alias` / `validation_alias` (v1: `env=`) or its name after
   * the class's `env_prefix`, upper-cased as env names are written (matching is case-insensitive).
   * `blankOnly`: only a field whose default says nothing (`= None`, `= ""`), read before the defaults are.
   */
  settingsField(cls: PyNode, attr: string, depth = 0, blankOnly = false): Val | undefined {
    const scope = this.collected.classScopes.get(cls);
    if (!scope || depth > MAX_BASE_CLASS_DEPTH || !this.isSettingsClass(scope, 0)) return undefined;
    const body = childByField(cls, 'body');
    for (const stmt of body ? namedChildren(body) : []) {
      const assign = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
      const left = assign?.type === 'assignment' ? childByField(assign, 'left') : undefined;
      if (!assign || left?.type !== 'identifier' || this.textOf(left) !== attr) continue;
      const right = childByField(assign, 'right');
      // `dbt_token: SecretStr | None = None`, `api_token: str = ""`, `= "changeme"`: pydantic reads
      // the environment first; a default that says nothing stands in only when it is unset.
      const blank = right && (right.type === 'none' || isPlaceholderValue(literalText(this.eval(right, scope)) ?? '-'));
      if (right && !blank && (blankOnly || !(right.type === 'call' && this.isFieldDeclaration(right)))) return undefined;
      const args = right && !blank ? this.callArgs(right) : undefined;
      for (const key of ['validation_alias', 'alias', 'env']) {
        let n = args?.keywords.get(key);
        // `AliasChoices("DBT_PAT", "DBT_PERSONAL_TOKEN")`: read first to last; its first names the variable.
        if (n?.type === 'call' && /(^|\.)AliasChoices$/.test(this.textOf(childByField(n, 'function')!))) n = this.callArgs(n).positional[0];
        const named = n ? literalText(this.eval(n, scope)) : undefined;
        if (named && /^[A-Za-z_]\w{0,100}$/.test(named)) return this.describedByField(envRead(named, left, this), assign, scope);
      }
      return this.describedByField(envRead(`${this.envPrefix(scope)}${attr}`.toUpperCase(), left, this), assign, scope);
    }
    // Declared in a base class of the repository's.
    for (const b of this.baseClasses(scope)) {
      const v = b.module.settingsField(b.node, attr, depth + 1, blankOnly);
      if (v) return v;
    }
    return undefined;
  }

  /** Whether a class derives from pydantic's `BaseSettings` (pydantic-settings, or pydantic v1), here or through repository bases. */
  private isSettingsClass(scope: Scope, depth: number): boolean {
    const bases = scope.cls && childByField(scope.cls, 'superclasses');
    for (const arg of bases ? namedChildren(bases).slice(0, MAX_BASE_CLASSES) : []) {
      if (arg.type !== 'identifier' && arg.type !== 'attribute') continue;
      const v = this.eval(arg, scope.parent ?? this.collected.module);
      if (v.t === 'mod' && /^pydantic(?:_settings)?(?:\.[\w.]+)?\.BaseSettings$/.test(v.path)) return true;
    }
    return (
      depth < MAX_BASE_CLASS_DEPTH &&
      this.baseClasses(scope).some((b) => {
        const s = b.module.collected.classScopes.get(b.node);
        return !!s && b.module.isSettingsClass(s, depth + 1);
      })
    );
  }

  /** `model_config = SettingsConfigDict(env_prefix="APP_")`, or v1's `class Config: env_prefix = "APP_"`. */
  private envPrefix(scope: Scope): string {
    const config = scope.bindings.get('model_config')?.at(-1);
    if (config?.kind === 'expr' && config.node?.type === 'call') {
      const n = this.callArgs(config.node).keywords.get('env_prefix');
      const prefix = n ? literalText(this.eval(n, scope)) : undefined;
      if (prefix !== undefined) return prefix;
    }
    if (config?.kind === 'expr' && config.node) {
      const v = this.valueOf(config);
      if (v.t === 'dict') {
        const prefix = this.dictEntries(v).get('env_prefix');
        if (prefix) return literalText(prefix) ?? '';
      }
    }
    const body = scope.cls && childByField(scope.cls, 'body');
    for (const stmt of body ? namedChildren(body) : []) {
      if (stmt.type !== 'class_definition' || this.textOf(childByField(stmt, 'name') ?? stmt) !== 'Config') continue;
      const inner = this.collected.classScopes.get(stmt);
      const b = inner?.bindings.get('env_prefix')?.at(-1);
      if (b?.kind === 'expr') return literalText(this.valueOf(b)) ?? '';
    }
    return '';
  }

  private moduleAttribute(path: string, attr: string): Val {
    const full = `${path}.${attr}`;
    const constant = libraryConstant(full);
    if (constant !== undefined) return lit(constant);
    if (!isKnownLibraryModule(full) && !path.startsWith('.')) {
      // `import pkg.config` then `pkg.config.TOKEN` with no `pkg/__init__.py`.
      const sub = this.loader.resolve(this.path, full, 0);
      const sm = sub ? this.loader.load(sub, this.depth + 1) : undefined;
      if (sm) return { t: 'pymod', module: sm };
      const file = this.loader.resolve(this.path, path, 0);
      const m = file ? this.loader.load(file, this.depth + 1) : undefined;
      const v = m?.exportValue(attr);
      if (v) return v;
    }
    return { t: 'mod', path: full };
  }

  private evalSubscript(node: PyNode, scope: Scope): Val {
    const valueNode = childByField(node, 'value');
    const keyNode = childByField(node, 'subscript');
    if (!valueNode || !keyNode) return unknown();
    const base = this.eval(valueNode, scope);
    const keyVal = this.eval(keyNode, scope);
    const key = literalText(keyVal);
    if (base.t === 'mod' && base.path === 'os.environ' && key !== undefined)
      return this.environSet(key) ?? this.containerTaskEnv(scope, key) ?? keyedByParam(envRead(key, node, this), keyVal);
    if (base.t === 'mod' && base.path === 'os.environ')
      return envKeyedByParam(keyVal) ?? builtNameRead('env', keyVal, node, this) ?? unknown();
    // `sys.argv[1]`: the script's first argument, which a CI step running it fills (scripts-run.ts `commandLineValues`).
    if (base.t === 'mod' && base.path === 'sys.argv' && key !== undefined && /^[1-9]$/.test(key)) return unknown(`argv.${key}`);
    if (
      base.t === 'mod' &&
      (APP_SECRETS_ROOTS.has(base.path) || appSecretName(base.path)) &&
      key !== undefined &&
      /^[\w.-]{1,80}$/.test(key)
    )
      return { t: 'mod', path: `${base.path}.${key}` };
    if (base.t === 'dict' && key !== undefined) return this.dictEntries(base).get(key) ?? unknown(key);
    if (base.t === 'obj' && base.cls === CONFIG_PARSER && key !== undefined) {
      const settings = this.configParserSettings(base);
      return (settings?.t === 'dict' ? this.dictEntries(settings).get(key) : undefined) ?? unknown(key);
    }
    // AWS Secrets Manager's response: the secret's value is its `SecretString`; a key of the JSON
    // it holds (`json.loads(…)["dbt_token"]`) is named within the secret.
    // An Airflow variable read as JSON (`Variable.get("dbt_cloud", deserialize_json=True)["pat"]`) likewise.
    if (isJsonStoreRead(base) && key !== undefined && isSecretJsonKey(key)) {
      // The stores' response wrappers (Secrets Manager's `SecretString`, Parameter Store's
      // `["Parameter"]["Value"]`, Vault's `["data"]["data"]`) are the secret itself.
      if (SECRET_RESPONSE_KEYS.has(key) && isSecretRead(base)) return base;
      const stored = base.parts[0];
      return readValue(stored.source, `${stored.name}.${key}`, { line: node.line, col: node.col, owner: this });
    }
    if (base.t === 'seq' && key !== undefined && /^-?\d+$/.test(key)) {
      const i = Number(key);
      return base.items[i < 0 ? base.items.length + i : i] ?? unknown();
    }
    // `cfg["api_base"]` of a parameter `cfg` no call here fills in: the entry of whatever dict a
    // caller passes (a caller in another module: emit.ts argumentsAt).
    if (base.t === 'unknown' && base.param && key !== undefined && /^[\w.-]{1,80}$/.test(key) && (base.param.keys?.length ?? 0) < 4)
      return { t: 'unknown', name: key, param: { ...base.param, keys: [...(base.param.keys ?? []), key] } };
    if (key !== undefined && valueNode.type === 'attribute' && base.t !== 'dict') {
      const assigned = this.itemSetOn(valueNode, key);
      if (assigned) return assigned;
    }
    // Flask's `current_app.config["DBT_CLOUD_TOKEN"]` (or `app.config[…]`) not set here: the project's config class.
    const baseName = base.t === 'mod' ? base.path : base.t === 'unknown' ? base.name : undefined;
    const flask = key !== undefined && FLASK_CONFIG.test(baseName ?? '') ? this.flaskConfigValue(key) : undefined;
    if (flask) return flask;
    if (key !== undefined && /^[A-Za-z_][\w.-]{0,80}$/.test(key)) return unknown(key);
    // A dict picked by a key known only at run time (`TOKENS[env]`): named as written.
    // Entries that share their start (one base URL, each its own path) keep that start.
    if (base.t === 'dict' && key === undefined) {
      const name = node.end - node.start <= 80 ? this.textOf(node).replace(/\s+/g, '') : 'value';
      const values = [...this.dictEntries(base).values()];
      // A table of dbt Cloud hosts by region (`HOSTS[os.environ["REGION"]]`): a dbt Cloud host, shown as the first.
      const texts = values.slice(0, 50).map(literalText);
      if (texts.length > 0 && texts.every((t) => t !== undefined && isDbtBase(t))) return hole(name, texts[0]!.trim());
      return sharedEntryStart(values, name) ?? unknown(node.end - node.start <= 80 ? name : undefined);
    }
    return unknown(base.t === 'unknown' ? base.name : undefined);
  }

  /**
   * `app.config["DBT_CLOUD_BASE"]` on an object the scan cannot follow (a Flask app), read as what
   * the module sets that item to (`app.config["DBT_CLOUD_BASE"] = "https://…"`), written the same way.
   */
  private itemSetOn(target: PyNode, key: string): Val | undefined {
    const text = this.textOf(target);
    if (text.length > 100) return undefined;
    for (const m of this.collected.mutations) {
      if (m.op !== 'setitem' || !m.key || !m.value) continue;
      if ([this.textOf(m.base), ...m.path].join('.') !== text || literalText(this.eval(m.key, m.scope)) !== key) continue;
      return this.eval(m.value, m.scope);
    }
    return undefined;
  }

  /**
   * What a Flask app's configuration holds under `key`, as its config classes write it
   * (`class Config: DBT_CLOUD_TOKEN = os.environ.get("DBT_CLOUD_SERVICE_TOKEN")`, loaded with
   * `app.config.from_object(…)`): the attribute of the first class of the package's `config`
   * or `settings` module (or the project's) that sets it. Only in a module that uses Flask.
   */
  private flaskConfigValue(key: string): Val | undefined {
    if (!/^[A-Z][A-Z0-9_]{0,80}$/.test(key) || !/\bflask\b/.test(this.text)) return undefined;
    for (const [name, level] of FLASK_CONFIG_MODULES) {
      const file = this.loader.resolve(this.path, name, level);
      const m = file && file !== this.path ? this.loader.load(file, this.depth + 1) : undefined;
      if (!m) continue;
      for (const cls of m.collected.classScopes.keys()) {
        const v = m.classAttribute(cls, key, 0, { module: m, node: cls });
        if (v && v.t !== 'unknown') return v;
      }
    }
    return undefined;
  }

  /** `a | b` on two dicts: b's entries over a's; on anything else (a set, flags) nothing known. */
  private dictUnion(a: Val, b: Val): Val {
    if (a.t !== 'dict' || b.t !== 'dict') return unknown();
    return { t: 'dict', id: newId(), entries: new Map([...this.dictEntries(a), ...this.dictEntries(b)]), owner: this };
  }

  private evalDict(node: PyNode, scope: Scope): Val {
    const entries = new Map<string, Val>();
    const children = namedChildren(node).slice(0, 500);
    // python-dotenv's merge, `{**dotenv_values(".env.shared"), **dotenv_values(".env.secret"), **os.environ}`: the environment, as each part is.
    let environs = 0;
    for (const c of children) {
      if (c.type === 'pair') {
        const k = childByField(c, 'key');
        const v = childByField(c, 'value');
        // A key not known here but named (`DatabaseOptions.AUTHORIZATION_HEADER.value`) is kept under its name.
        const key = k
          ? (literalText(this.eval(k, scope)) ?? (k.type === 'attribute' && k.end - k.start <= 100 ? this.textOf(k) : undefined))
          : undefined;
        if (key !== undefined && v) entries.set(key, this.eval(v, scope));
      } else if (c.type === 'dictionary_splat') {
        const inner = namedChildren(c)[0];
        const v = inner ? this.eval(inner, scope) : undefined;
        if (v?.t === 'dict') for (const [k, x] of this.dictEntries(v)) entries.set(k, x);
        else if (v?.t === 'mod' && v.path === 'os.environ') environs++;
      }
    }
    if (environs > 0 && environs === children.length) return { t: 'mod', path: 'os.environ' };
    return { t: 'dict', id: newId(), entries, owner: this };
  }

  /**
   * `shutil.which("dbt-jobs-as-code")`, distutils' `find_executable(…)`, or a helper of the
   * repository named like them: the path of the program named, which an argv list then runs. Read
   * as the program's name, so that `subprocess.run([exe, "plan", "jobs.yml"])` is that program run.
   */
  private executableLookedUp(fn: PyNode, node: PyNode, scope: Scope): Val | undefined {
    const name =
      fn.type === 'attribute' ? this.textOf(childByField(fn, 'attribute') ?? fn) : fn.type === 'identifier' ? this.textOf(fn) : '';
    if (name !== 'which' && name !== 'find_executable') return undefined;
    const first = this.callArgs(node).positional[0];
    const program = first && literalText(this.eval(first, scope));
    return program !== undefined && /^[\w.+-]{1,80}$/.test(program) ? lit(program, node.line, node.col, this) : undefined;
  }

  private evalCall(node: PyNode, scope: Scope): Val {
    const fn = childByField(node, 'function');
    if (!fn) return unknown();
    if (fn.type === 'attribute') {
      // `method.lower()` on a helper's parameter: still that parameter, for its callers to fill in.
      const obj = childByField(fn, 'object');
      const attr = childByField(fn, 'attribute');
      if (obj && attr && /^(lower|upper|strip|rstrip|lstrip)$/.test(this.textOf(attr))) {
        const base = this.eval(obj, scope);
        if (base.t === 'unknown' && base.param) return base;
      }
    }
    // `getattr(settings, "dbt_cloud_token", None)`: the attribute it names, as `settings.dbt_cloud_token` reads.
    if (fn.type === 'identifier' && this.textOf(fn) === 'getattr' && !this.lookup('getattr', scope, fn.start)) {
      const [obj, name] = this.callArgs(node).positional;
      const attr = name && literalText(this.eval(name, scope));
      if (obj && attr !== undefined && /^[A-Za-z_]\w{0,100}$/.test(attr)) return this.attributeValue(obj, attr, scope);
    }
    const method = this.selfMethodValue(fn, scope);
    if (method) return method;
    const program = this.executableLookedUp(fn, node, scope);
    if (program) return program;
    const callee = this.callee(fn, scope);
    switch (callee.k) {
      case 'path':
        return this.libraryValue(callee.path, node, scope);
      case 'method':
        return this.methodValue(callee.base, callee.name, node, scope);
      case 'fn':
        return this.boundReturn(callee.module, callee.scope, node, scope);
      case 'class': {
        const auth = callee.module.authHeaderSetBy(callee.node);
        if (auth) return auth;
        // `BearerAuth(token)`: the arguments, for `auth=`.
        if (/Auth$/.test(callee.name))
          return {
            t: 'seq',
            items: this.callArgs(node)
              .positional.slice(0, 5)
              .map((p) => this.eval(p, scope)),
          };
        const made: Val = { t: 'unknown', name: callee.name, instanceOf: { module: callee.module, node: callee.node } };
        const field = callee.module.fieldsGiven(callee.node, this.callArgs(node), (n) => this.eval(n, scope));
        return field ? { ...made, field } : made;
      }
      default:
        return unknown();
    }
  }

  /** A `@classmethod`'s first parameter: the class it is defined in (`return cls(host=…)` in `from_env`). */
  /** Whether `cls(…)` at `rec` is in a class method of `cls`. */
  private clsCallOf(rec: CallRecord, cls: PyNode): boolean {
    const fn = functionScopeOf(rec.scope)?.fn;
    const own = fn ? this.classOfClassmethod(fn) : undefined;
    return own?.t === 'cls' && own.node === cls;
  }

  private classOfClassmethod(fnNode: PyNode): Val | undefined {
    const decorated = fnNode.parent?.type === 'decorated_definition' ? fnNode.parent : undefined;
    if (!decorated || !namedChildren(decorated).some((d) => d.type === 'decorator' && /^@\s*classmethod\s*$/.test(this.textOf(d))))
      return undefined;
    let cls: PyNode | undefined = decorated.parent;
    while (cls && cls.type !== 'class_definition') cls = cls.parent;
    const name = cls && childByField(cls, 'name');
    return cls && name ? { t: 'cls', module: this, node: cls, name: this.textOf(name) } : undefined;
  }

  /**
   * What a construction gives a class's declared fields (a dataclass's, a NamedTuple's, an attrs
   * or pydantic class's `token: str`), by keyword or, in their order, by position; undefined for
   * a class that declares none (its `__init__` says what its parameters become).
   */
  fieldsGiven(cls: PyNode, args: CallArgs, evaluate: (n: PyNode) => Val): ((name: string) => Val | undefined) | undefined {
    if (args.positional.length === 0 && args.keywords.size === 0) return undefined;
    const declared = this.declaredFields(cls);
    if (declared.length === 0) return undefined;
    const given = new Map<string, PyNode>();
    args.positional.slice(0, declared.length).forEach((n, i) => given.set(declared[i]!, n));
    for (const [k, n] of args.keywords) if (declared.includes(k)) given.set(k, n);
    if (given.size === 0) return undefined;
    // Evaluated when read: a construction is evaluated far more often than its fields are.
    const values = new Map<string, Val>();
    return (name) => {
      const n = given.get(name);
      if (!n) return undefined;
      let v = values.get(name);
      if (!v) values.set(name, (v = this.declaredFieldDescribed(cls, name, evaluate(n))));
      return v;
    };
  }

  /** A value given to a declared field, typed by the field's description (describedByField). */
  private declaredFieldDescribed(cls: PyNode, name: string, v: Val): Val {
    const list = this.collected.classScopes.get(cls)?.bindings.get(name);
    const b = list?.[list.length - 1];
    return b ? this.describedByField(v, b.kind === 'expr' ? b.node : undefined, b.scope, b.pos) : v;
  }

  /** The fields a class body declares with a type (`host: str`, `token: str = field(repr=False)`), in order. */
  declaredFields(cls: PyNode): string[] {
    const body = childByField(cls, 'body');
    const out: string[] = [];
    for (const stmt of body ? namedChildren(body).slice(0, 200) : []) {
      const assign = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
      const left = assign?.type === 'assignment' ? childByField(assign, 'left') : undefined;
      // Typed (`host: str`), or made by a field declaration without one (attrs' `token = attr.ib(repr=False)`).
      if (left?.type !== 'identifier') continue;
      const right = childByField(assign!, 'right');
      if (childByField(assign!, 'type') || (right?.type === 'call' && this.isFieldDeclaration(right))) out.push(this.textOf(left));
    }
    return out;
  }

  /** What a call's function expression names. */
  callee(fn: PyNode, scope: Scope): Callee {
    if (fn.type === 'identifier') {
      const name = this.textOf(fn);
      const b = this.lookup(name, scope, fn.start);
      if (!b) return { k: 'path', path: name };
      return this.calleeOfValue(this.valueOf(b), name);
    }
    if (fn.type === 'attribute') {
      const obj = childByField(fn, 'object');
      const attrNode = childByField(fn, 'attribute');
      if (!obj || !attrNode) return { k: 'none' };
      const attr = this.textOf(attrNode);
      const base = this.eval(obj, scope);
      switch (base.t) {
        case 'mod':
        case 'pymod':
          return this.calleeOfValue(this.attributeOf(base, attr), attr);
        case 'unknown':
          if (base.name && obj.type !== 'call') return { k: 'path', path: `${base.name}.${attr}` };
          // `boto3.client("secretsmanager").get_secret_value(…)`: a secret store's read on a client made in place.
          // So is one on a client whose making is not followed (`botocore.session.get_session().create_client(…)`).
          if ((obj.type === 'call' || base.name === undefined) && pythonSecretRead(attr))
            return { k: 'path', path: `${base.name ?? 'client'}.${attr}` };
          return { k: 'method', base, name: attr, baseNode: obj };
        case 'cls': {
          // `Settings.from_env()`: a class or static method of a repository class runs its body.
          const ref = { module: base.module as PyModule, node: base.node as PyNode };
          const method = ref.module.classAttribute(ref.node, attr, 0, ref);
          if (method?.t === 'fn') return this.calleeOfValue(method, attr);
          return { k: 'path', path: `${base.name}.${attr}` };
        }
        default:
          return { k: 'method', base, name: attr, baseNode: obj };
      }
    }
    return { k: 'none' };
  }

  private calleeOfValue(v: Val, name: string): Callee {
    switch (v.t) {
      case 'mod':
        return { k: 'path', path: v.path };
      case 'fn':
        return { k: 'fn', module: v.module as PyModule, scope: v.scope as Scope };
      case 'unknown':
        return { k: 'path', path: v.name ?? name };
      case 'cls':
        return { k: 'class', module: v.module as PyModule, node: v.node as PyNode, name: v.name };
      case 'obj': {
        const fn = v.cls === 'functools.partial' ? v.positional[0] : undefined;
        return fn?.t === 'mod' ? { k: 'path', path: fn.path, bound: v.keywords } : { k: 'none' };
      }
      default:
        return { k: 'none' };
    }
  }

  /** A `requests.auth.AuthBase` subclass: the Authorization header its `__call__` sets on the request. */
  authHeaderSetBy(classNode: PyNode): Val | undefined {
    for (const [fn, fnScope] of this.collected.functionScopes) {
      let owner = fn.parent;
      if (owner?.type === 'decorated_definition') owner = owner.parent;
      if (owner?.parent !== classNode) continue;
      const name = childByField(fn, 'name');
      if (!name || this.textOf(name) !== '__call__') continue;
      for (const m of this.collected.mutations) {
        if (m.scope !== fnScope || !m.value) continue;
        if (m.op === 'setitem' && m.path[0] === 'headers' && m.key) {
          if (literalText(this.eval(m.key, m.scope))?.toLowerCase() === 'authorization') return this.eval(m.value, m.scope);
        } else if (m.op === 'setattr' && m.attr === 'headers') {
          // `r.headers = CaseInsensitiveDict({"Authorization": ...})`: the request's headers replaced.
          const headers = this.eval(m.value, m.scope);
          if (headers.t !== 'dict') continue;
          for (const [k, v] of this.dictEntries(headers)) if (k.trim().toLowerCase() === 'authorization') return v;
        }
      }
    }
    return undefined;
  }

  /**
   * The value a same-repository function returns (its first return with a known value): also an
   * instance of a repository class (`return Settings()` of a cached settings factory).
   */
  returnValue(fnScope: Scope): Val {
    if (this.busyScopes.has(fnScope)) return unknown();
    this.busyScopes.add(fnScope);
    try {
      for (const r of fnScope.returns.slice(0, 10)) {
        const expr = namedChildren(r)[0];
        if (!expr) continue;
        const v = this.eval(expr, fnScope);
        if (v.t !== 'unknown' || v.instanceOf) return v;
      }
      return unknown();
    } finally {
      this.busyScopes.delete(fnScope);
    }
  }

  private libraryValue(path: string, node: PyNode, scope: Scope): Val {
    const lib = classifyCallee(path);
    const arg = (kw: string | undefined, i: number | undefined): Val | undefined => this.argValue(node, scope, kw, i);
    if (!lib && /(^|\.)\w*Auth$/.test(path)) {
      // `HTTPBasicAuth(user, token)`, `BearerAuth(token)`: the arguments, for `auth=`; by keyword,
      // the secret's (dlt's `BearerTokenAuth(token=…)`, `APIKeyAuth(api_key=…)`, `HttpBasicAuth(password=…)`).
      const args = this.callArgs(node);
      const secret = ['token', 'api_key', 'password'].map((k) => args.keywords.get(k)).find((n) => n !== undefined);
      return {
        t: 'seq',
        items: [...args.positional.slice(0, 5), ...(secret ? [secret] : [])].map((p) => this.eval(p, scope)),
      };
    }
    if (ENV_READER_CLASSES.has(path)) return { t: 'mod', path: ENV_READER };
    const settings = this.configFileCall(path, node, scope);
    if (settings) return settings;
    // python-dotenv's `dotenv_values(".env")`: the `.env` file's entries, read by name as the environment's are.
    if (path === 'dotenv.dotenv_values' || path === 'dotenv.main.dotenv_values') return { t: 'mod', path: 'os.environ' };
    // A token the user types at a prompt (`getpass.getpass("dbt Cloud service token: ")`, `input(…)`,
    // a Streamlit app's `st.text_input("dbt Cloud personal access token", type="password")`): the prompt
    // says what it is, as a description would.
    const streamlitInput = path === 'streamlit.text_input' || path === 'streamlit.sidebar.text_input';
    if (path === 'getpass.getpass' || path === 'getpass' || path === 'input' || streamlitInput) {
      const prompt = literalText(arg(streamlitInput ? 'label' : 'prompt', 0) ?? unknown());
      const name = path === 'input' ? 'input' : streamlitInput ? 'text_input' : 'getpass';
      if (prompt === undefined || prompt.length > 300 || typeFromDescription(prompt) === undefined) return unknown(name);
      return {
        t: 'str',
        parts: [
          {
            kind: 'reference',
            source: 'unknown',
            name,
            line: node.line,
            col: node.col,
            owner: this,
            description: { text: prompt, line: node.line },
          },
        ],
      };
    }
    // A secret or stored variable holding JSON, parsed: its keys are read by name (evalSubscript).
    if (path === 'json.loads') {
      const text = arg('s', 0);
      if (text && isJsonStoreRead(text)) return text;
    }
    if (!lib && /(^|\.)(Option|Argument)$/.test(path)) {
      // typer: `api_key: str = typer.Option(..., envvar="DBT_CLOUD_API_KEY")`.
      // A list of names (`envvar=["DBT_CLOUD_SERVICE_TOKEN", "DBT_SERVICE_TOKEN"]`) is read first to last, as click does.
      const env = this.callArgs(node).keywords.get('envvar');
      const first = env?.type === 'list' ? namedChildren(env)[0] : env;
      const name = first ? literalText(this.eval(first, scope)) : undefined;
      if (first && name && /^[A-Za-z_]\w{0,100}$/.test(name))
        return this.describedByHelp(envRead(name, first, this), this.callArgs(node).keywords.get('help'), scope);
    }
    if (!lib) {
      // `config.get("dbt_host")`, `settings.get("DBT_CLOUD_HOST", default)` on unknown objects.
      if (/\.get$/.test(path)) {
        const key = literalText(arg(undefined, 0) ?? unknown());
        const flask = key !== undefined && FLASK_CONFIG.test(path.slice(0, -'.get'.length)) ? this.flaskConfigValue(key) : undefined;
        if (flask) return flask;
        if (key !== undefined && /^[A-Za-z_][\w.-]{0,80}$/.test(key)) {
          const dflt = literalText(arg(undefined, 1) ?? unknown());
          return hole(key, dflt !== undefined && isDbtBase(dflt) ? dflt.trim() : undefined);
        }
      }
      return unknown(placeholderName(`${path}()`));
    }
    switch (lib.kind) {
      case 'read': {
        if (lib.what === 'dagster-envvar' || lib.what === 'env' || lib.what === 'env-reader') {
          const key = arg(lib.what === 'env' ? 'key' : lib.what === 'env-reader' ? undefined : 'env_var_name', 0);
          const name = literalText(key ?? unknown());
          if (name === undefined) return (key && envKeyedByParam(key)) ?? (key && builtNameRead('env', key, node, this)) ?? unknown();
          // An environment reader's second argument is a cast, not a default: only `default=` is.
          const dflt =
            lib.what === 'env'
              ? literalText(arg('default', 1) ?? unknown())
              : lib.what === 'env-reader'
                ? literalText(arg('default', undefined) ?? unknown())
                : undefined;
          const set = lib.what === 'dagster-envvar' ? undefined : (this.environSet(name) ?? this.containerTaskEnv(scope, name));
          const read = envRead(name, node, this, dflt !== undefined && isDbtBase(dflt) ? dflt.trim() : undefined);
          if (dflt !== undefined && /^[\w.:-]{1,250}$/.test(dflt) && read.t === 'str' && read.parts[0]?.kind === 'reference')
            read.parts[0].writtenDefault = dflt;
          // A default that names a stored secret (`os.environ.get("DBT_SECRET_ID", "prod/dbt-cloud/service-token")`):
          // the secret a store read given this variable reads, where nothing else sets it.
          if (dflt !== undefined && SECRET_ID_DEFAULT.test(dflt) && read.t === 'str' && read.parts[0]?.kind === 'reference')
            read.parts[0].fallback ??= { kind: 'literal', text: dflt };
          // A default address of another service (`os.getenv("PLATFORM_API", "https://api.acme.io")`):
          // the setting holds that service's address, read as such where a URL starts with it.
          if (
            dflt !== undefined &&
            OTHER_SERVICE_URL.test(dflt.trim()) &&
            !isDbtBase(dflt) &&
            read.t === 'str' &&
            read.parts[0]?.kind === 'reference'
          )
            read.parts[0].fallback = { kind: 'literal', text: dflt.trim() };
          // `os.environ.get("DBT_CLOUD_SERVICE_TOKEN", os.environ.get("DBT_CLOUD_PAT"))`: the second variable is read when the first is unset.
          const dfltArg = lib.what === 'env' && dflt === undefined ? arg('default', 1) : undefined;
          const other = dfltArg?.t === 'str' && dfltArg.parts.length === 1 ? dfltArg.parts[0] : undefined;
          if (
            other?.kind === 'reference' &&
            other.source === 'env' &&
            other.name !== name &&
            read.t === 'str' &&
            read.parts[0]?.kind === 'reference'
          )
            read.parts[0].otherwise ??= other.name;
          return set ?? keyedByParam(read, key);
        }
        const store = pythonSecretRead(path.slice(path.lastIndexOf('.') + 1));
        const keyword =
          lib.what === 'databricks-secret' || lib.what === 'airflow-variable'
            ? 'key'
            : lib.what === 'vault-secret'
              ? 'path'
              : lib.what === 'fabric-secret'
                ? 'secret'
                : (store?.key ?? 'name');
        // The Databricks SDK's `w.secrets.get_secret(scope="analytics", key="dbt-cloud-pat")`, not Key Vault's `get_secret(name)`.
        const sdkScoped = store?.what === 'azure-secret' && /\.secrets\.get_secret$/.test(path);
        // The secret's own name comes second after a scope (Databricks) or a key vault (Synapse, Fabric).
        let key = arg(sdkScoped ? 'key' : keyword, sdkScoped || lib.what === 'databricks-secret' || lib.what === 'fabric-secret' ? 1 : 0);
        // Google's samples pass a request dict: `access_secret_version(request={"name": name})`.
        const request = store && (key?.t === 'dict' ? key : key ? undefined : arg('request', undefined));
        if (request?.t === 'dict') key = this.dictEntries(request).get(keyword);
        const given = literalText(key ?? unknown()) ?? (store ? secretIdFromEnv(key) : undefined);
        // `Variable.get(f"dbt_cloud_pat_{region}")`: one variable per region, named by what is written.
        if (given === undefined && lib.what === 'airflow-variable' && key) {
          const built = builtNameRead('variable', key, node, this);
          if (built) return built;
        }
        const segment = store?.what === 'gcp-secret' && key?.t === 'str' ? secretIdSegment(key.parts) : undefined;
        const name = segment?.id ?? (store && given !== undefined ? secretIdOf(store.what, given) : given);
        // `settings.token.get_secret_value()` (pydantic's SecretStr) names no secret: an unknown call, as any other.
        if (name === undefined) return unknown();
        const read = readValue(lib.source, name, { line: node.line, col: node.col, owner: this });
        if (segment?.via && read.t === 'str' && read.parts[0]?.kind === 'reference') read.parts[0].nameVia = segment.via;
        return keyedByParam(read, key);
      }
      case 'passthrough':
        return arg(undefined, lib.arg) ?? unknown();
      case 'urljoin': {
        const args = this.callArgs(node)
          .positional.slice(0, 10)
          .map((a) => this.eval(a, scope));
        if (args.length === 0) return unknown();
        return args.slice(1).reduce((acc, p) => joinUrl(acc, p), args[0]!);
      }
      case 'gcp-secret-path': {
        // `projects/{project}/secrets/{secret}/versions/{version}`, as the client builds it.
        const [project, secret, version] = this.callArgs(node)
          .positional.slice(0, 3)
          .map((a) => this.eval(a, scope));
        if (!secret) return unknown();
        const lit = (text: string): Val => ({ t: 'str', parts: [{ kind: 'literal', text }] });
        const path = concat(lit('projects/'), project ?? unknown('project'), lit('/secrets/'), secret);
        return version ? concat(path, lit('/versions/'), version) : path;
      }
      case 'dict': {
        const entries = new Map<string, Val>();
        const first = arg(undefined, 0);
        if (first?.t === 'dict') for (const [k, v] of this.dictEntries(first)) entries.set(k, v);
        for (const [k, n] of this.callArgs(node).keywords) entries.set(k, this.eval(n, scope));
        return { t: 'dict', id: newId(), entries, owner: this, ...(lib.attributes ? { attributes: true as const } : {}) };
      }
      case 'object':
        return this.objectValue(lib.cls, node, scope);
      default:
        return unknown();
    }
  }

  /** `node`, a call, read as constructing library class `cls` (a repository subclass of it). */
  libraryObject(cls: string, node: PyNode, scope: Scope): ObjectVal {
    return this.objectValue(cls, node, scope);
  }

  private objectValue(cls: string, node: PyNode, scope: Scope): ObjectVal {
    const args = this.callArgs(node);
    const keywords = new Map<string, Val>();
    for (const s of args.splats) {
      const d = this.eval(s, scope);
      if (d.t === 'dict') for (const [k, v] of this.dictEntries(d)) keywords.set(k, v);
    }
    for (const [k, n] of args.keywords) keywords.set(k, this.eval(n, scope));
    return {
      t: 'obj',
      id: newId(),
      cls,
      owner: this,
      keywords,
      positional: args.positional.slice(0, 20).map((p) => this.eval(p, scope)),
    };
  }

  /**
   * A settings file opened and loaded (config-files.ts): `open(path)` and `Path(path)` stand for
   * the file, the loaders (`yaml.safe_load`, `json.load`, `tomllib.load`) for what it holds,
   * configparser's parser for the file its `read(path)` names.
   */
  private configFileCall(path: string, node: PyNode, scope: Scope): Val | undefined {
    const arg = (kw: string | undefined, i: number) => this.argValue(node, scope, kw, i);
    const objectOf = (cls: string, positional: Val[]): ObjectVal => ({
      t: 'obj',
      id: newId(),
      cls,
      owner: this,
      keywords: new Map(),
      positional,
    });
    if (path === 'open' || path === 'io.open' || path === 'codecs.open') {
      const file = arg('file', 0);
      return file?.t === 'str' ? objectOf(OPENED_FILE, [file]) : undefined;
    }
    if (path === 'pathlib.Path' || path === 'pathlib.PurePath') return objectOf(FILE_PATH, [arg(undefined, 0) ?? lit('')]);
    if (path === 'os.path.expandvars' || path === 'os.path.expanduser') {
      const v = arg(undefined, 0);
      return v?.t === 'obj' && v.cls === OPENED_FILE ? v : undefined;
    }
    if (CONFIG_LOADERS.has(path)) {
      // A file, a path, or (toml's `load("settings.toml")`) the path as a string.
      const v = arg(undefined, 0);
      const named = v?.t === 'obj' ? v.cls === OPENED_FILE || v.cls === FILE_PATH : v?.t === 'str' && path.startsWith('toml.');
      return named ? this.settingsFile(v, node) : undefined;
    }
    if (CONFIG_PARSERS.has(path)) return objectOf(CONFIG_PARSER, []);
    return undefined;
  }

  /** What the settings file a script names holds, read from the repository; undefined when it is not there. */
  private settingsFile(given: Val | undefined, node: PyNode): Val | undefined {
    const written = given?.t === 'obj' && (given.cls === FILE_PATH || given.cls === OPENED_FILE) ? given.positional[0] : given;
    if (written?.t !== 'str') return undefined;
    // The literal end of the path: `os.path.join(HERE, "config.yml")` names `config.yml`.
    let tail = '';
    for (let i = written.parts.length - 1; i >= 0; i--) {
      const p = written.parts[i]!;
      if (p.kind !== 'literal') break;
      tail = p.text + tail;
    }
    const found = this.loader.readConfig(configCandidates(this.path, tail));
    return found ? configFileValue(found.text, found.path, { line: node.line, col: node.col, owner: this }) : undefined;
  }

  /** The settings a configparser object holds: the file its `read("config.ini")` call names. */
  private configParserSettings(parser: ObjectVal): Val | undefined {
    for (const rec of this.collected.calls) {
      const fn = childByField(rec.node, 'function');
      const attr = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
      if (!attr || this.textOf(attr) !== 'read') continue;
      const target = this.eval(childByField(fn!, 'object')!, rec.scope);
      if (target.t !== 'obj' || target.id !== parser.id) continue;
      const file = this.argValue(rec.node, rec.scope, 'filenames', 0);
      return this.settingsFile(file?.t === 'seq' ? file.items[0] : file, rec.node);
    }
    return undefined;
  }

  private methodValue(base: Val, name: string, node: PyNode, scope: Scope): Val {
    const args = this.callArgs(node);
    const argAt = (i: number): Val | undefined => {
      const n = args.positional[i];
      return n ? this.eval(n, scope) : undefined;
    };
    if (base.t === 'str') {
      // A key of the JSON a secret holds: `secret.get("service_token")`, as `secret["service_token"]` is.
      if (name === 'get' && isJsonStoreRead(base)) {
        const key = literalText(argAt(0) ?? unknown());
        if (key !== undefined && isSecretJsonKey(key))
          return readValue(base.parts[0].source, `${base.parts[0].name}.${key}`, { line: node.line, col: node.col, owner: this });
      }
      switch (name) {
        case 'format': {
          const kws = new Map<string, Val>();
          // `URL.format(**cfg)`: the dict's entries are the keywords.
          for (const splat of args.splats.slice(0, 5)) {
            const d = this.eval(splat, scope);
            if (d.t === 'dict') for (const [k, v] of this.dictEntries(d)) kws.set(k, v);
          }
          for (const [k, n] of args.keywords) kws.set(k, this.eval(n, scope));
          return braceFormat(
            base,
            args.positional.slice(0, 20).map((p) => this.eval(p, scope)),
            kws,
          );
        }
        case 'strip':
        case 'rstrip':
        case 'lstrip': {
          const chars = literalText(argAt(0) ?? unknown());
          return stripChars(base, chars, name !== 'rstrip', name !== 'lstrip');
        }
        // `substitute`: string.Template(...).substitute(...), the template's text with its `$names` unfilled.
        case 'removesuffix':
        case 'lower':
        case 'upper':
        case 'encode':
        case 'decode':
        case 'get':
        case 'get_value':
        case 'get_secret_value':
        case 'resolve':
        case 'substitute':
        case 'safe_substitute':
          return base;
        case 'join': {
          const sep = literalText(base);
          const items = argAt(0);
          if (sep === undefined || items?.t !== 'seq') return unknown();
          const parts: Val[] = [];
          items.items.forEach((it, i) => {
            if (i > 0) parts.push(lit(sep));
            parts.push(it);
          });
          return concat(...parts);
        }
        default:
          return unknown();
      }
    }
    if (base.t === 'dict') {
      if (name === 'get') {
        const key = literalText(argAt(0) ?? unknown());
        if (key !== undefined) return this.dictEntries(base).get(key) ?? argAt(1) ?? unknown(key);
        // A key known only at run time: what the entries (and the default) all start with.
        const dflt = argAt(1);
        return sharedEntryStart([...this.dictEntries(base).values(), ...(dflt ? [dflt] : [])], 'value') ?? dflt ?? unknown();
      }
      if (name === 'copy') return base;
      return unknown();
    }
    if (base.t === 'obj' && base.cls === OPENED_FILE && (name === 'read' || name === 'readlines'))
      return this.mountedSecret(base, node) ?? base;
    if (base.t === 'obj' && base.cls === FILE_PATH) {
      if (name === 'read_text' || name === 'read_bytes')
        return this.mountedSecret(base, node) ?? { ...base, id: newId(), cls: OPENED_FILE };
      if (name === 'open') return { ...base, id: newId(), cls: OPENED_FILE };
      // `Path(__file__).with_name("settings.ini")`: the file beside, as `.parent / "settings.ini"` is.
      if ((name === 'joinpath' || name === 'with_name') && argAt(0))
        return { ...base, id: newId(), positional: [concat(base.positional[0] ?? lit(''), lit('/'), argAt(0)!)] };
      if (name === 'resolve' || name === 'absolute' || name === 'expanduser') return base;
    }
    if (base.t === 'obj' && base.cls === CONFIG_PARSER && name === 'get') {
      // `config.get("dbt", "host")`: the option of a section.
      const settings = this.configParserSettings(base);
      const [section, option] = [literalText(argAt(0) ?? unknown()), literalText(argAt(1) ?? unknown())];
      const entries = settings?.t === 'dict' && section !== undefined ? this.dictEntries(settings).get(section) : undefined;
      return (entries?.t === 'dict' && option !== undefined ? this.dictEntries(entries).get(option) : undefined) ?? unknown(option);
    }
    if (base.t === 'obj' && base.cls === 'dagster.DbtCloudCredentials' && name === 'get_value') return base;
    // pydantic's `SecretStr.get_secret_value()` on a value not known here is still that value, by its name.
    if (base.t === 'unknown' && name === 'get_secret_value') return base;
    // A Pulumi stack's configuration: `pulumi.Config().require_secret("dbtServiceToken")`.
    if (base.t === 'obj' && base.cls === 'pulumi.Config' && /^(?:require_secret|get_secret|require|get)$/.test(name)) {
      const key = literalText(argAt(0) ?? unknown());
      if (key !== undefined && /^[\w.:-]{1,100}$/.test(key))
        return readValue('config', key, { line: node.line, col: node.col, owner: this });
      return unknown();
    }
    if (base.t === 'obj' && base.cls.startsWith('airflow.') && name === 'get_connection') {
      // `hook.get_connection(conn_id)`, as `BaseHook.get_connection(conn_id)`.
      const conn = argAt(0) ?? (args.keywords.get('conn_id') ? this.eval(args.keywords.get('conn_id')!, scope) : undefined);
      return { t: 'obj', id: newId(), cls: 'airflow.ConnectionRef', owner: this, keywords: new Map(), positional: conn ? [conn] : [] };
    }
    return unknown();
  }

  /**
   * A Docker or Kubernetes secret mounted as a file (`Path("/run/secrets/dbt_cloud_pat").read_text()`):
   * that secret, by its file name. A path the environment gives by Docker's `_FILE` convention
   * (`open(os.environ["DBT_CLOUD_PAT_FILE"]).read()`) holds the token that variable names.
   */
  private mountedSecret(file: ObjectVal, node: PyNode): Val | undefined {
    const given = file.positional[0];
    const only = given?.t === 'str' && given.parts.length === 1 ? given.parts[0] : undefined;
    if (only?.kind === 'reference' && only.source === 'env' && isSecretFileVariable(only.name)) return given;
    const path = given ? literalText(given) : undefined;
    const name = path === undefined ? undefined : mountedSecretName(path);
    return name === undefined ? undefined : readValue('secret', name, { line: node.line, col: node.col, owner: this });
  }

  // ---- objects changed after creation ----

  /** The object or dict a mutation changes. */
  private mutationTarget(m: Mutation): Val {
    const cached = this.mutationTargets.get(m);
    if (cached) return cached;
    this.mutationTargets.set(m, unknown());
    const v = this.eval(m.base, m.scope);
    this.mutationTargets.set(m, v);
    return v;
  }

  /** A dict's entries after `d["k"] = v` and `d.update(...)` anywhere in its module. */
  dictEntries(d: DictVal): Map<string, Val> {
    const owner = d.owner instanceof PyModule ? d.owner : this;
    const entries = new Map(d.entries);
    owner.applyMutations(d.id, [], entries);
    return entries;
  }

  /** Applies the module's mutations of object `id` at `path` (e.g. ['headers']) to `entries`. */
  applyMutations(id: number, path: string[], entries: Map<string, Val>): void {
    const key = path.join('.');
    for (const m of this.collected.mutations) {
      if (m.path.join('.') !== key) continue;
      if (m.op === 'setattr') continue;
      const target = this.mutationTarget(m);
      if ((target.t !== 'dict' && target.t !== 'obj') || target.id !== id) continue;
      if (m.op === 'setitem' && m.key && m.value) {
        const k = literalText(this.eval(m.key, m.scope));
        if (k !== undefined) entries.set(k, this.eval(m.value, m.scope));
      } else if (m.op === 'update' && m.args) {
        for (const a of namedChildren(m.args)) {
          if (a.type === 'keyword_argument') {
            const n = childByField(a, 'name');
            const v = childByField(a, 'value');
            if (n && v) entries.set(this.textOf(n), this.eval(v, m.scope));
            continue;
          }
          const v = this.eval(a, m.scope);
          if (v.t === 'dict') for (const [k, x] of v.entries) entries.set(k, x);
        }
      }
    }
  }

  /** An object's attribute as set later: `session.auth = ...`, `session.headers = {...}`. */
  assignedAttribute(o: ObjectVal, attr: string): Val | undefined {
    let found: Val | undefined;
    for (const m of this.collected.mutations) {
      if (m.op !== 'setattr' || m.attr !== attr || !m.value) continue;
      const target = this.mutationTarget(m);
      if (target.t === 'obj' && target.id === o.id) found = this.eval(m.value, m.scope);
    }
    // Set where the object was made (a session factory of another module): there.
    const owner = o.owner instanceof PyModule ? o.owner : this;
    if (!found && owner !== this) return owner.assignedAttribute(o, attr);
    return found && o.given ? substituteParams(found, o.given) : found;
  }

  /** A session's or client's headers: constructor `headers=`, later assignments and updates. */
  objectHeaders(o: ObjectVal): Map<string, Val> {
    const owner = o.owner instanceof PyModule ? o.owner : this;
    const entries = new Map<string, Val>();
    const initial = owner.assignedAttribute(o, 'headers') ?? o.keywords.get('headers');
    if (initial?.t === 'dict') for (const [k, v] of owner.dictEntries(initial)) entries.set(k, v);
    owner.applyMutations(o.id, ['headers'], entries);
    if (o.given) for (const [k, v] of entries) entries.set(k, substituteParams(v, o.given));
    return entries;
  }
}

/** A field of a stored Airflow connection: `.password` is the token kept under the connection's id. */
function connectionField(conn: ObjectVal, attr: string, module: object): Val {
  const idVal = conn.keywords.get('conn_id') ?? conn.positional[0];
  const id = idVal ? (literalText(idVal) ?? writtenDefaultOf(idVal)) : undefined;
  // The host of a connection its id says is dbt Cloud's: the account's access URL, perhaps with `/api/v2`.
  if (attr === 'host' && id !== undefined && /dbt/i.test(id) && id.length <= 100) {
    const host = readValue('config', `${id}.host`, { owner: module });
    for (const p of host.t === 'str' ? host.parts : []) if (p.kind === 'reference') p.dbtHost = true;
    return host;
  }
  if (attr !== 'password') return unknown(attr);
  // `get_connection(self.conn_id)`: the connection each construction or call names.
  const param = id === undefined ? paramOf(idVal) : undefined;
  if (param) return { t: 'str', parts: [{ kind: 'unknown', name: param.name, param, storedUnder: 'airflow-connection' }] };
  const name = id ?? (idVal ? render(idVal).replace(/^\{|\}$/g, '') : 'connection');
  return readValue('config', name, { owner: module }, id ? airflowConnectionRef(id) : undefined);
}

/**
 * `os.environ[name]` in a helper of another module, whose callers are not here to say which
 * variable (`def require_env(name)`): each caller's `require_env("DBT_CLOUD_PAT")` reads its own.
 */
function envKeyedByParam(key: Val): Val | undefined {
  const param = paramOf(key);
  return param && { t: 'str', parts: [{ kind: 'unknown', name: param.name, param, storedUnder: 'env' }] };
}

/** The parameter a value is, written alone (`conn_id`, `self.conn_id` kept from `__init__`). */
function paramOf(v: Val | undefined): ParamRef | undefined {
  if (v?.t === 'unknown') return v.param;
  const only = v?.t === 'str' && v.parts.length === 1 ? v.parts[0] : undefined;
  return only?.kind === 'unknown' && !only.param?.keys?.length ? only.param : undefined;
}

/** A default written for a variable holding a secret's id or ARN: `prod/dbt-cloud/service-token`, `arn:aws:secretsmanager:…`. */
/** A default that stands in only when nothing else gives the value: `...`, `""`, `''`. */
const BLANK_DEFAULT = /^(?:\.\.\.|""|'')$/;
const SECRET_ID_DEFAULT = /^(?=.*(?:\/|^arn:))[\w./:+=@-]{1,300}$/;

/**
 * A secret store read whose id is a variable (`get_secret_value(SecretId=os.environ["DBT_SECRET_ARN"])`,
 * as a Lambda's deployment sets it): the id its default names, else the variable itself, which names the secret.
 */
function secretIdFromEnv(key: Val | undefined): string | undefined {
  const ref = key?.t === 'str' && key.parts.length === 1 ? key.parts[0] : undefined;
  if (ref?.kind === 'reference' && ref.source === 'env') return ref.fallback?.text ?? ref.name;
  // `f"{STAGE}/dbt-cloud/personal-access-token"`: an id built per stage or region, named by what is written.
  if (key?.t !== 'str' || !key.parts.some((p) => p.kind === 'literal' && /[A-Za-z]{3}/.test(p.text))) return undefined;
  const id = render(key);
  return id.length <= 255 ? id : undefined;
}

/**
 * A name built per run from a written prefix (`os.environ[f"DBT_CLOUD_PAT_{region.upper()}"]`): read
 * as `DBT_CLOUD_PAT_{region}`, typed by what is written, a different variable on each run (no
 * identity shared across accounts).
 */
function builtNameRead(source: 'env' | 'variable', key: Val, node: PyNode, module: object): Val | undefined {
  const first = key.t === 'str' ? key.parts[0] : undefined;
  if (first?.kind !== 'literal' || !/^[A-Za-z_]\w{3,80}$/.test(first.text) || key.t !== 'str' || key.parts.length < 2) return undefined;
  const name = render(key);
  if (!/^[A-Za-z_][\w{}.-]{0,160}$/.test(name)) return undefined;
  const read = readValue(source, name, { line: node.line, col: node.col, owner: module });
  if (read.t === 'str' && read.parts[0]?.kind === 'reference') read.parts[0].perRun = true;
  return read;
}

/** `os.environ["X"]` and friends: the variable, read where `node` is; `dbtDefault` as for `hole`. */
function envRead(name: string, node: PyNode, module: object, dbtDefault?: string): Val {
  return readValue('env', name, { line: node.line, col: node.col, owner: module }, undefined, dbtDefault);
}

/** `@task.kubernetes(…)` / `@task.docker(…)`, also through Airflow's module (`@airflow.decorators.task.docker`). */
const CONTAINER_TASK = /^@\s*(?:[\w.]+\.)?task\.(?:kubernetes|docker)\s*\(/;

/** A literal address on this machine (a local mock or dev server), as written in the source. */
const LOCAL_ADDRESS = /^[rfRF]?["']https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)\b/;

/** An http(s) address on a named domain (`https://api.acme.io/v1`), not a fill-in or a local one. */
const OTHER_SERVICE_URL = /^https?:\/\/(?!localhost\b)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:\/\S*)?$/i;

function isDbtBase(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 300) return false;
  return isDbtCloudBaseUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
}

/** A short placeholder name for an unknown expression: `account_id`, `self.base_url`. */
function placeholderName(expr: string): string {
  const e = expr.trim();
  if (/^[A-Za-z_][\w.]{0,60}$/.test(e)) return e;
  const m = /^str\(\s*([A-Za-z_][\w.]{0,60})\s*\)$/.exec(e);
  return m ? m[1]! : 'value';
}

/** Python string escapes, enough to read URLs and tokens (not a full decoder). */
function decodeEscapes(raw: string, isRaw: boolean, isF: boolean): string {
  let s = raw;
  if (isF) s = s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  if (isRaw || !s.includes('\\')) return s;
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]{0,60}\}|[0-7]{1,3}|\r\n|[\s\S])/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        return String.fromCharCode(parseInt(e, 8));
      case 'x':
      case 'u':
      case 'U': {
        const cp = parseInt(e.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      }
      case 'N':
        return '?';
      case '\n':
      case '\r':
        return '';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        return e;
    }
  });
}

/** A value nothing is known of: no text, no parameter to follow, no class to read fields from. */
function isOpaque(v: Val): boolean {
  if (v.t === 'unknown') return !v.param && !v.instanceOf;
  return v.t === 'str' && v.parts.every((p) => p.kind === 'unknown');
}

/** Whether `v` holds a parameter of `fnScope` (still to be filled by a caller). */
function mentionsParamOf(v: Val, fnScope: Scope): boolean {
  if (v.t === 'unknown') return v.param?.scope === fnScope;
  if (v.t === 'str') return v.parts.some((p) => p.via?.scope === fnScope || (p.kind === 'unknown' && p.param?.scope === fnScope));
  if (v.t === 'dict') return [...v.entries.values()].some((x) => mentionsParamOf(x, fnScope));
  if (v.t === 'seq') return v.items.some((x) => mentionsParamOf(x, fnScope));
  return false;
}

const PROPERTY_DECORATOR = /^(?:functools\.)?(?:cached_)?property$/;
/**
 * A class-level field declaration whose first argument or `default=` is the field's default:
 * dataclasses' and attrs' `field`, pydantic's `Field` and `PrivateAttr`, attrs' `attr.ib`/`attrib`.
 */
const FIELD_DECLARATION = /(^|\.)(field|Field|PrivateAttr|ib|attrib)$/;
/** attrs' `Factory(callable)`, a default computed per instance. */
const ATTRS_FACTORY = /(^|\.)Factory$/;

/** `@property`, `@cached_property`, `@functools.cached_property`: reading the attribute runs the method. */
function isProperty(def: PyNode, textOf: (n: PyNode) => string): boolean {
  const decorated = def.parent?.type === 'decorated_definition' ? def.parent : undefined;
  for (const d of decorated ? namedChildren(decorated).slice(0, 10) : []) {
    const expr = d.type === 'decorator' ? namedChildren(d)[0] : undefined;
    if (expr && (expr.type === 'identifier' || expr.type === 'attribute') && PROPERTY_DECORATOR.test(textOf(expr))) return true;
  }
  return false;
}

/** A value read whole from a secret store (`get_secret_value(SecretId=…)`, `access_secret_version(name=…)`), as `readValue` makes it. */
function isSecretRead(v: Val): v is { t: 'str'; parts: [RefPart] } {
  return v.t === 'str' && v.parts.length === 1 && v.parts[0]!.kind === 'reference' && v.parts[0]!.source === 'secret';
}

/** A secret's or a stored variable's value, which may hold JSON whose keys name what they hold. */
function isJsonStoreRead(v: Val): v is { t: 'str'; parts: [RefPart & { source: 'secret' | 'variable' }] } {
  if (v.t !== 'str' || v.parts.length !== 1) return false;
  const part = v.parts[0]!;
  return part.kind === 'reference' && (part.source === 'secret' || part.source === 'variable');
}

/** A dbt Cloud host written in a string (`metadata.cloud.getdbt.com`, `ab123.us1.dbt.com`). */
const DBT_CLOUD_HOST_TEXT = /(?:getdbt|[\w}-]\.dbt)\.com\b/i;

/** The `if` statement an assignment sits in, and which of its branches (the node heading it). */
function enclosingIf(node: PyNode): { statement: PyNode; branch: PyNode } | undefined {
  let child = node;
  for (let n = node.parent, i = 0; n && i < 8; child = n, n = n.parent, i++) {
    if (n.type === 'if_statement') return { statement: n, branch: child };
    if (n.type === 'elif_clause' || n.type === 'else_clause') {
      const statement = n.parent;
      return statement?.type === 'if_statement' ? { statement, branch: n } : undefined;
    }
    if (n.type === 'function_definition' || n.type === 'class_definition') return undefined;
  }
  return undefined;
}

/**
 * The secret's id in a Secret Manager resource name built from pieces
 * (`f"projects/{PROJECT}/secrets/dbt-cloud-service-token/versions/latest"`): the segment after
 * `secrets/`, written out, or a helper's parameter (`f"…/secrets/{name}/versions/latest"`, named
 * at each call by what the caller passes).
 */
function secretIdSegment(parts: readonly Part[]): { id: string; via?: ParamRef } | undefined {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind !== 'literal') continue;
    const at = p.text.search(/(?:^|\/)secrets\//);
    if (at < 0) continue;
    const rest = p.text.slice(p.text.indexOf('secrets/', at) + 'secrets/'.length);
    if (rest) {
      const id = rest.split('/')[0]!;
      // `secrets/dbt-{env}-token`: the id is only partly known (it goes on in the next part).
      const whole = rest.includes('/') || i + 1 >= parts.length;
      return whole && /^[\w-]{1,255}$/.test(id) ? { id } : undefined;
    }
    const next = parts[i + 1];
    if (!next) return undefined;
    const after = parts[i + 2];
    if (after && !(after.kind === 'literal' && after.text.startsWith('/'))) return undefined;
    if (next.kind === 'literal' && /^[\w-]{1,255}$/.test(next.text)) return { id: next.text, ...(next.via ? { via: next.via } : {}) };
    if (next.kind === 'unknown' && next.param) return { id: next.name, via: next.param };
    return undefined;
  }
  return undefined;
}
