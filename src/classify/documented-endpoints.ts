import { readFileSync } from 'node:fs';
import { packagePath } from '../package-files.js';

// Is an API path in the documented dbt Cloud API? The list is data/documented-endpoints.json,
// generated from the public OpenAPI spec by scripts/generate-endpoints.mjs (npm run generate:endpoints).
//
// Paths come from adapters with the parts they could not resolve written as placeholders:
// `/api/v2/accounts/{account_id}/jobs/{JOB_ID}/run/`. Matching is conservative: `documented: false`
// is claimed only when no documented path can match whatever the placeholders stand for.
// Anything that might be documented, depending on what a placeholder holds, is 'unknown'.

type EndpointApi = 'admin-v2' | 'admin-v3' | 'discovery' | 'semantic-layer' | 'mcp';

/**
 * 'spec': the spec text says a PAT is required; 'provider-docs': dbt Labs' Terraform provider docs
 * say a service token cannot call it; 'labelled': the labelling rules this product is held to
 * count it with user credentials (scripts/generate-endpoints.mjs); 'inferred': user-scoped by
 * wording only (facts §2.3).
 */
type UserContextSource = 'spec' | 'provider-docs' | 'labelled' | 'inferred';

/** A path to one user's credentials: `…/users/{user_id}/credentials/`, with or without an id after it. */
const USER_CREDENTIALS_PATH = /\/users\/[^/]+\/credentials(?:\/|$)/;

export interface DocumentedEndpoint {
  /** `/api/v2/accounts/{account_id}/jobs/{job_id}/run/`, as in the spec. */
  path: string;
  methods: string[];
  api: EndpointApi;
  /** false for the few known undocumented paths kept in the list for what is known about them. */
  documented: boolean;
  /** Every operation on the path is deprecated. */
  deprecated: boolean;
  /** When only some operations are deprecated. */
  deprecatedMethods?: string[];
  userContext: UserContextSource | false;
  /** When only some operations need user context. */
  userContextMethods?: string[];
  /** Methods that create a service token (POST of `.../service-tokens/`), which a PAT may no longer call. */
  createsServiceTokenMethods?: string[];
  /** A legacy path still in use (Discovery `/beta/graphql`). */
  legacy?: boolean;
  params?: Record<string, 'integer' | 'string'>;
  /** A trailing parameter that spans the rest of the path (`artifacts/{remainder}`). */
  restParam?: string;
  hosts?: string;
  description?: string;
  source?: string;
}

export interface EndpointData {
  source: {
    repository?: string;
    commit?: string;
    date?: string;
    files: Array<{ file: string; title?: string; version?: string; sha256: string; operations: number }>;
  };
  endpoints: DocumentedEndpoint[];
}

export interface EndpointLookup {
  /** true: a documented path; false: no documented path can match; 'unknown': depends on a placeholder, or a base URL. */
  documented: boolean | 'unknown';
  /** The operation needs a user's own token (PAT), per the spec or by wording. */
  userContext: boolean;
  userContextSource?: UserContextSource;
  deprecated: boolean;
  /** GET (or unknown method) of the `/api/v2/accounts/` or `/api/v3/accounts/` listing itself. */
  accountListing: boolean;
  /** A legacy path (Discovery `/beta/graphql`). */
  legacy: boolean;
  /** The call creates a service token: a known method that every matching path marks as creating one. */
  createsServiceToken: boolean;
  /** Only when the path is documented and a concrete method was given. */
  methodDocumented?: boolean;
  /** The API all matching entries belong to. */
  api?: EndpointApi;
  /** The spec path, when exactly one entry matches. */
  specPath?: string;
}

// ---------------------------------------------------------------- data

let data: EndpointData | undefined;
let compiled: CompiledEntry[] | undefined;

/** The generated list, read on first use (the file sits at the package root: src/ and dist/ both reach it as ../../data). */
export function endpointData(): EndpointData {
  data ??= JSON.parse(readFileSync(packagePath('data', 'documented-endpoints.json'), 'utf8')) as EndpointData;
  return data;
}

export function documentedEndpoints(): readonly DocumentedEndpoint[] {
  return endpointData().endpoints;
}

type SpecSeg = { kind: 'lit'; text: string } | { kind: 'param'; integer: boolean } | { kind: 'rest' };
interface CompiledEntry {
  entry: DocumentedEndpoint;
  segs: SpecSeg[];
}

function compiledEntries(): CompiledEntry[] {
  compiled ??= documentedEndpoints().map((entry) => {
    const parts = entry.path.split('/').filter((s) => s !== '');
    const segs = parts.map((part, i): SpecSeg => {
      const param = /^\{([^{}]+)\}$/.exec(part);
      if (!param) return { kind: 'lit', text: part.toLowerCase() };
      const name = param[1]!;
      if (i === parts.length - 1 && entry.restParam === name) return { kind: 'rest' };
      return { kind: 'param', integer: entry.params?.[name] === 'integer' };
    });
    return { entry, segs };
  });
  return compiled;
}

