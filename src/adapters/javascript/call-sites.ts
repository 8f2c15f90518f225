import { isDbtMcpUserHeader } from '../../classify/request-evidence.js';
import type { RawCallSite, RawCredential, RawCredentialSite, RawEndpoint } from '../../model/raw-facts.js';
import { accountIdsInPath, isDbtCloudId } from '../../classify/endpoint.js';
import { isFunction, memberChain, memberName, spanOf, unwrap, type Node } from './ast.js';
import { AuthFinder, lowerBound } from './auth-headers.js';
import { candidateCalls } from './call-filter.js';
import {
  creationShape,
  CREDENTIAL_FIRST_METHODS,
  GENERIC_FUNCTIONS,
  GENERIC_METHODS,
  isInstanceFactory,
  requestShape,
  type ArgKind,
  type RequestShape,
} from './clients.js';
import { carriesDbtToken, legacyKeySites, spanKey, type HeaderCredential } from './credential.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { enclosingFunctions, type ModuleInfo } from './module-index.js';
import { newEv, type ClientRef, type Env, type Ev, type Loc, type RootKey, type JsPart, type Value } from './model.js';
import { moduleAuthLinks, type Resolver } from './resolve-value.js';
import { baseEndpointOf, combineBase, endpointOf, mergeParts, urlText } from './url.js';

// Finding the dbt Cloud calls of one file. Every call is classified once (a request on a known
// client, a generic `x.get(url)`, a call to a function that makes requests, a client instance
// creation). Requests are evaluated where they are written; calls to functions that make
// requests evaluate those requests again with the caller's arguments bound, and the caller's
// version is kept when the arguments change what is known (the host, the token, the account).

type CallKind = 'request' | 'generic' | 'wrapper' | 'creation' | 'none';

interface Evaluated {
  endpoint?: RawEndpoint;
  urlText: string;
  /** The account ids a loop over literal ids gives the URL's account segment (`for (const id of [101, 202])`). */
  loopAccounts?: string[];
  credential?: RawCredential;
  fallback?: HeaderCredential['fallback'];
  client: string;
  /** The client instance the request is made on was created in another module: that creation. */
  instanceAt?: { file: string; line: number };
  /**
   * No endpoint: the URL's host is unknown (a parameter, a value from elsewhere), but the
   * Authorization header carries a dbt-named token, so the request is a dbt Cloud call anyway.
   */
  tokenOnly?: boolean;
  /** Sends the user headers of dbt's MCP server, whose SQL tools need a user's PAT (request-evidence.ts). */
  userContext?: boolean;
}

interface Found extends Evaluated {
  /** Where the call is reported: a call in the scanned file. */
  site: Node;
  siteMod: ModuleInfo;
  /** The request call itself (maybe inside a function in another file). */
  origin: Node;
  originMod: ModuleInfo;
  free: Set<Node>;
  bound: Set<Node>;
  instances: Set<Node>;
  foreign?: boolean;
}

const MAX_WRAP_DEPTH = 3;
const MAX_EVALUATIONS = 5_000;
/** Versions one call to a helper may yield (a helper making many requests, or helpers of helpers). */
const MAX_VERSIONS_PER_CALL = 50;
/** How deep classification may follow calls into functions that call functions. */
const MAX_NESTING = 40;
/** Versions of one request (itself and its callers' versions) weighed against each other. */
const MAX_GROUP = 400;

export class CallSiteFinder {
  private readonly kinds = new Map<Node, CallKind>();
  private readonly inner = new Map<Node, Node[]>();
  private readonly inProgress = new Set<Node>();
  private readonly memo = new Map<Node, Value>();
  private evaluations = 0;
  private nesting = 0;
  private readonly auth: AuthFinder;
  private databricksText: boolean | undefined;

  constructor(
    private readonly res: Resolver,
    private readonly mod: ModuleInfo,
  ) {
    this.auth = new AuthFinder(res);
  }

  /** The file is about Databricks: `DBT_TOKEN` there is a warehouse token. */
  private get databricks(): boolean {
    this.databricksText ??= mentionsDatabricks(this.mod.text);
    return this.databricksText;
  }

