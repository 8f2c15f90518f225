// HTTP mocking libraries: a test registers a fake response for a dbt Cloud URL with a call that
// reads like a request (`respx_mock.post(URL).mock(...)`, `requests_mock.get(URL, json=...)`,
// MSW's `http.get(URL, resolver)`), and nothing talks to dbt Cloud there. The adapters skip
// such calls and the audit of keyword lines names them; both read them from here.

/** Names tests give HTTP mocks: pytest fixtures, mock modules, the usual bindings. */
const MOCK_NAMES = [
  'responses',
  'requests_mock',
  'httpx_mock',
  'respx_mock',
  'respx',
  'aioresponses',
  'httpretty',
  'mocked_responses',
  'rsps',
  'nock',
  'fetchMock',
  'fetch_mock',
];

/**
 * Decorators that fake HTTP for a Python test: `@respx.mock`, `@responses.activate`,
 * `@requests_mock.Mocker()`, `@aioresponses()`, `@httpretty.activate`, and unittest.mock patching
 * an HTTP client where the code under test calls it (`@patch("app.client.requests.get")`,
 * `@mock.patch.object(requests.Session, "post")`).
 */
export const PYTHON_MOCK_DECORATOR =
  /^@[ \t]*(?:(?:respx\.mock|responses\.activate|requests_mock\.Mocker|(?:requests_mock\.)?mock\.Mocker|aioresponses|httpretty\.activate|pytest\.mark\.respx)\b|(?:(?:unittest\.)?mock\.)?patch(?:\.object)?[ \t]*\([ \t]*(?:["'](?:[\w.]*\.)?(?:requests|httpx|aiohttp|urllib3)\.[\w.]+["']|(?:requests|httpx|aiohttp|urllib3)\b))/;

/**
 * What a `with` statement fakes HTTP with for its block: `with respx.mock(using="httpx") as m`,
 * `with requests_mock.Mocker() as m`, `with responses.RequestsMock() as rsps`, `with aioresponses()
 * as m`, `with patch("app.client.httpx.post")`. Tested against each item of the statement.
 */
export const PYTHON_MOCK_CONTEXT =
  /^(?:(?:respx\.mock|responses\.RequestsMock|requests_mock\.Mocker|(?:requests_mock\.)?mock\.Mocker|aioresponses|httpretty\.enabled)\b|(?:(?:unittest\.)?mock\.)?patch(?:\.object)?[ \t]*\([ \t]*(?:["'](?:[\w.]*\.)?(?:requests|httpx|aiohttp|urllib3)\.[\w.]+["']|(?:requests|httpx|aiohttp|urllib3)\b))/;

/** A `with` statement's line that fakes HTTP (PYTHON_MOCK_CONTEXT as its first item). */
const PYTHON_MOCK_WITH = new RegExp(`^[ \\t]*(?:async[ \\t]+)?with[ \\t]+\\(?[ \\t]*(?:${PYTHON_MOCK_CONTEXT.source.slice(1)})`, 'm');

/** Whether a Python test file fakes HTTP somewhere: a mock decorator or `with` block, or a test taking a mock fixture. */
export function fakesHttp(text: string): boolean {
  if (PYTHON_MOCK_WITH.test(text)) return true;
  if (
    /^[ \t]*@[ \t]*(?:respx|responses|requests_mock|mock|aioresponses|httpretty|pytest\.mark|unittest)\./m.test(text) ||
    /^[ \t]*@[ \t]*patch\b/m.test(text) ||
    /^[ \t]*@[ \t]*aioresponses\b/m.test(text)
  ) {
    for (const line of text.split('\n')) if (PYTHON_MOCK_DECORATOR.test(line.trim())) return true;
  }
  const fixtures = new RegExp(`\\bdef[ \\t]+\\w+[ \\t]*\\([^)]{0,400}?\\b(?:${MOCK_NAMES.join('|')})\\b`);
  return fixtures.test(text);
}

/** Calls that make a mock: `requests_mock.Mocker()`, `aioresponses()`, `new MockAdapter(axios)`. */
const MOCK_FACTORY = /(?:Mocker|RequestsMock|aioresponses|respx\.mock|MockRouter|MockTransport|MockAdapter|fetchMock|MockAgent)\b/;

/**
 * The names `text` binds to HTTP mocks, with the usual ones: `with requests_mock.Mocker() as m`,
 * `mocked = aioresponses()`, `const mock = new MockAdapter(axios)`.
 */
export function httpMockNames(text: string): Set<string> {
  const names = new Set(MOCK_NAMES);
  // Spaces and tabs only, never runs of newlines: each pattern stays linear on any text.
  for (const m of text.matchAll(/\bwith[ \t]+([\w.]+)[ \t]*\([^)\n]*\)[ \t]+as[ \t]+(\w+)/g))
    if (MOCK_FACTORY.test(m[1]!)) names.add(m[2]!);
  for (const m of text.matchAll(/\b(\w+)[ \t]*=[ \t]*(?:new[ \t]+)?([\w.]+)[ \t]*\(/g)) if (MOCK_FACTORY.test(m[2]!)) names.add(m[1]!);
  // `import { http, graphql } from 'msw'`, `import fetchMock from 'fetch-mock'`.
  for (const m of text.matchAll(
    /\bimport[ \t]+(?:([\w$]+)[ \t]*(?:,[ \t]*)?)?(?:\{([^}]{0,500})\}[ \t]*)?from[ \t]*['"]([^'"\n]{1,200})['"]/g,
  )) {
    if (!isJsHttpMockPackage(m[3]!)) continue;
    if (m[1]) names.add(m[1]);
    for (const spec of (m[2] ?? '').split(',')) {
      const local = /(?:\bas\s+)?([\w$]+)\s*$/.exec(spec.trim())?.[1];
      if (local) names.add(local);
    }
  }
  return names;
}

/** Methods of those mocks that register a route or a response. */
export const HTTP_MOCK_METHODS =
  'add|get|post|put|patch|delete|head|options|register_uri|add_response|add_callback|route|upsert|replace|any|request|onGet|onPost|onPut|onPatch|onDelete|onAny|mock|intercept|get_url|post_url';

/** Python modules whose request-named functions register fakes (`respx.get(URL)`, `httpretty.register_uri`). */
const PYTHON_MOCK_MODULES = new Set(['respx', 'responses', 'requests_mock', 'aioresponses', 'httpretty', 'pytest_httpx']);

export const isPythonHttpMockModule = (root: string): boolean => PYTHON_MOCK_MODULES.has(root);

/** npm packages whose request-named exports register handlers (`http.get(URL, resolver)` from msw). */
const JS_MOCK_PACKAGES = new Set([
  'msw',
  'msw/node',
  'msw/browser',
  'nock',
  'fetch-mock',
  'jest-fetch-mock',
  'axios-mock-adapter',
  'undici-mock',
]);

export const isJsHttpMockPackage = (source: string): boolean => JS_MOCK_PACKAGES.has(source) || source.startsWith('@mswjs/');
