import type { ClientRef, Lib, Loc } from './model.js';

// Which imports are HTTP clients, and where each client call keeps its URL, base URL and
// headers. Everything here is about library APIs; no value resolution happens in this module.

/**
 * Client transports of the MCP TypeScript SDK, by the module that exports each. A transport is
 * the connection to an MCP server: to the dbt platform's hosted MCP endpoint it is a call site.
 */
const MCP_TRANSPORTS: Record<string, string> = {
  '@modelcontextprotocol/sdk/client/streamableHttp': 'StreamableHTTPClientTransport',
  '@modelcontextprotocol/sdk/client/sse': 'SSEClientTransport',
};

const FETCH_PACKAGES = new Set([
  'node-fetch',
  'cross-fetch',
  'isomorphic-fetch',
  'isomorphic-unfetch',
  'unfetch',
  'make-fetch-happen',
  'node-fetch-native',
  '@whatwg-node/fetch',
  'node-fetch-commonjs',
  '@adobe/fetch',
]);

/** The member name that marks Pipedream's `axios($, config)`. */
const PIPEDREAM_AXIOS = '@pipedream';

/** What importing `imported` (`default`, `*` or a name) from package `source` gives, if it is a known client. */
export function libraryBinding(source: string, imported: string): ClientRef | undefined {
  const ref = (lib: Lib, member?: string): ClientRef => ({ lib, display: source.replace(/^node:/, ''), member, roots: [] });
  const transport = MCP_TRANSPORTS[source.replace(/\.js$/, '')];
  if (transport) return imported === transport ? { lib: 'mcp', display: transport, member: transport, roots: [] } : undefined;
  if (FETCH_PACKAGES.has(source)) {
    return imported === 'default' || imported === '*' || imported === 'fetch' ? ref('fetch') : undefined;
  }
  switch (source) {
    case 'undici':
      if (imported === 'fetch') return ref('fetch');
      if (imported === 'request') return ref('undici', 'request');
      return imported === '*' || imported === 'default' ? ref('undici') : undefined;
    case 'axios':
      return imported === 'default' || imported === '*' || imported === 'axios' ? ref('axios') : undefined;
    // Pipedream components' axios: `axios($, config)`, the step context first.
    case '@pipedream/platform':
      return imported === 'axios' ? ref('axios', PIPEDREAM_AXIOS) : undefined;
    case 'got':
      return imported === 'default' || imported === '*' || imported === 'got' ? ref('got') : undefined;
    case 'ky':
    case 'ky-universal':
      return imported === 'default' || imported === '*' ? ref('ky') : undefined;
    case 'superagent':
      return imported === 'default' || imported === '*' ? ref('superagent') : undefined;
    case 'ofetch':
    case 'ohmyfetch':
      return imported === 'ofetch' || imported === '$fetch' || imported === 'default' ? ref('ofetch') : undefined;
    case 'graphql-request':
      if (imported === 'GraphQLClient' || imported === 'request' || imported === 'rawRequest') return ref('graphql-request', imported);
      return imported === '*' ? ref('graphql-request') : undefined;
    case '@apollo/client':
    case '@apollo/client/core':
    case '@apollo/client/link/http':
      if (imported === 'ApolloClient' || imported === 'HttpLink' || imported === 'createHttpLink') return ref('apollo', imported);
      return imported === '*' ? ref('apollo') : undefined;
    // Raycast's fetch hook: `useFetch(url, { headers })`, requested as the command renders.
    case '@raycast/utils':
      return imported === 'useFetch' ? ref('fetch') : undefined;
    case 'urql':
    case '@urql/core':
      if (imported === 'createClient' || imported === 'Client') return ref('urql', imported);
      return imported === '*' ? ref('urql') : undefined;
    case 'http':
    case 'https':
    case 'node:http':
    case 'node:https':
      if (imported === 'request' || imported === 'get') return ref('node-http', imported);
      return imported === '*' || imported === 'default' ? ref('node-http') : undefined;
    case 'request':
    case 'request-promise':
    case 'request-promise-native':
    case 'postman-request':
      return imported === 'default' || imported === '*' ? ref('request') : undefined;
    default:
      // An in-house package's axios factory (`createAxios({ baseURL, headers })`): named for what it
      // makes. A module of the repository's own is read instead (its defaults count).
      return AXIOS_FACTORY_NAMES.has(imported) && PACKAGE_SPECIFIER.test(source) ? ref('axios', 'create') : undefined;
  }
}