  find(): { callSites: RawCallSite[]; credentialSites: RawCredentialSite[] } {
    const found: Found[] = [];
    const creations: Node[] = [];
    for (const call of this.mod.calls) {
      const L: Loc = { mod: this.mod, node: call, hops: 0 };
      const kind = this.kindOf(L);
      if (kind === 'creation') creations.push(call);
      else if (kind !== 'none') found.push(...this.evaluate(L, 0));
    }

    const emitted: Found[] = [];
    const byOrigin = new Map<Node, Found[]>();
    const distinct = new Set<string>();
    for (const f of found) {
      const list = byOrigin.get(f.origin) ?? [];
      if (list.length === 0) byOrigin.set(f.origin, list);
      // one entry per site and outcome keeps the choice below small on fan-out call graphs
      const key = `${f.originMod.path}:${f.origin.start}|${f.site.start}|${signature(f)}`;
      if (distinct.has(key) || list.length >= MAX_GROUP) continue;
      distinct.add(key);
      list.push(f);
    }
    for (const [origin, group] of byOrigin) emitted.push(...this.choose(origin, group));

    const callSites: RawCallSite[] = [];
    const credentialSites: RawCredentialSite[] = [];
    const seen = new Set<string>();
    const push = (site: Node, e: Evaluated, origin?: { node: Node; mod: ModuleInfo }): void => {
      const key = `${spanKey(spanOf(site))}|${e.urlText}|${credKey(e.credential)}`;
      if (seen.has(key)) return;
      seen.add(key);
      const cs: RawCallSite = { kind: 'http', span: spanOf(site), endpoint: e.endpoint, client: e.client };
      if (e.credential) cs.credential = e.credential;
      if (e.userContext) cs.workflow = 'user-context-endpoint';
      if (origin && origin.mod.path !== this.mod.path) cs.requestAt = { file: origin.mod.path, line: spanOf(origin.node).line };
      if (e.instanceAt) cs.instanceAt = e.instanceAt;
      else if (!origin) cs.unusedInstance = true;
      const ids = accountIdsInPath(e.endpoint?.path);
      if (ids.length > 0) cs.accountIds = ids;
      else if (e.loopAccounts) cs.accountIds = e.loopAccounts;
      callSites.push(cs);
      if (e.fallback) {
        credentialSites.push({
          span: e.fallback.span ?? spanOf(site),
          credential: { source: 'literal', value: e.fallback.text, name: e.fallback.name, span: e.fallback.span },
        });
      }
    };
    for (const f of emitted) push(f.site, f, { node: f.origin, mod: f.originMod });

    const used = new Set<Node>();
    for (const f of found) for (const i of f.instances) used.add(i);
    for (const c of creations) {
      if (used.has(c)) continue;
      const e = this.creation({ mod: this.mod, node: c, hops: 0 });
      if (e) push(c, e);
    }

    const literalSpans = new Set(callSites.map((c) => spanKey(c.credential?.span)));
    for (const s of legacyKeySites(this.mod)) if (!literalSpans.has(spanKey(s.span))) credentialSites.push(s);
    callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return { callSites, credentialSites };
  }

  // --- classification ------------------------------------------------------------------------

  private argKind(ev: Ev): ArgKind {
    return (loc) => {
      const v = this.res.value(loc, ev);
      return v.k === 'obj' ? 'object' : v.k === 'str' ? 'string' : 'other';
    };
  }

  private kindOf(L: Loc): CallKind {
    const cached = this.kinds.get(L.node);
    if (cached) return cached;
    if (!candidateCalls(L.mod).has(L.node)) {
      this.kinds.set(L.node, 'none');
      return 'none';
    }
    const prev = this.res.memo;
    this.res.memo = this.memo;
    this.nesting++;
    try {
      const kind = this.computeKind(L);
      if (kind !== 'cut') this.kinds.set(L.node, kind);
      return kind === 'cut' ? 'none' : kind;
    } finally {
      this.nesting--;
      this.res.memo = prev;
    }
  }