let literals: Set<string> | undefined;
function specLiterals(): Set<string> {
  literals ??= new Set(compiledEntries().flatMap((c) => c.segs.flatMap((s) => (s.kind === 'lit' ? [s.text] : []))));
  return literals;
}

// ---------------------------------------------------------------- input paths

/**
 * What a placeholder may stand for: 'single' one segment (an id), 'multi' any number of segments
 * (`{path}`, `{endpoint}`), 'either' one segment most likely, but possibly several (`{x}`, `{0}`).
 */
type Reach = 'single' | 'either' | 'multi';
type InSeg = { kind: 'lit'; text: string } | { kind: 'num' } | { kind: 'ph'; span: Reach };

const MAX_PATH_CHARS = 2000;
const MAX_SEGMENTS = 40;

const ID_NAME = /(^|_)(ids?|pk|num|number|no|idx|index|count|key)$|[a-z0-9](Id|ID|Ids|IDs|Pk)$/;
const ID_NOUN =
  /^(account|job|run|project|environment|env|user|step|repository|repo|connection|group|token|credential|profile|notification|webhook|subscription|invite|license|event|receipt|adapter|permission)s?$/i;
const MULTI_NAME =
  /(path|endpoint|url|uri|route|resource|rest|remainder|suffix|prefix|base|tail|segment|api|location|action|operation|query|host)/i;

function placeholderSpan(name: string): Reach {
  const words = name.match(/[A-Za-z_][A-Za-z0-9_]*/g);
  const ident = words?.[words.length - 1] ?? '';
  if (ident === '') return 'either';
  if (ID_NAME.test(ident)) return 'single';
  const lastWord = ident.split('_').filter(Boolean).pop() ?? ident;
  if (ID_NOUN.test(lastWord) || ID_NOUN.test(ident)) return 'single';
  if (MULTI_NAME.test(ident)) return 'multi';
  return 'either';
}

function classifySegment(seg: string): InSeg {
  if (/^\d+$/.test(seg)) return { kind: 'num' };
  if (/^%[0-9.]*d$/.test(seg)) return { kind: 'ph', span: 'single' };
  const braced =
    /\{+([^{}]*)\}+/.exec(seg) ??
    /<([^<>]*)>/.exec(seg) ??
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(seg) ??
    /^:([A-Za-z_][A-Za-z0-9_]*)$/.exec(seg) ??
    /%\(([A-Za-z_][A-Za-z0-9_]*)\)[sd]/.exec(seg);
  if (braced) return { kind: 'ph', span: placeholderSpan(braced[1] ?? '') };
  if (/[{}<>$%*]/.test(seg)) return { kind: 'ph', span: 'either' };
  // ACCOUNT_ID, JOB_ID: the way people write a value to fill in (but /API/V2/ACCOUNTS is a shouted path).
  if (/^[A-Z][A-Z0-9_]+$/.test(seg) && !specLiterals().has(seg.toLowerCase())) return { kind: 'ph', span: placeholderSpan(seg) };
  return { kind: 'lit', text: seg.toLowerCase() };
}

/** Splits on `/` outside braces (a `{a/b}` placeholder stays one segment). */
function splitSegments(path: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of path) {
    if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    if (ch === '/' && depth === 0) {
      if (cur !== '' && cur !== '.') out.push(cur);
      cur = '';
      if (out.length > MAX_SEGMENTS) return undefined;
    } else {
      cur += ch;
    }
  }
  if (cur !== '' && cur !== '.') out.push(cur);
  return out.length > MAX_SEGMENTS ? undefined : out;
}

/** The path's segments; tolerates a full URL, a `{HOST}/...` prefix, a query and a fragment. */
function pathSegments(raw: string): string[] | undefined {
  let p = raw.trim();
  if (p.length > MAX_PATH_CHARS) return undefined;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(p);
  if (scheme) {
    p = p.slice(scheme[0].length);
  } else if (!p.startsWith('/')) {
    // A URL without scheme: `{DBT_CLOUD_HOST}/api/v2/...` or `cloud.getdbt.com/api/v2/...`.
    const host = /^(\{[^{}]*\}|\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>]*>|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?)(?=\/|$)/.exec(p);
    if (host) p = p.slice(host[0].length);
  }
  // `#{x}` is Ruby interpolation, not a fragment.
  const cut = p.search(/\?|#(?!\{)/);
  if (cut >= 0) p = p.slice(0, cut);
  return splitSegments(p);
}

