// Strings that name a path a program answers rather than one it requests: a test's mock server or expectation
// (WireMock, MockServer, WebMock, Go's httpmock, Rust's wiremock and mockito, Laravel's
// Http::fake) and a server's own routes (Spring, Micronaut, JAX-RS and ASP.NET annotations, Go
// handlers). A dbt Cloud API path there is a stub or a receiver, never a call. Only the text
// before the string on its line is read: each of these takes the path as a direct argument.

/** Calls whose argument is a path a test's mock server answers. */
const MOCKED_BY_CALL = new RegExp(
  String.raw`(?:^|[^\w$])(?:` +
    [
      // WireMock (Java, Kotlin, Scala) and WireMock.Net
      'urlEqualTo',
      'urlPathEqualTo',
      'urlMatching',
      'urlPathMatching',
      'urlPathTemplate',
      'WithPath',
      'WithUrl',
      // MockServer
      'withPath',
      // Ruby WebMock
      'stub_request',
      // Go: jarcoal/httpmock
      'RegisterResponder',
      'RegisterRegexpResponder',
      // Rust: wiremock's matchers
      'path_regex',
      // PHP: Laravel's HTTP fake
      String.raw`Http::fake`,
    ].join('|') +
    String.raw`)\s*\((?:[^()\n]*,\s*)?\[?\s*$`,
);

/**
 * A test's expectation: an assertion's argument (`assertEquals("https://…", url)`, `expect(url).toBe("…")`,
 * `url shouldBe "…"`) or a value named as the expected one (`val expectedUrl = "…"`).
 */
const EXPECTED_VALUE =
  /(?:^|[^\w$])(?:assert\w*|verify|expect)\s*\((?:[^()\n]*,\s*)?$|(?:^|[^\w$])(?:shouldBe|shouldEqual|toBe|toEqual|isEqualTo|eq)\s*\(?\s*$|(?:^|[^\w$])expected\w*\s*(?::\s*[\w.<>?]+\s*)?=\s*$/i;

/** Rust: wiremock's `.and(path("/api/..."))` and mockito's `server.mock("GET", "/api/...")`. */
const RUST_MOCKS = /\.and\s*\(\s*path\s*\(\s*$|\.mock\s*\(\s*"[A-Z]+"\s*,\s*$/;

/** Go's handler registrations: `http.HandleFunc("/api/...", ...)`, `mux.HandleFunc(...)`. */
const ROUTED_BY_CALL = /(?:^|[^\w$])HandleFunc\s*\(\s*$/;

/** Route annotations: `@Post("/api/...")`, `@GetMapping(value = "...")`, `@Path("...")`, `[HttpGet("...")]`, `[Route("...")]`. */
const ROUTE_ANNOTATION =
  /(?:@(?:(?:Get|Post|Put|Patch|Delete|Head|Options|Request)(?:Mapping)?|Path|Route)|\[\s*(?:Http(?:Get|Post|Put|Patch|Delete)|Route))\s*\(\s*(?:(?:value|path|uri)\s*=\s*)?\{?\s*$/;

/**
 * Whether the string whose opening quote is at `quoteAt` of the code line `line` is a path a
 * test's mock server answers (`mock`) or one the program itself routes (`route`).
 */
export function servedPathKind(line: string, quoteAt: number): 'mock' | 'route' | undefined {
  const before = line.slice(Math.max(0, quoteAt - 200), quoteAt);
  if (MOCKED_BY_CALL.test(before) || RUST_MOCKS.test(before) || EXPECTED_VALUE.test(before)) return 'mock';
  if (ROUTE_ANNOTATION.test(before) || ROUTED_BY_CALL.test(before)) return 'route';
  return undefined;
}