  /** The call's kind; 'cut' when a recursion guard decided (not cached, another path may know better). */
  private computeKind(L: Loc): CallKind | 'cut' {
    const n = L.node;
    const ev = newEv();
    const callee = unwrap(n.callee);
    if (n.type === 'NewExpression') {
      const v = this.res.value(L, ev);
      return v.k === 'client' && v.c.instance ? 'creation' : 'none';
    }
    const cv = this.res.value(this.res.at({ ...L, env: undefined }, callee), ev);
    if (cv.k === 'client') {
      if (isInstanceFactory(cv.c)) return 'creation';
      const args = this.args(L);
      return requestShape(cv.c, args, this.argKind(ev)) ? 'request' : 'none';
    }
    if (cv.k === 'fn') {
      const fn = cv.loc.node;
      if (cv.loc.mod === L.mod && n.start >= fn.start && n.end <= fn.end) return 'none';
      if (this.inProgress.has(fn) || this.nesting > MAX_NESTING) return 'cut';
      return this.requestCallsIn(cv.loc).length > 0 ? 'wrapper' : 'none';
    }
    // `helpers.httpRequestWithAuthentication.call(this, 'dbtCloudApi', options)`: the method, called with a `this`.
    if (boundMethodCall(callee)) return 'generic';
    if (cv.k === 'unknown' || cv.k === 'inst') {
      const name = callee.type === 'Identifier' ? (callee.name as string) : memberName(callee);
      // A parameter defaulting to `fetch` resolves to it (resolve-value.ts): its name says what it calls.
      const called = cv.k === 'unknown' && cv.name !== undefined ? cv.name : name;
      if (called && callee.type === 'Identifier' && GENERIC_FUNCTIONS.test(called)) return 'generic';
      if (name && callee.type !== 'Identifier' && GENERIC_METHODS.has(name)) return 'generic';
    }
    return 'none';
  }

  /** Calls inside a function that make requests, directly or through other functions. */
  private requestCallsIn(fnLoc: Loc): Node[] {
    const fn = fnLoc.node;
    const cached = this.inner.get(fn);
    if (cached) return cached;
    this.inProgress.add(fn);
    const out: Node[] = [];
    const calls = fnLoc.mod.calls;
    for (let i = lowerBound(calls, fn.start); i < calls.length && calls[i]!.start < fn.end; i++) {
      const c = calls[i]!;
      if (inRegisteredHandler(fnLoc.mod, c, fn)) continue;
      const k = this.kindOf({ mod: fnLoc.mod, node: c, at: fnLoc.at, hops: fnLoc.hops });
      if (k === 'request' || k === 'generic' || k === 'wrapper') out.push(c);
    }
    this.inProgress.delete(fn);
    this.inner.set(fn, out);
    return out;
  }

  private args(L: Loc): Loc[] {
    return ((L.node.arguments ?? []) as Node[]).map((a) => this.res.at(L, a.type === 'SpreadElement' ? a.argument : a));
  }

  // --- evaluation ----------------------------------------------------------------------------

  private evaluate(L: Loc, depth: number): Found[] {
    if (++this.evaluations > MAX_EVALUATIONS) return [];
    const kind = this.kindOf(L);
    if (kind === 'request' || kind === 'generic') {
      const ev = newEv();
      // a request written here is kept even without an endpoint: its callers may give one
      const e = this.request(L, kind, ev, depth === 0 && L.mod === this.mod && !L.env);
      if (!e) return [];
      return [
        { ...e, site: L.node, siteMod: L.mod, origin: L.node, originMod: L.mod, free: ev.free, bound: ev.bound, instances: ev.instances },
      ];
    }
    if (kind !== 'wrapper' || depth >= MAX_WRAP_DEPTH) return [];
    const ev = newEv();
    const cv = this.res.value(this.res.at(L, unwrap(L.node.callee)), ev);
    if (cv.k !== 'fn') return [];
    const fn = cv.loc.node;
    const params = new Map(cv.loc.env?.params ?? []);
    params.set(fn, this.args(L));
    const thisInst = cv.thisInst ?? cv.loc.env?.thisInst;
    const env: Env = { params, thisInst };
    const ctor = thisInst?.args ? thisInst.cls.ctor : undefined;
    const out: Found[] = [];
    for (const ic of this.requestCallsIn(cv.loc)) {
      if (this.evaluations > MAX_EVALUATIONS) break;
      for (const s of this.evaluate({ mod: cv.loc.mod, node: ic, env, at: cv.loc.at, hops: cv.loc.hops }, depth + 1)) {
        if (!s.bound.has(fn) && !(ctor && s.bound.has(ctor))) continue;
        out.push({ ...s, site: L.node, siteMod: L.mod, free: union(s.free, ev.free), bound: union(s.bound, ev.bound) });
        if (out.length >= MAX_VERSIONS_PER_CALL) return out;
      }
    }
    return out;
  }

