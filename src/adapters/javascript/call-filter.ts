import { keyName, memberChain, memberName, unwrap, type Node } from './ast.js';
import { GENERIC_METHODS, HTTP_VERB_METHODS, libraryBinding } from './clients.js';
import { isRelativeSpecifier } from './imports.js';
import { isAliasSpecifier } from './module-path.js';
import { isJsHttpMockPackage } from '../shared/http-mocks.js';
import { enclosingFunctions, lookupBinding, type ModuleInfo } from './module-index.js';

// A syntactic pre-filter: which calls of a module are worth resolving at all. Resolving every
// callee of a 500 kB file costs more than parsing it, while only calls that look like HTTP
// requests, client setup, or calls to functions containing those can matter.

/** Names that request calls, client factories and HTTP helpers use. */
const REQUEST_NAMES = new Set([
  // Every generic HTTP verb a client has, and the names of client set-up and helpers.
  ...GENERIC_METHODS,
  '$fetch',
  'ofetch',
  'rawRequest',
  'options',
  'create',
  'extend',
  'query',
  'mutate',
  'watchQuery',
  'subscribe',
  'postForm',
  'putForm',
  'patchForm',
  'stream',
  'paginate',
  'raw',
  'native',
  'GraphQLClient',
  'ApolloClient',
  'HttpLink',
  'createHttpLink',
  'needle',
  'phin',
  'bent',
  'ajax',
  'httpRequest',
  'httpGet',
  'httpPost',
  'axios',
  'got',
  'ky',
  'superagent',
]);
/** Verbs so common on maps and stores that they count only with a URL-looking argument. */
const AMBIGUOUS = new Set<string>([...HTTP_VERB_METHODS, 'options', 'request', 'query', 'create', 'extend', 'subscribe', 'stream', 'raw']);
const URLISH_NAME = /url|uri|path|endpoint|href|route|api|link/i;
const CLIENT_GLOBALS = new Set(['fetch', 'axios', 'UrlFetchApp']);

const cache = new WeakMap<ModuleInfo, Set<Node>>();

/** The calls of `mod` that may be requests, client setup, or calls to functions making requests. */
export function candidateCalls(mod: ModuleInfo): Set<Node> {
  const cached = cache.get(mod);
  if (cached) return cached;
  const out = new Set<Node>();
  for (const call of mod.calls) if (looksLikeRequest(mod, call)) out.add(call);

  // Calls to functions that contain candidates are candidates too (by name; resolution decides).
  const marked = new Set<string>();
  let frontier = [...out];
  for (let round = 0; frontier.length > 0 && round < 20; round++) {
    let grew = false;
    for (const call of frontier) {
      for (const p of enclosingFunctions(mod, call)) {
        const name = functionName(mod, p);
        if (name && !marked.has(name)) {
          marked.add(name);
          grew = true;
        }
      }
    }
    if (!grew) break;
    frontier = [];
    for (const call of mod.calls) {
      if (out.has(call)) continue;
      const name = calleeName(call);
      if (name && marked.has(name)) {
        out.add(call);
        frontier.push(call);
      }
    }
  }
  cache.set(mod, out);
  return out;
}

function calleeName(call: Node): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return callee.name as string;
  const name = memberName(callee);
  // `f.call(thisArg, …)` calls `f`.
  return name === 'call' ? memberName(unwrap(callee.object)) : name;
}

/** A bare package specifier that names dbt (`@acme/dbt-cloud`, `dbt-client`). */
const DBT_NAMED_PACKAGE = /^(?:@[\w.-]+\/)?[\w.-]*dbt[\w.-]*(?:\/|$)/i;

/** A name that says it holds (or makes) an HTTP client. */
const CLIENTISH_NAME = /http|api|client|axios|request|dbt|got|ky|agent|fetch/i;