/** Factories of axios instances that wrapper packages export under axios's name. */
const AXIOS_FACTORY_NAMES = new Set(['createAxios', 'createAxiosInstance', 'createAxiosClient']);
/** A package's name (`slates`, `@acme/http/client`), not a relative path or an alias (`@/lib`, `~/lib`, `#lib`). */
const PACKAGE_SPECIFIER = /^(?:@[\w.-]+\/)?[\w][\w.-]*(?:\/[\w.-]+)*$/;

/**
 * The web platform's `URL`, `Headers` and `Request` classes, as a module may import them instead of
 * using the globals: `import { URL } from 'url'`, `import { Headers } from 'node-fetch'`.
 */
export function isPlatformClassImport(source: string, imported: string): boolean {
  if (imported === 'URL') return source === 'url' || source === 'node:url';
  return (imported === 'Headers' || imported === 'Request') && (FETCH_PACKAGES.has(source) || source === 'undici');
}

/** True for packages `libraryBinding` knows: they are never tsconfig path aliases. */
export function isClientPackage(source: string): boolean {
  return libraryBinding(source, '*') !== undefined || libraryBinding(source, 'default') !== undefined || FETCH_PACKAGES.has(source);
}

/** Members that turn a client into a configured instance. */
export function isInstanceFactory(c: ClientRef): boolean {
  switch (c.lib) {
    case 'axios':
      return c.member === 'create';
    case 'got':
      return c.member === 'extend';
    case 'ky':
      return c.member === 'create' || c.member === 'extend';
    case 'ofetch':
      return c.member === 'create';
    case 'graphql-request':
      return c.member === 'GraphQLClient';
    case 'apollo':
      return c.member === 'ApolloClient' || c.member === 'HttpLink' || c.member === 'createHttpLink';
    case 'request':
      return c.member === 'defaults';
    case 'urql':
      return c.member === 'createClient' || c.member === 'Client';
    case 'mcp':
      return true;
    default:
      return false;
  }
}

/** Where a request call keeps its parts. */
export interface RequestShape {
  client: string;
  method?: string;
  /** The URL argument, possibly relative to a base. */
  url?: Loc;
  /** Option objects that may hold `url`, a base URL, `method` and `headers`, lowest priority first. */
  configs: Loc[];
  /** Objects that are header maps themselves. */
  headerObjects: Loc[];
  /** Keys of a config object that hold the URL. */
  urlKeys: string[];
  /** Keys of a config object (or instance config) that hold a base URL. */
  baseKeys: string[];
  /** superagent: headers come from `.set()` / `.auth()` calls chained on the request. */
  chained?: boolean;
  /** Node http: the URL is built from `protocol`, `hostname`/`host`, `port` and `path`. */
  hostOptions?: boolean;
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const BODY_VERBS = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);

export type ArgKind = (loc: Loc) => 'object' | 'string' | 'other';

/**
 * The shape of a call to client `c` (the callee's value) with `args`, or undefined when the call
 * is not a request (`axios.create`, `axios.isAxiosError`, ...). `argKind` tells an options
 * object from a URL for overloaded signatures like `axios(config)` / `axios(url, config)`.
 */
