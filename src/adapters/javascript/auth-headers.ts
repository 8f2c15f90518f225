import { memberChain, memberName, unwrap, type Node } from './ast.js';
import type { RequestShape } from './clients.js';
import { credentialFromParts, type HeaderCredential } from './credential.js';
import type { MemberAssign, ModuleInfo } from './module-index.js';
import { newEv, type ClientRef, type Ev, type Loc, type RootKey } from './model.js';
import { returnExpressions, type Resolver } from './resolve-value.js';
import { urlText } from './url.js';
import { firstAtOrAfter } from '../offset-search.js';
import { isDbtPartnerHeader } from '../../classify/request-evidence.js';

// Where the Authorization header of a request comes from: the call's own options, headers
// objects (also `Headers` filled with `.set()`), superagent `.set()` chains, axios defaults and
// request interceptors set up on the client, and the config the instance was created with.

/** A header value, or 'opaque' when headers exist but cannot be seen (a parameter, a call). */
type AuthHit = { value: Loc } | 'opaque' | undefined;

export class AuthFinder {
  constructor(private readonly res: Resolver) {}

  /** The credential of a request: its own options first, then the client's defaults and instance config. */
  forRequest(
    L: Loc,
    c: ClientRef | undefined,
    shape: RequestShape,
    callConfigs: Loc[],
    instConfigs: Loc[],
    ev: Ev,
  ): HeaderCredential | undefined {
    const hits: AuthHit[] = [];
    if (shape.chained) hits.push(this.chainedAuth(L, ev));
    for (let i = callConfigs.length - 1; i >= 0; i--) hits.push(this.configAuth(callConfigs[i]!, ev));
    for (let i = shape.headerObjects.length - 1; i >= 0; i--) hits.push(this.headersAuth(shape.headerObjects[i]!, ev, 0));
    for (const root of c?.roots ?? []) hits.push(this.rootAuth(root, ev));
    for (let i = instConfigs.length - 1; i >= 0; i--) hits.push(this.configAuth(instConfigs[i]!, ev));
    return this.first(hits, ev);
  }

  /**
   * Does the request send `X-dbt-partner-source` (classify/request-evidence.ts), in its own options
   * or its client's instance config? Only dbt Cloud reads that header.
   */
  sendsPartnerHeader(shape: RequestShape, callConfigs: Loc[], instConfigs: Loc[], ev: Ev): boolean {
    return this.sendsHeader(isDbtPartnerHeader, shape, callConfigs, instConfigs, ev);
  }

  /** Whether the request's headers (its own, or its client's) include one `named` says. */
  sendsHeader(named: (name: string) => boolean, shape: RequestShape, callConfigs: Loc[], instConfigs: Loc[], ev: Ev): boolean {
    return (
      shape.headerObjects.some((h) => this.headersInclude(h, named, ev)) ||
      this.configsSendHeader(named, [...callConfigs, ...instConfigs], ev)
    );
  }

  /** Whether the `headers` of one of these configs (a client's options, a request's init) include one `named` says. */
  configsSendHeader(named: (name: string) => boolean, configs: readonly Loc[], ev: Ev): boolean {
    return configs.some((cfg) => {
      const headers = this.res.lookup(this.res.value(cfg, ev), 'headers', ev);
      return headers !== undefined && this.headersInclude(headers, named, ev);
    });
  }

  private headersInclude(h: Loc, named: (name: string) => boolean, ev: Ev): boolean {
    const v = this.res.value(h, ev);
    return v.k === 'obj' && v.entries.some((e) => e.key !== undefined && named(e.key));
  }

  /**
   * The base URL a client's defaults set after it is made (`axios.defaults.baseURL = …`,
   * `api.defaults.baseURL = …`, or a whole `x.defaults = { baseURL }`), the last one written.
   */
  defaultsBase(c: ClientRef | undefined, ev: Ev): Loc | undefined {
    for (const root of c?.roots ?? []) {
      const own = clientSetup(root.mod).assigns.get(root.chain[0]!) ?? [];
      for (let i = own.length - 1; i >= 0; i--) {
        const a = own[i]!;
        if (!startsWith(a.chain, root.chain)) continue;
        const rest = a.chain.slice(root.chain.length).map((x) => x.toLowerCase());
        if (rest[0] !== 'defaults') continue;
        const loc: Loc = { mod: root.mod, at: root.at, hops: root.hops, node: a.value };
        if (rest.length === 2 && rest[1] === 'baseurl') return loc;
        if (rest.length === 1) {
          const hit = this.res.lookup(this.res.value(loc, ev), 'baseURL', ev);
          if (hit) return hit;
        }
      }
    }
    return undefined;
  }

  /** The credential of a client instance that is created here but called elsewhere. */
  forCreation(roots: RootKey[], configs: Loc[], ev: Ev): HeaderCredential | undefined {
    const hits: AuthHit[] = [];
    for (const root of roots) hits.push(this.rootAuth(root, ev));
    for (let i = configs.length - 1; i >= 0; i--) hits.push(this.configAuth(configs[i]!, ev));
    return this.first(hits, ev);
  }