  /** `inPlace`: a generic request evaluated where it is written is kept without an endpoint too. */
  private request(L: Loc, kind: 'request' | 'generic', ev: Ev, inPlace = false): Evaluated | undefined {
    let args = this.args(L);
    if (kind === 'generic') {
      // What the method is given: after the `this` of `.call(this, …)`, after an n8n credential type's name.
      const callee = unwrap(L.node.callee);
      const bound = boundMethodCall(callee);
      if (bound) args = args.slice(1);
      if (CREDENTIAL_FIRST_METHODS.has(memberName(bound ?? callee) ?? '')) args = args.slice(1);
      const shape: RequestShape =
        args[0] && this.argKind(ev)(args[0]) === 'object'
          ? { client: 'http', configs: [args[0]], headerObjects: [], urlKeys: ['url', 'uri'], baseKeys: ['baseURL', 'baseUrl'] }
          : // Nuxt's global `$fetch(path, { baseURL, headers })` (ofetch) takes its base from the options.
            { client: 'http', url: args[0], configs: args.slice(1), headerObjects: args.slice(1), urlKeys: ['url'], baseKeys: ['baseURL'] };
      const e = this.build(L, undefined, shape, ev);
      return e?.endpoint || e?.tokenOnly || inPlace ? e : undefined;
    }
    const cv = this.res.value(this.res.at(L, unwrap(L.node.callee)), ev);
    if (cv.k !== 'client') return undefined;
    const shape = requestShape(cv.c, args, this.argKind(ev));
    return shape ? this.build(L, cv.c, shape, ev) : undefined;
  }

  private build(L: Loc, c: ClientRef | undefined, shape: RequestShape, ev: Ev): Evaluated | undefined {
    const callConfigs = [...shape.configs];
    let url: JsPart[] | undefined;
    if (shape.url) {
      const v = this.res.value(shape.url, ev);
      if (v.k === 'request') {
        url = this.res.parts(v.url, ev);
        if (v.init) callConfigs.unshift(v.init);
      } else {
        url = v.k === 'str' ? v.parts : this.res.parts(shape.url, ev);
      }
    }
    const instConfigs = c?.instance?.configs ?? [];
    const configs = [...instConfigs, ...callConfigs];
    if (!url) url = this.urlFromConfigs(callConfigs, shape, ev);
    const base =
      this.res.baseOf(configs, shape.baseKeys, c?.instance?.base, ev) ??
      (shape.baseKeys.length > 0 ? this.res.baseOf([], [], this.auth.defaultsBase(c, ev), ev) : undefined);
    if (!url && !base) return undefined;
    const full = base ? combineBase(base, url ?? []) : url!;
    const auth = this.auth.forRequest(L, c, shape, callConfigs, instConfigs, ev);
    // A request sent a token takes dbt's data API hosts built on any host (`metadata.${host}/graphql`).
    let endpoint = endpointOf(full, this.mod.mentionsDbt || L.mod.mentionsDbt, {
      authorized: auth !== undefined,
      partner: this.auth.sendsPartnerHeader(shape, callConfigs, instConfigs, ev),
    });
    // a bare path (`fetch('/api/v2/accounts/')`) goes to the page's own origin, not to dbt Cloud
    if (endpoint && endpoint.host === undefined) endpoint = undefined;
    if (c?.instance) ev.instances.add(c.instance.created.node);
    const created = c?.instance?.created;
    const method = this.methodOf(configs, ev) ?? shape.method;
    if (endpoint && method) endpoint = { ...endpoint, method };
    const e: Evaluated = {
      endpoint,
      urlText: normalizeUrl(urlText(full)),
      credential: auth?.credential,
      fallback: auth?.fallback,
      client: shape.client,
    };
    if (created && created.mod.path !== this.mod.path) e.instanceAt = { file: created.mod.path, line: spanOf(created.node).line };
    const visited = loopAccountIds(full);
    if (visited.length > 0) e.loopAccounts = visited;
    const head = mergeParts(full)[0];
    if (!endpoint && auth && head !== undefined && head.kind !== 'literal' && carriesDbtToken(auth, this.databricks)) e.tokenOnly = true;
    if (endpoint && this.auth.sendsHeader(isDbtMcpUserHeader, shape, callConfigs, instConfigs, ev)) e.userContext = true;
    return e;
  }

