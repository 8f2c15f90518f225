import type { Span } from '../../model/raw-facts.js';
import { EvalBudget, type ValueLimits } from '../shared/values/budget.js';
import type { Literal, Reference, Unknown } from '../shared/values/parts.js';
import type { Node } from './ast.js';
import type { ClassInfo, ModuleInfo } from './module-index.js';

// What value resolution works with: an AST node in some module, seen through the arguments a
// caller passed (Env), and the abstract values it can stand for.

/** A node to evaluate: where it is, the arguments bound to its enclosing functions, and where to point. */
export interface Loc {
  mod: ModuleInfo;
  node: Node;
  env?: Env;
  /**
   * When the node lives in another file, the span in the scanned file where the value enters
   * it (the import use). Credentials resolved across files point there.
   */
  at?: Span;
  /** Import hops from the scanned file. */
  hops: number;
}

export interface Env {
  /** Arguments passed to a function, by function node. */
  params: Map<Node, Loc[]>;
  thisInst?: Inst;
}

/** An instance of a class written in the repository: `new DbtClient(token)`. */
export interface Inst {
  cls: ClassInfo;
  mod: ModuleInfo;
  /** Constructor arguments, when the `new` expression is known. */
  args?: Loc[];
  argsEnv?: Env;
  at?: Span;
  hops: number;
}

/**
 * A piece of a string (../values/parts.ts), where it is written: known text, a value read from
 * the environment or a setting (`{DBT_CLOUD_HOST}`), or a named unknown.
 */
export type JsLiteral = Literal & {
  /** Offsets into the text are columns of `span` (no escapes, no line breaks). */
  exact?: boolean;
};
/** `fallback`: a literal written as the fallback, `process.env.X || 'value'`. */
type Named = { fallback?: JsLiteral };
export type JsPart =
  | JsLiteral
  | (Reference &
      Named & {
        /** The name is only a placeholder (`process.env[key]` with a computed key): not reported. */
        anonymous?: boolean;
      })
  /** `choices`: the literal values a loop's name takes in turn (`for (const id of [101, 202])`). */
  | (Unknown & Named & { name: string; choices?: string[] });

/** A request library, or an instance made from one. */
export type Lib =
  | 'fetch'
  | 'undici'
  | 'axios'
  | 'got'
  | 'ky'
  | 'superagent'
  | 'ofetch'
  | 'graphql-request'
  | 'apollo'
  | 'node-http'
  | 'request'
  | 'mcp'
  /** Google Apps Script's HTTP service, a global: `UrlFetchApp.fetch(url, { method, headers })`. */
  | 'urlfetchapp'
  /** urql's GraphQL client: `createClient({ url, fetchOptions })`. */
  | 'urql';

export interface ClientRef {
  lib: Lib;
  /** Client name for reports: `fetch`, `node-fetch`, `axios`. */
  display: string;
  /** The member taken from the library or instance: `get`, `create`. */
  member?: string;
  instance?: InstanceInfo;
  /** Names the client is held under, to find `x.defaults.headers...` and interceptors. */
  roots: RootKey[];
}

interface InstanceInfo {
  /** Config objects, oldest first (`axios.create(a)` then `.extend(b)`). */
  configs: Loc[];
  /** A base URL given as an argument (`new GraphQLClient(url, ...)`). */
  base?: Loc;
  /** The creating call. */
  created: Loc;
}

export interface RootKey {
  mod: ModuleInfo;
  chain: string[];
  /** As in Loc: where values from that module enter the scanned file, and how many imports away. */
  at?: Span;
  hops: number;
}

export type Value =
  | { k: 'str'; parts: JsPart[] }
  | { k: 'obj'; entries: ObjEntry[] }
  | { k: 'arr'; items: Loc[] }
  | { k: 'client'; c: ClientRef }
  | { k: 'fn'; loc: Loc; thisInst?: Inst }
  | { k: 'class'; cls: ClassInfo; loc: Loc }
  | { k: 'inst'; inst: Inst }
  | { k: 'module'; mod: ModuleInfo; at?: Span; hops: number }
  | { k: 'request'; url: Loc; init?: Loc }
  | { k: 'envobj' }
  /** A settings object whose properties are config values: Raycast `getPreferenceValues()`, VS Code `getConfiguration()`. */
  | { k: 'configobj' }
  | { k: 'special'; name: 'process' | 'importMeta' | 'global' | 'deno' | 'denoEnv' | 'bun' }
  /** Something unknown; `node` names it lazily (placeholder names cost time on big files). */
  | { k: 'unknown'; name?: string; node?: Node; choices?: string[] };

export interface ObjEntry {
  key?: string;
  loc: Loc;
  spread?: boolean;
}

/** Bookkeeping of one evaluation: what it depended on and what it cost. */
export interface Ev {
  /** Functions whose parameters were needed but not bound. */
  free: Set<Node>;
  /** Functions whose parameters were bound through an Env (a caller's arguments). */
  bound: Set<Node>;
  /** Client instance creations the evaluation went through. */
  instances: Set<Node>;
  budget: EvalBudget;
}

/**
 * What one evaluation may spend: 4,000 steps, values followed 48 levels below the first, 200
 * parts a template. The file's evaluations together have FILE_LIMITS (resolve-value.ts).
 */
const EVALUATION_LIMITS: ValueLimits = { steps: 4000, depth: 49, parts: 200 };

export const newEv = (): Ev => ({ free: new Set(), bound: new Set(), instances: new Set(), budget: new EvalBudget(EVALUATION_LIMITS) });

const UNKNOWN: Value = { k: 'unknown' };
export const unknown = (name?: string): Value => (name ? { k: 'unknown', name } : UNKNOWN);
export const unknownAt = (node: Node): Value => ({ k: 'unknown', node });