  /** The first header value that yields a credential; headers that cannot be seen give an unknown one. */
  private first(hits: AuthHit[], ev: Ev): HeaderCredential | undefined {
    let opaque = false;
    for (const h of hits) {
      if (h === 'opaque') opaque = true;
      else if (h) {
        const cred = credentialFromParts(this.res.parts(h.value, ev));
        if (cred) return cred;
      }
    }
    return opaque ? { credential: { source: 'unknown' } } : undefined;
  }

  private configAuth(cfg: Loc, ev: Ev): AuthHit {
    const v = this.res.value(cfg, ev);
    if (v.k === 'unknown') return 'opaque';
    if (v.k !== 'obj') return undefined;
    const headers = this.res.lookup(v, 'headers', ev);
    if (headers) {
      const h = this.headersAuth(headers, ev, 0);
      if (h) return h;
    }
    const auth = this.res.lookup(v, 'auth', ev);
    if (auth) {
      const bearer = this.res.lookup(this.res.value(auth, ev), 'bearer', ev);
      if (bearer) return { value: bearer };
    }
    // got's `hooks: { beforeRequest: [(options) => { options.headers.authorization = … }] }`, ky's too.
    const hooks = this.res.lookup(v, 'hooks', ev);
    const before = hooks ? this.res.lookup(this.res.value(hooks, ev), 'beforeRequest', ev) : undefined;
    const list = before ? this.res.value(before, ev) : undefined;
    for (const item of list?.k === 'arr' ? list.items.slice(0, 10) : []) {
      const fn = unwrap(item.node);
      if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') continue;
      const hit = this.interceptorAuth(item.mod, fn, { mod: item.mod, at: item.at, hops: item.hops });
      if (hit) return hit;
    }
    return undefined;
  }

  private headersAuth(h: Loc, ev: Ev, depth: number): AuthHit {
    const set = this.headerSetterAuth(h);
    if (set) return set;
    const v = this.res.value(h, ev);
    if (v.k === 'unknown') return 'opaque';
    // `headers: () => ({ Authorization: … })` (graphql-request, urql): what the function returns.
    if (v.k === 'fn' && depth === 0) {
      for (const ret of returnExpressions(v.loc.node)) {
        const hit = this.headersAuth({ ...v.loc, node: ret }, ev, 1);
        if (hit && hit !== 'opaque') return hit;
      }
      return undefined;
    }
    if (v.k === 'obj') {
      const a = this.res.lookup(v, 'authorization', ev, 0, true);
      if (a) return { value: a };
      const common = this.res.lookup(v, 'common', ev);
      if (common && depth === 0) return this.headersAuth(common, ev, 1);
      return undefined;
    }
    if (v.k === 'arr') {
      for (const item of v.items) {
        const pair = this.res.value(item, ev);
        if (pair.k !== 'arr' || pair.items.length < 2) continue;
        const k = this.res.value(pair.items[0]!, ev);
        if (k.k === 'str' && urlText(k.parts).toLowerCase() === 'authorization') return { value: pair.items[1]! };
      }
    }
    return undefined;
  }

  /** `const h = new Headers(); h.set('Authorization', v)` (or `.append`) in the same file. */
  private headerSetterAuth(h: Loc): AuthHit {
    const node = unwrap(h.node);
    if (node.type !== 'Identifier') return undefined;
    const call = clientSetup(h.mod).headerSets.get(node.name as string);
    const v = call?.arguments?.[1] as Node | undefined;
    return v ? { value: this.res.at(h, v) } : undefined;
  }

  /** superagent: `.set('Authorization', v)`, `.set({ ... })`, `.auth(token, { type: 'bearer' })` chained on the request. */
  private chainedAuth(L: Loc, ev: Ev): AuthHit {
    let cur: Node = L.node;
    for (let guard = 0; guard < 50; guard++) {
      const p = L.mod.parents.get(cur);
      const gp = p ? L.mod.parents.get(p) : undefined;
      if (!p || !gp || (p.type !== 'MemberExpression' && p.type !== 'OptionalMemberExpression') || p.object !== cur) return undefined;
      if ((gp.type !== 'CallExpression' && gp.type !== 'OptionalCallExpression') || gp.callee !== p) return undefined;
      const name = memberName(p);
      const args = ((gp.arguments ?? []) as Node[]).map((a) => this.res.at(L, a));
      if (name === 'set' && args.length >= 2) {
        const k = this.res.value(args[0]!, ev);
        if (k.k === 'str' && urlText(k.parts).toLowerCase() === 'authorization') return { value: args[1]! };
      } else if (name === 'set' && args[0]) {
        const hit = this.headersAuth(args[0], ev, 0);
        if (hit && hit !== 'opaque') return hit;
      } else if (name === 'auth' && args.length >= 2) {
        const opts = this.res.value(args[1]!, ev);
        const type = this.res.lookup(opts, 'type', ev);
        const t = type ? this.res.value(type, ev) : undefined;
        if (t?.k === 'str' && urlText(t.parts).toLowerCase() === 'bearer') return { value: args[0]! };
      }
      cur = gp;
    }
    return undefined;
  }