export function requestShape(c: ClientRef, args: Loc[], argKind: ArgKind): RequestShape | undefined {
  const m = c.member;
  const base = { client: c.display, configs: [] as Loc[], headerObjects: [] as Loc[], urlKeys: ['url'], baseKeys: [] as string[] };
  const a = (i: number): Loc | undefined => args[i];
  const only = (...xs: (Loc | undefined)[]): Loc[] => xs.filter((x): x is Loc => x !== undefined);
  switch (c.lib) {
    case 'fetch':
      if (m !== undefined && m !== 'default' && m !== 'fetch') return undefined;
      return { ...base, url: a(0), configs: only(a(1)), method: 'GET' };
    case 'urlfetchapp':
      return m === 'fetch' ? { ...base, url: a(0), configs: only(a(1)), method: 'GET' } : undefined;
    case 'undici':
      if (m === 'fetch') return { ...base, url: a(0), configs: only(a(1)), method: 'GET' };
      if (m === 'request') return { ...base, url: a(0), configs: only(a(1)), method: 'GET' };
      return undefined;
    case 'ofetch':
      if (m !== undefined && m !== 'raw' && m !== 'native' && m !== 'default') return undefined;
      return { ...base, url: a(0), configs: only(a(1)), baseKeys: ['baseURL', 'baseUrl'] };
    case 'axios': {
      const cfg = { ...base, baseKeys: ['baseURL'] };
      if (m === PIPEDREAM_AXIOS) return { ...cfg, configs: only(a(1)), method: 'GET' };
      if (m === undefined || m === 'request' || m === 'default') {
        if (a(0) && argKind(a(0)!) === 'object') return { ...cfg, configs: only(a(0)), method: m === undefined ? 'GET' : undefined };
        return { ...cfg, url: a(0), configs: only(a(1)), method: 'GET' };
      }
      if (m === 'get' || m === 'delete' || m === 'head' || m === 'options')
        return { ...cfg, url: a(0), configs: only(a(1)), method: m.toUpperCase() };
      if (BODY_VERBS.has(m)) return { ...cfg, url: a(0), configs: only(a(2)), method: m.replace(/Form$/, '').toUpperCase() };
      return undefined;
    }
    case 'got': {
      const cfg = { ...base, baseKeys: ['prefixUrl'] };
      if (m === undefined || m === 'default' || m === 'stream' || m === 'paginate') {
        if (a(0) && argKind(a(0)!) === 'object') return { ...cfg, configs: only(a(0)) };
        return { ...cfg, url: a(0), configs: only(a(1)), method: m === undefined ? 'GET' : undefined };
      }
      if (VERBS.has(m)) return { ...cfg, url: a(0), configs: only(a(1)), method: m.toUpperCase() };
      return undefined;
    }
    case 'ky':
      if (m === undefined || m === 'default')
        return { ...base, url: a(0), configs: only(a(1)), baseKeys: ['prefixUrl', 'prefix'], method: 'GET' };
      if (VERBS.has(m)) return { ...base, url: a(0), configs: only(a(1)), baseKeys: ['prefixUrl', 'prefix'], method: m.toUpperCase() };
      return undefined;
    case 'superagent':
      if (m === undefined || m === 'default') {
        if (args.length >= 2 && a(0) && argKind(a(0)!) === 'string') return { ...base, url: a(1), chained: true };
        return { ...base, url: a(0), chained: true, method: 'GET' };
      }
      if (VERBS.has(m) || m === 'del') return { ...base, url: a(0), chained: true, method: m === 'del' ? 'DELETE' : m.toUpperCase() };
      return undefined;
    case 'graphql-request':
      if (m === 'request' || m === 'rawRequest') {
        if (c.instance) return { ...base, baseKeys: ['url'], method: 'POST' };
        if (a(0) && argKind(a(0)!) === 'object') return { ...base, configs: only(a(0)), method: 'POST' };
        return { ...base, url: a(0), headerObjects: only(a(3)), method: 'POST' };
      }
      return undefined;
    case 'apollo':
      if (c.instance && (m === 'query' || m === 'mutate' || m === 'watchQuery' || m === 'subscribe')) {
        return { ...base, baseKeys: ['uri'], method: 'POST' };
      }
      return undefined;
    case 'urql':
      if (c.instance && (m === 'query' || m === 'mutation' || m === 'subscription' || m === 'executeQuery' || m === 'executeMutation'))
        return { ...base, baseKeys: ['url'], method: 'POST' };
      return undefined;
    case 'node-http':
      if (m !== 'request' && m !== 'get') return undefined;
      if (a(0) && argKind(a(0)!) === 'object')
        return { ...base, configs: only(a(0)), hostOptions: true, method: m === 'get' ? 'GET' : undefined };
      return { ...base, url: a(0), configs: only(a(1)), method: m === 'get' ? 'GET' : undefined };
    case 'request': {
      const cfg = { ...base, urlKeys: ['url', 'uri'], baseKeys: ['baseUrl'] };
      if (m === undefined || m === 'default') {
        if (a(0) && argKind(a(0)!) === 'object') return { ...cfg, configs: [a(0)!] };
        return { ...cfg, url: a(0), configs: only(a(1)) };
      }
      if (VERBS.has(m) || m === 'del') {
        if (a(0) && argKind(a(0)!) === 'object') return { ...cfg, configs: [a(0)!], method: m.toUpperCase() };
        return { ...cfg, url: a(0), configs: only(a(1)), method: m === 'del' ? 'DELETE' : m.toUpperCase() };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Where an instance-creating call keeps its base URL and headers (for reporting unused instances). */
export function creationShape(c: ClientRef, args: Loc[]): { base?: Loc; configs: Loc[]; baseKeys: string[] } | undefined {
  switch (c.lib) {
    case 'axios':
      return { configs: args.slice(0, 1), baseKeys: ['baseURL'] };
    case 'got':
      return { configs: args.slice(0, 1), baseKeys: ['prefixUrl'] };
    case 'ky':
      return { configs: args.slice(0, 1), baseKeys: ['prefixUrl', 'prefix'] };
    case 'ofetch':
      return { configs: args.slice(0, 1), baseKeys: ['baseURL', 'baseUrl'] };
    case 'graphql-request':
      return { base: args[0], configs: args.slice(1, 2), baseKeys: ['url'] };
    case 'apollo':
      return { configs: args.slice(0, 1), baseKeys: ['uri'] };
    case 'request':
      return { configs: args.slice(0, 1), baseKeys: ['baseUrl'] };
    // the options and their `fetchOptions` were picked out when the client was made (resolve-value.ts)
    case 'urql':
      return { configs: c.instance?.configs ?? [], baseKeys: ['url'] };
    // the URL and `requestInit` were picked out when the transport was made (resolve-value.ts)
    case 'mcp':
      return { base: c.instance?.base, configs: c.instance?.configs ?? [], baseKeys: [] };
    default:
      return undefined;
  }
}

/** HTTP methods as client methods are named (`client.get`, superagent's `del`). */
export const HTTP_VERB_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head'] as const;

/** Generic HTTP verbs, for calls on clients the adapter does not know (`this.http.get(url)`). */
export const GENERIC_METHODS = new Set<string>([
  ...HTTP_VERB_METHODS,
  'request',
  'fetch',
  'getJson',
  'postJson',
  'putJson',
  'patchJson',
  'sendRequest',
  // n8n nodes' `this.helpers.httpRequest(options)`, jQuery's `$.ajax(options)`
  'httpRequest',
  'ajax',
  ...['httpRequestWithAuthentication', 'requestWithAuthentication'],
]);

/**
 * n8n's authenticated request helpers, `this.helpers.httpRequestWithAuthentication.call(this,
 * 'dbtCloudApi', options)`: the credential type's name comes before the request's options.
 */
export const CREDENTIAL_FIRST_METHODS = new Set(['httpRequestWithAuthentication', 'requestWithAuthentication']);
/** Plain function names that are HTTP calls in the libraries seen in the wild. */
export const GENERIC_FUNCTIONS = /^(\$?fetch|ofetch|request|needle|phin|bent|wretch|ajax|httpRequest|httpGet|httpPost)$/;