  private urlFromConfigs(configs: Loc[], shape: RequestShape, ev: Ev): JsPart[] | undefined {
    for (let i = configs.length - 1; i >= 0; i--) {
      const v = this.res.value(configs[i]!, ev);
      if (shape.hostOptions) {
        const host = this.res.lookup(v, 'hostname', ev) ?? this.res.lookup(v, 'host', ev);
        if (!host) continue;
        const protocol = this.res.lookup(v, 'protocol', ev);
        const path = this.res.lookup(v, 'path', ev);
        const scheme: JsPart[] = protocol
          ? [...this.res.parts(protocol, ev), { kind: 'literal', text: '//' }]
          : [{ kind: 'literal', text: 'https://' }];
        return [...scheme, ...this.res.parts(host, ev), ...(path ? this.res.parts(path, ev) : [])];
      }
      for (const key of shape.urlKeys) {
        const hit = this.res.lookup(v, key, ev);
        if (hit) return this.res.parts(hit, ev);
      }
    }
    return undefined;
  }

  private methodOf(configs: Loc[], ev: Ev): string | undefined {
    for (let i = configs.length - 1; i >= 0; i--) {
      const hit = this.res.lookup(this.res.value(configs[i]!, ev), 'method', ev);
      if (!hit) continue;
      const v = this.res.value(hit, ev);
      if (v.k === 'str' && v.parts.length === 1 && v.parts[0]!.kind === 'literal') return v.parts[0]!.text.toUpperCase();
      return undefined;
    }
    return undefined;
  }

  // --- instances created but not called here ------------------------------------------------

  private creation(L: Loc): Evaluated | undefined {
    const ev = newEv();
    const n = L.node;
    let c: ClientRef | undefined;
    if (n.type === 'NewExpression') {
      const v = this.res.value(L, ev);
      if (v.k === 'client')
        c = { ...v.c, member: v.c.lib === 'graphql-request' ? 'GraphQLClient' : v.c.lib === 'apollo' ? 'ApolloClient' : v.c.member };
    } else {
      const cv = this.res.value(this.res.at(L, unwrap(n.callee)), ev);
      if (cv.k === 'client') c = cv.c;
      // urql's options are read when the client is made: what the call gives.
      if (c?.lib === 'urql') {
        const made = this.res.value(L, ev);
        c = made.k === 'client' ? made.c : undefined;
      }
    }
    if (!c) return undefined;
    const shape = creationShape(c, this.args(L));
    if (!shape) return undefined;
    const prior = n.type !== 'NewExpression' ? this.priorConfigs(L, ev) : [];
    // An Apollo HTTP link sends the headers the module's auth link (`setContext`) sets.
    const configs = [...prior, ...shape.configs, ...(c.lib === 'apollo' ? moduleAuthLinks(L) : [])];
    const base = this.res.baseOf(configs, shape.baseKeys, shape.base, ev);
    if (!base) return undefined;
    const endpoint = baseEndpointOf(base, this.mod.mentionsDbt);
    if (!endpoint) return undefined;
    const credential = this.auth.forCreation(this.rootsOfCreation(L), configs, ev);
    return {
      endpoint,
      urlText: normalizeUrl(urlText(base)),
      credential: credential?.credential,
      fallback: credential?.fallback,
      client: c.display,
      ...(this.auth.configsSendHeader(isDbtMcpUserHeader, configs, ev) ? { userContext: true } : {}),
    };
  }