// ---------------------------------------------------------------- matching

const EXACT = 0;
const LOOSE = 1; // matches only if a placeholder holds a particular literal, or several segments
const PREFIX = 2; // the path stops inside a documented path: a base URL
const NONE = 3;

function segmentQuality(s: InSeg, t: SpecSeg): number {
  if (t.kind === 'rest') return EXACT;
  if (s.kind === 'lit') {
    if (t.kind === 'lit') return s.text === t.text ? EXACT : NONE;
    return t.integer ? LOOSE : EXACT;
  }
  if (s.kind === 'num') return t.kind === 'param' ? EXACT : NONE;
  if (t.kind === 'lit') return LOOSE;
  return s.span === 'multi' ? LOOSE : EXACT;
}

/** Best quality with which the input segments can stand for the spec segments. */
function matchQuality(input: InSeg[], spec: SpecSeg[]): number {
  const n = input.length;
  const m = spec.length;
  const memo = new Int8Array((n + 1) * (m + 1)).fill(-1);
  const best = (i: number, j: number): number => {
    const key = i * (m + 1) + j;
    const known = memo[key]!;
    if (known >= 0) return known;
    let r: number = NONE;
    if (i === n) {
      r = j === m ? EXACT : PREFIX;
    } else {
      const s = input[i]!;
      const t = spec[j];
      if (t?.kind === 'rest' && j === m - 1) {
        r = EXACT; // swallows the rest of the input
      } else if (t) {
        const q = segmentQuality(s, t);
        if (q !== NONE) r = Math.min(r, Math.max(q, best(i + 1, j + 1)));
      }
      if (s.kind === 'ph' && s.span !== 'single') {
        for (let k = 0; j + k <= m; k++) {
          if (k === 1) continue;
          r = Math.min(r, Math.max(LOOSE, best(i + 1, j + k)));
        }
      }
    }
    memo[key] = r;
    return r;
  };
  return best(0, 0);
}

const LITERAL = (text: string): InSeg => ({ kind: 'lit', text });
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** First segments that show the base URL held `/api/vN` already (`{BASE}/accounts/1/jobs/`). */
const ADMIN_ROOTS = new Set(['accounts', 'users', 'notifications', 'adapter-schema']);

const cache = new Map<string, EndpointLookup>();
const CACHE_LIMIT = 5000;

/**
 * What the documented API says about a path. `path` may hold `{placeholders}` and literal ids,
 * may lack the trailing slash, the `/api` prefix (Terraform's host_url ends in `/api`) or even
 * `/api/vN` (a base URL variable holding it), and may be only a base URL (`/api/v2`: 'unknown').
 * `method` is optional; an unknown method counts as any.
 */