  /** `x.defaults.headers.common.Authorization = v` and request interceptors that set the header. */
  private rootAuth(root: RootKey, ev: Ev): AuthHit {
    const { mod, chain } = root;
    const base: Omit<Loc, 'node'> = { mod, at: root.at, hops: root.hops };
    const { assigns, interceptors } = clientSetup(mod);
    const own = assigns.get(chain[0]!) ?? [];
    for (let i = own.length - 1; i >= 0; i--) {
      const a = own[i]!;
      if (!startsWith(a.chain, chain)) continue;
      const rest = a.chain.slice(chain.length).map((s) => s.toLowerCase());
      if (rest[0] !== 'defaults') continue;
      const loc: Loc = { ...base, node: a.value };
      if (rest[rest.length - 1] === 'authorization' && rest[1] === 'headers') return { value: loc };
      if (rest[1] === 'headers' || rest.length === 1) {
        const v = this.res.value(loc, ev);
        const hit = rest.length === 1 ? this.configAuth(loc, ev) : this.headersAuth(loc, ev, 0);
        if (hit && hit !== 'opaque' && v.k !== 'unknown') return hit;
      }
    }
    for (const { call, callee } of interceptors) {
      if (callee.length !== chain.length + 3 || !startsWith(callee, chain)) continue;
      const fn = unwrap(call.arguments?.[0] ?? call);
      if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') continue;
      const hit = this.interceptorAuth(mod, fn, base);
      if (hit) return hit;
    }
    return undefined;
  }

  private interceptorAuth(mod: ModuleInfo, fn: Node, base: Omit<Loc, 'node'>): AuthHit {
    for (const a of mod.memberAssigns) {
      if (a.node.start < fn.start || a.node.end > fn.end) continue;
      const chain = a.chain.map((s) => s.toLowerCase());
      if (chain[chain.length - 1] === 'authorization' && chain.includes('headers')) return { value: { ...base, node: a.value } };
      if (chain[chain.length - 1] === 'headers') {
        const hit = this.headersAuth({ ...base, node: a.value }, newEv(), 0);
        if (hit && hit !== 'opaque') return hit;
      }
    }
    const calls = mod.calls;
    for (let i = lowerBound(calls, fn.start); i < calls.length && calls[i]!.start < fn.end; i++) {
      const c = calls[i]!;
      const chain = memberChain(c.callee);
      const k = unwrap(c.arguments?.[0] ?? c);
      if (
        chain &&
        chain.includes('headers') &&
        (chain[chain.length - 1] === 'set' || chain[chain.length - 1] === 'setAuthorization') &&
        c.arguments?.length >= 1
      ) {
        if (chain[chain.length - 1] === 'setAuthorization') return { value: { ...base, node: c.arguments[0] } };
        if (k.type === 'StringLiteral' && k.value.toLowerCase() === 'authorization' && c.arguments[1])
          return { value: { ...base, node: c.arguments[1] } };
      }
    }
    return undefined;
  }
}

interface ClientSetup {
  /** `x.defaults...` assignments by root name. */
  assigns: Map<string, MemberAssign[]>;
  /** `x.interceptors.request.use(fn)` calls. */
  interceptors: { call: Node; callee: string[] }[];
  /** `h.set('Authorization', v)` / `h.append(...)` calls by the name of `h`. */
  headerSets: Map<string, Node>;
}
const setups = new WeakMap<ModuleInfo, ClientSetup>();

/** Where a module configures client instances after creating them, indexed once per module. */
function clientSetup(mod: ModuleInfo): ClientSetup {
  const hit = setups.get(mod);
  if (hit) return hit;
  const assigns = new Map<string, MemberAssign[]>();
  for (const a of mod.memberAssigns) {
    if (!a.chain.includes('defaults')) continue;
    const list = assigns.get(a.chain[0]!);
    if (list) list.push(a);
    else assigns.set(a.chain[0]!, [a]);
  }
  const interceptors: ClientSetup['interceptors'] = [];
  const headerSets = new Map<string, Node>();
  for (const call of mod.calls) {
    const c = call.callee;
    if (c?.type !== 'MemberExpression' && c?.type !== 'OptionalMemberExpression') continue;
    const name = memberName(c);
    if (name === 'use') {
      const callee = memberChain(c);
      if (callee && callee.slice(-3).join('.') === 'interceptors.request.use') interceptors.push({ call, callee });
    } else if ((name === 'set' || name === 'append') && c.object?.type === 'Identifier') {
      const k = call.arguments?.[0];
      if (k?.type === 'StringLiteral' && k.value.toLowerCase() === 'authorization' && !headerSets.has(c.object.name))
        headerSets.set(c.object.name, call);
    }
  }
  const setup = { assigns, interceptors, headerSets };
  setups.set(mod, setup);
  return setup;
}

function startsWith(chain: string[], prefix: string[]): boolean {
  if (chain.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (chain[i] !== prefix[i]) return false;
  return true;
}

/** The index of the first call starting at or after `start` (calls are in document order). */
export function lowerBound(calls: Node[], start: number): number {
  return firstAtOrAfter(calls, start, (c) => c.start);
}