  /** For `instance.extend(cfg)`, the configs the instance already had. */
  private priorConfigs(L: Loc, ev: Ev): Loc[] {
    const callee = unwrap(L.node.callee);
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return [];
    const v = this.res.value(this.res.at(L, callee.object), ev);
    return v.k === 'client' ? (v.c.instance?.configs ?? []) : [];
  }

  private rootsOfCreation(L: Loc): RootKey[] {
    const p = L.mod.parents.get(L.node);
    if (p?.type === 'VariableDeclarator' && p.id?.type === 'Identifier') return [{ mod: L.mod, chain: [p.id.name], hops: 0 }];
    if (p?.type === 'AssignmentExpression') {
      const chain = memberChain(p.left);
      if (chain) return [{ mod: L.mod, chain, hops: 0 }];
    }
    return [];
  }

  // --- choosing between a request and its callers' versions -------------------------------------

  private choose(origin: Node, group: Found[]): Found[] {
    const first = group[0]!;
    let baseline = group.find((f) => f.site === origin && f.siteMod === f.originMod);
    const candidates = [...group];
    if (!baseline) {
      const foreign = this.evaluate({ mod: first.originMod, node: origin, hops: 1 }, 0).find((f) => f.site === origin);
      if (foreign) {
        baseline = { ...foreign, foreign: true };
        candidates.push(baseline);
      }
    }
    const deps = new Map<Found, Set<Node>>();
    for (const x of candidates) deps.set(x, this.contextDeps(x));
    const superseded = (x: Found): boolean => {
      const d = deps.get(x)!;
      if (d.size === 0) return false;
      return candidates.some((y) => y !== x && !y.foreign && [...d].some((fn) => y.bound.has(fn)) && signature(y) !== signature(x));
    };
    const baselineSuperseded = baseline ? superseded(baseline) : true;
    const callers = candidates.filter((x) => x !== baseline && !x.foreign);
    const out = callers.filter((x) => x.endpoint && !superseded(x) && (baselineSuperseded || signature(x) !== signature(baseline!)));
    if (baseline && !baseline.foreign) {
      const own = ownSite(baseline, callers, out, baselineSuperseded);
      if (own) out.unshift(own);
    }
    return out;
  }

  /** Free parameters of `x` that belong to functions around its site (which callers could bind). */
  private contextDeps(x: Found): Set<Node> {
    const out = new Set<Node>();
    if (x.free.size === 0) return out;
    const mod = x.foreign ? x.originMod : x.siteMod;
    for (const fn of enclosingFunctions(mod, x.site)) {
      if (x.free.has(fn)) out.add(fn);
      const ctor = mod.fns.get(fn)?.cls?.ctor;
      if (ctor && x.free.has(ctor)) out.add(ctor);
    }
    return out;
  }
}

/**
 * The request written in the scanned file, reported where it is written even when callers in the
 * file know more (a local helper or client class is the call site; each call to it is reported
 * too). Without an endpoint of its own it takes the one its callers give: theirs when they agree,
 * else the first. It is dropped when its callers here all pass URLs that are not dbt Cloud's (its
 * own endpoint was only a guess from a path, or it was known only by its dbt-named token).
 */