export function lookupEndpoint(path: string, method?: string): EndpointLookup {
  const m = method?.trim().toUpperCase();
  const verb = m && HTTP_METHODS.has(m) ? m : undefined;
  const key = `${verb ?? ''} ${path}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = lookupUncached(path, verb);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

function unknownResult(): EndpointLookup {
  return { documented: 'unknown', userContext: false, deprecated: false, accountListing: false, legacy: false, createsServiceToken: false };
}

function lookupUncached(path: string, verb: string | undefined): EndpointLookup {
  const raw = pathSegments(path);
  if (!raw || raw.length === 0) return unknownResult();
  const segs = raw.map(classifySegment);
  const first = segs[0]!;
  let candidates: InSeg[][];
  let baseUnknown = false;
  if (first.kind === 'lit' && /^v\d+$/.test(first.text)) {
    candidates = [[LITERAL('api'), ...segs]];
  } else if (first.kind === 'lit' && ADMIN_ROOTS.has(first.text)) {
    candidates = [
      [LITERAL('api'), LITERAL('v2'), ...segs],
      [LITERAL('api'), LITERAL('v3'), ...segs],
    ];
    baseUnknown = true;
  } else {
    candidates = [segs];
  }

  const byQuality: DocumentedEndpoint[][] = [[], [], [], []];
  for (const { entry, segs: spec } of compiledEntries()) {
    let q = NONE;
    for (const c of candidates) q = Math.min(q, matchQuality(c, spec));
    byQuality[q]!.push(entry);
  }
  const exact = byQuality[EXACT]!;
  const loose = byQuality[LOOSE]!;
  const prefix = byQuality[PREFIX]!;
  const exactDocumented = exact.filter((e) => e.documented);

  let documented: boolean | 'unknown';
  let tier: DocumentedEndpoint[];
  if (exactDocumented.length > 0) {
    documented = true;
    tier = exactDocumented;
  } else if (loose.some((e) => e.documented) || prefix.some((e) => e.documented)) {
    documented = 'unknown';
    tier = loose;
  } else if (exact.length > 0) {
    documented = false; // a known undocumented path (Discovery /beta/graphql, GitHub installations)
    tier = exact;
  } else {
    documented = baseUnknown ? 'unknown' : false;
    tier = [];
  }

  const result: EndpointLookup = {
    documented,
    userContext: tier.length > 0 && tier.every((e) => needsUser(e, verb)),
    deprecated: tier.length > 0 && tier.every((e) => isDeprecated(e, verb)),
    accountListing: (verb === undefined || verb === 'GET') && candidates.some(isAccountListing),
    legacy: tier.length > 0 && tier.every((e) => e.legacy === true),
    // Only a method the code names (the same path lists service tokens with GET), and only paths that
    // match as written, documented or not (the v2 form is not): a placeholder standing for a literal
    // segment may make a loose match elsewhere, which does not undo an exact one.
    createsServiceToken:
      verb !== undefined && exact.length > 0 && exact.every((e) => e.createsServiceTokenMethods?.includes(verb) === true),
  };
  // A user's credentials under a path the spec does not have (`/api/v2/accounts/{a}/users/{u}/credentials/`):
  // whatever the version, they are that user's to change (the labelling rules' `users/{id}/credentials`).
  if (!result.userContext && documented !== true && USER_CREDENTIALS_PATH.test(path)) {
    result.userContext = true;
    result.userContextSource = 'labelled';
  } else if (result.userContext) {
    const sources = new Set(tier.map((e) => e.userContext));
    result.userContextSource = sources.has('inferred')
      ? 'inferred'
      : sources.has('labelled')
        ? 'labelled'
        : sources.has('provider-docs')
          ? 'provider-docs'
          : 'spec';
  }
  if (documented === true && verb) result.methodDocumented = tier.some((e) => e.methods.includes(verb));
  const apis = new Set(tier.map((e) => e.api));
  if (apis.size === 1) result.api = [...apis][0];
  if (tier.length === 1) result.specPath = tier[0]!.path;
  return result;
}

function needsUser(e: DocumentedEndpoint, verb: string | undefined): boolean {
  if (!e.userContext) return false;
  if (verb && e.userContextMethods && e.methods.includes(verb)) return e.userContextMethods.includes(verb);
  return true;
}

function isDeprecated(e: DocumentedEndpoint, verb: string | undefined): boolean {
  if (e.deprecated) return true;
  return verb !== undefined && (e.deprecatedMethods?.includes(verb) ?? false);
}

/** Exactly `/api/v2/accounts/` or `/api/v3/accounts/`, all literal. */
function isAccountListing(segs: InSeg[]): boolean {
  if (segs.length !== 3) return false;
  const [a, v, acc] = segs;
  return (
    a?.kind === 'lit' &&
    a.text === 'api' &&
    v?.kind === 'lit' &&
    (v.text === 'v2' || v.text === 'v3') &&
    acc?.kind === 'lit' &&
    acc.text === 'accounts'
  );
}

let accountResources: Set<string> | undefined;

/**
 * The resource named under one account (`/api/v2/accounts/{id}/jobs/…`: `jobs`) is one the
 * documented API has under an account, in any version (`/api/v3/accounts/{id}/runs/` is dbt
 * Cloud's runs asked of the wrong version, not another API). Undefined for a path that names
 * none (the account itself, a placeholder where the resource stands).
 */
export function namesAccountResourceOfTheApi(path: string): boolean | undefined {
  const m = ACCOUNT_RESOURCE_NAME.exec(path);
  if (!m) return undefined;
  if (!accountResources) {
    accountResources = new Set();
    for (const e of documentedEndpoints()) {
      const d = ACCOUNT_RESOURCE_NAME.exec(e.path);
      if (d) accountResources.add(d[1]!.toLowerCase());
    }
  }
  return accountResources.has(m[1]!.toLowerCase());
}
const ACCOUNT_RESOURCE_NAME = /^\/api\/v[234]\/accounts\/[^/]+\/([a-z][\w-]*)(?:\/|$|\?)/i;

/** A resource of one account in the Admin API (`/api/v2/accounts/{id}/jobs/…`), not the account listing or the account itself. */
const ACCOUNT_RESOURCE = /^\/api\/v[234]\/accounts\/[^/]+\/[a-z]/i;

/**
 * A documented path under one account of the Admin API (`/api/v2/accounts/{account_id}/jobs/{job_id}/run/`):
 * dbt Cloud's own shape, which a client of another service shares only by copying it whole.
 */
export function isDocumentedAccountResource(path: string | undefined): boolean {
  return path !== undefined && ACCOUNT_RESOURCE.test(path) && lookupEndpoint(path).documented === true;
}