function looksLikeRequest(mod: ModuleInfo, call: Node): boolean {
  const callee = unwrap(call.callee);
  const name = calleeName(call);
  const chain = memberChain(callee);
  const root = chain?.[0];
  if (root && root !== 'this' && rootIsHttpMock(mod, root, callee.start)) return false;
  if (root && root !== 'this' && rootIsClientOrForeign(mod, root, callee.start)) return true;
  if (call.type === 'NewExpression') return name === 'GraphQLClient' || name === 'ApolloClient' || name === 'HttpLink';
  if (!name || !REQUEST_NAMES.has(name)) return false;
  if (!AMBIGUOUS.has(name)) return true;
  if (chain && chain.slice(0, -1).some((part) => CLIENTISH_NAME.test(part))) return true;
  // `this.getClient().request(query)`: on what a client-named function returns.
  const made = callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression' ? unwrap(callee.object) : undefined;
  if (made && (made.type === 'CallExpression' || made.type === 'OptionalCallExpression') && CLIENTISH_NAME.test(calleeName(made) ?? ''))
    return true;
  const arg = call.arguments?.[0] ? unwrap(call.arguments[0]) : undefined;
  if (!arg) return false;
  switch (arg.type) {
    case 'StringLiteral':
      return /[/:]/.test(arg.value as string);
    case 'TemplateLiteral':
    case 'BinaryExpression':
      return true;
    case 'ObjectExpression':
      return (arg.properties as Node[]).some((p) =>
        /^(url|uri|baseURL|prefixUrl|headers)$/.test(keyName(p.key, p.computed === true) ?? ''),
      );
    case 'Identifier':
      return URLISH_NAME.test(arg.name as string);
    case 'MemberExpression':
      return URLISH_NAME.test(memberName(arg) ?? '');
    case 'NewExpression':
      return unwrap(arg.callee).type === 'Identifier' && /^(URL|Request)$/.test(unwrap(arg.callee).name as string);
    default:
      return false;
  }
}

/**
 * The callee's root names a client library (`axios`, `got`, an import of one), a client
 * instance (`const api = axios.create()`), an instance of a class, or something imported from
 * another file of the repository (which may be a helper that makes requests).
 */
function rootIsClientOrForeign(mod: ModuleInfo, root: string, offset: number): boolean {
  const b = lookupBinding(mod, root, offset);
  if (!b) return CLIENT_GLOBALS.has(root);
  // `f: typeof fetch = fetch`: an injected HTTP function, `fetch` unless a caller passes another.
  if (b.kind === 'param')
    return b.def !== undefined && unwrap(b.def).type === 'Identifier' && CLIENT_GLOBALS.has(unwrap(b.def).name as string);
  // A monorepo's own package named for dbt (`@acme/dbt-cloud`) may be the helper too: the loader finds its folder.
  if (b.kind === 'import')
    return (
      libraryBinding(b.source, b.imported) !== undefined ||
      isRelativeSpecifier(b.source) ||
      isAliasSpecifier(b.source) ||
      DBT_NAMED_PACKAGE.test(b.source)
    );
  if (b.kind !== 'var' || !b.init) return false;
  const init = unwrap(b.init);
  if (init.type === 'NewExpression') return true;
  if (init.type === 'CallExpression') {
    const c = unwrap(init.callee);
    if (c.type === 'Identifier' && c.name === 'require') {
      const src = init.arguments?.[0]?.type === 'StringLiteral' ? (init.arguments[0].value as string) : '';
      return libraryBinding(src, 'default') !== undefined || isRelativeSpecifier(src);
    }
    const n = c.type === 'Identifier' ? c.name : memberName(c);
    return n === 'create' || n === 'extend' || n === 'defaults';
  }
  return false;
}

/** A test's HTTP mock (`http.get(URL, resolver)` from msw, `fetchMock.get(URL, …)`): it registers a fake, it requests nothing. */
function rootIsHttpMock(mod: ModuleInfo, root: string, offset: number): boolean {
  const b = lookupBinding(mod, root, offset);
  if (b?.kind === 'import') return isJsHttpMockPackage(b.source);
  if (b?.kind !== 'var' || !b.init) return false;
  const init = unwrap(b.init);
  const c = init.type === 'NewExpression' || init.type === 'CallExpression' ? unwrap(init.callee) : undefined;
  const made = c?.type === 'Identifier' ? (c.name as string) : c && memberName(c);
  return made !== undefined && (made === 'MockAdapter' || made === 'MockAgent' || made === 'setupServer' || made === 'setupWorker');
}

/** The name a function is called by: its declaration, the variable, property or method holding it. */
function functionName(mod: ModuleInfo, fn: Node): string | undefined {
  if (fn.id?.type === 'Identifier') return fn.id.name as string;
  if (fn.type === 'ObjectMethod' || fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod')
    return keyName(fn.key, fn.computed === true);
  const p = mod.parents.get(fn);
  if (!p) return undefined;
  if (p.type === 'VariableDeclarator' && p.id?.type === 'Identifier') return p.id.name as string;
  if ((p.type === 'ObjectProperty' || p.type === 'ClassProperty' || p.type === 'ClassPrivateProperty') && p.value === fn)
    return keyName(p.key, p.computed === true);
  if (p.type === 'AssignmentExpression') {
    const chain = memberChain(p.left);
    return chain?.[chain.length - 1];
  }
  return undefined;
}