function ownSite(baseline: Found, callers: Found[], kept: Found[], superseded: boolean): Found | undefined {
  const given = kept.filter((x) => x.endpoint);
  const agreed = given.length > 0 && given.every((x) => x.urlText === given[0]!.urlText) ? given[0] : undefined;
  const from = superseded && agreed ? agreed : baseline.endpoint ? undefined : (agreed ?? given[0]);
  if (!from) {
    // callers here all pass something known that is not dbt Cloud's: not a dbt Cloud request
    const refuted = callers.length > 0 && !callers.some((x) => x.endpoint || x.tokenOnly);
    if (baseline.endpoint) return superseded && refuted ? undefined : baseline;
    return baseline.tokenOnly && !refuted ? baseline : undefined;
  }
  const own: Found = { ...baseline, endpoint: from.endpoint, urlText: from.urlText };
  // a token the request cannot see (a parameter) is the one its callers agree on
  if (
    !baseline.credential?.name &&
    baseline.credential?.source !== 'literal' &&
    given.every((x) => credKey(x.credential) === credKey(from.credential))
  ) {
    own.credential = from.credential;
    delete own.fallback;
  }
  return own;
}

/** A URL with placeholder names dropped: two evaluations that differ only in names are the same call. */
const normalizeUrl = (u: string): string => u.replace(/\{[^{}]*\}/g, '{}');

const credKey = (c: RawCredential | undefined): string => (c ? `${c.source}:${c.name ?? ''}:${c.value ?? ''}` : '-');

function signature(f: Found): string {
  return `${f.endpoint ? 'y' : 'n'}|${f.urlText}|${credKey(f.credential)}`;
}

function union<T>(a: Set<T>, b: Set<T>): Set<T> {
  if (b.size === 0) return a;
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}

/** The account ids the URL's account segment takes from a loop over literal ids. */
function loopAccountIds(parts: readonly JsPart[]): string[] {
  for (let i = 1; i < parts.length; i++) {
    const before = parts[i - 1]!;
    const part = parts[i]!;
    if (before.kind === 'literal' && /\/accounts\/$/.test(before.text) && part.kind === 'unknown' && part.choices)
      return part.choices.every(isDbtCloudId) ? [...new Set(part.choices)] : [];
  }
  return [];
}

/** A web framework's route methods (Express, Fastify, Hono, Koa Router): `app.get("/path", handler)`. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use']);
/** An emitter's: `server.on("request", handler)`, `addEventListener("fetch", handler)`. */
const EVENT_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener', 'prependListener']);

/**
 * Whether `call` sits in a function that the code around it only registers, between `call` and
 * `outer` (the function whose requests are gathered): a route handler or an event listener, which
 * runs when a request or an event comes, not when `outer` runs. An app factory's calls are not its
 * handlers' (`createApp()` making `app.get("/projects", async () => listProjects(token))`).
 */
function inRegisteredHandler(mod: ModuleInfo, call: Node, outer: Node): boolean {
  let child = call;
  for (let p = mod.parents.get(call), guard = 0; p && p !== outer && guard < 10_000; p = mod.parents.get(p), guard++) {
    if (isFunction(child) && (p.type === 'CallExpression' || p.type === 'OptionalCallExpression') && registers(p, child)) return true;
    child = p;
  }
  return false;
}

function registers(call: Node, fn: Node): boolean {
  const args = (call.arguments ?? []) as Node[];
  const at = args.indexOf(fn);
  if (at < 1) return false;
  const name = memberName(unwrap(call.callee as Node));
  const first = args[0]!;
  const text =
    first.type === 'StringLiteral'
      ? (first.value as string)
      : first.type === 'TemplateLiteral'
        ? ((first.quasis as Node[])[0]?.value as { cooked?: string } | undefined)?.cooked
        : undefined;
  if (text === undefined || name === undefined) return false;
  if (EVENT_METHODS.has(name)) return true;
  return ROUTE_METHODS.has(name) && text.startsWith('/');
}

/** `obj.method.call(thisArg, …)` of a method that sends a request with its options: that method. */
function boundMethodCall(callee: Node): Node | undefined {
  if (memberName(callee) !== 'call') return undefined;
  const method = unwrap(callee.object);
  return CREDENTIAL_FIRST_METHODS.has(memberName(method) ?? '') ? method : undefined;
}
