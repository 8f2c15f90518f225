import {
  accountIdsInPath,
  isDbtCloudAccountPrefix,
  isDbtCloudBaseUrl,
  recognizeDbtCloudUrl,
  sanitizeUrl,
  splitUrl,
} from '../../../classify/endpoint.js';
import { LineIndex } from '../../../facts/location.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type RawEndpoint, type Span } from '../../../model/raw-facts.js';
import { isDbtTokenInput } from '../../../credentials/names.js';
import { isPlaceholderValue, tokenShapedLiteral } from '../../../credentials/placeholders.js';
import { isDbtTokenName, isSentDbtTokenName } from '../../../credentials/names.js';
import { isAnyTokenShaped, isDbtTokenShaped, isLegacyKeyShaped } from '../../../credentials/token-shapes.js';
import { dbtTokensInText } from '../../../credentials/token-forms.js';
import { envReadOf, envReadsIn } from './env-reads.js';
import { formatArguments, joinedArguments, piecesAfter, piecesBefore, type Piece } from './expressions.js';
import { lex, type StringLiteral, type Syntax } from './lexer.js';
import { servedPathKind } from './served-paths.js';
import { fillPositional, templated, type Placeholder, type Templated } from './placeholders.js';
import type { Family } from './syntaxes.js';
import { literal, render } from '../values/parts.js';
import { schemeWords } from '../../../credentials/auth-schemes.js';
import { cutMessage, MAX_SCANNED_SITES_PER_FILE } from '../../../facts/limits.js';
import { noteCut } from '../../extraction-limits.js';
import { JDBC_SCHEME, semanticLayerJdbcUrl } from '../values/jdbc-url.js';

// The line-level adapter's core, for files no parser-based adapter reads (Go, Java, Kotlin,
// Scala, C#, Ruby, PowerShell, SQL, Makefiles, justfiles, plain YAML) and for YAML a parser
// gave up on. Per line: a dbt Cloud API URL in a string (or, where URLs go unquoted, anywhere)
// is an `http` call site; an `Authorization: Token|Bearer` value or a dbt token env read on
// or near that line is its credential; a complete dbt token literal is a credential site.
// Comments are blanked first, so commented-out calls and documentation links never count, and
// only API paths count, so links to docs.getdbt.com or the dbt Cloud UI are not calls. Paths a
// mock server answers or a server routes (served-paths.ts) are not calls either.

const MAX_LINE = 20_000;
const MAX_SITES = MAX_SCANNED_SITES_PER_FILE;
/** How far from a call its credential may be written: the statement, the request built around it. */
const NEAR = 10;

const UNQUOTED_URL = /(?:https?:\/\/|\{[A-Za-z0-9_/.-]{1,128}\}\/)[^\s"'<>`\\,;)\]]{1,2000}/g;
const AUTH_IN_TEXT = new RegExp(`(?:^|authorization["']?\\s*[:=]\\s*["']?)(${schemeWords('dbt')})(?:\\s+(.*))?$`, 'i');
const AUTH_UNQUOTED = new RegExp(
  `authorization:\\s*(?:${schemeWords('dbt')})\\s+(\\{[A-Za-z0-9_/.-]{1,128}\\}|[A-Za-z0-9_\\-.]{16,512})`,
  'i',
);
const AUTH_WORD = new RegExp(schemeWords('dbt'), 'i');
/** Every env read below names one of these; lines without any skip the read patterns. */
const ENV_HINT = /env|getenv/i;
/** A Go struct field with an env loader's tag: kelseyhightower/envconfig's `envconfig:"X"`, caarlos0/env's `env:"X,required"`. */
const GO_ENV_TAG = /^[ \t]*([A-Z]\w*)[ \t]+[\w.*[\]]+[ \t]+`[^`\n]*\b(?:envconfig|env):"([A-Za-z_][A-Za-z0-9_]*)[",]/;
/**
 * The name the text just before a value assigns it to: `token := `, `$token = `, `"token": `,
 * Kotlin's and Rust's typed `val token: String = `, Go's `token, ok := ` (`os.LookupEnv`), through
 * a cast (`(String) `) or a call that hands the value back unchanged or checks it
 * (`Optional.ofNullable(`, `Objects.requireNonNull(`, `strings.TrimSpace(`).
 */
const ASSIGNED_TO = new RegExp(
  String.raw`\$?([A-Za-z_]\w*)(?:\s*:\s*[A-Za-z_][\w.]*(?:<[\w.<>?, ]{0,80}>)?\??(?=\s*=)|\s*,\s*[A-Za-z_]\w*(?=\s*:?=))?["']?\]?\s*(?::=|\?=|=(?!=)|:(?!:)|=>|<-)\s*(?:\(\s*\w+\s*\)\s*)?` +
    String.raw`(?:(?:Optional\.ofNullable|Optional\.of|Objects\.requireNonNull|requireNonNull|Preconditions\.checkNotNull|checkNotNull|strings\.TrimSpace|String\.valueOf)\s*\(\s*)?$`,
);
/** A name given what a format call makes of its pattern: `baseURL: fmt.Sprintf("…/accounts/%d", accountID)`, `String.format(…)`. */
const FORMAT_ASSIGNED =
  /\$?([A-Za-z_][\w]*)["']?\]?\s*(?::=|=(?!=)|:(?!:)|=>)\s*(?:fmt\.Sprintf|String\.format|string\.Format|sprintf|format!|format)\s*\(\s*$/;

export interface LineScanOptions {
  family: Family;
  syntax: Syntax;
  /** 1-based lines read by another adapter (the Python of a SQL procedure). */
  skipLine?: (line: number) => boolean;
  /**
   * Configuration files: a URL is a `config` site (what the configured program calls) unless its
   * line runs an HTTP client itself (a CI `run:` line read after the YAML failed to parse).
   */
  configFile?: boolean;
  /**
   * Whether a one-line string whose opening quote is at `quoteAt` of `line` is where a request
   * is made. SQL strings are mostly data (`'https://…' || id` as a link column): there only an
   * argument of an HTTP-ish function counts.
   */
  isRequestArgument?: (line: string, quoteAt: number) => boolean;
  /**
   * What any fact needs in the code: a file that has it only in comments (a doc comment's link,
   * a generated client's header) has no facts, and is not read past the lexer.
   */
  needs?: (code: string) => boolean;
  /**
   * The file is a dbt Cloud client by its package or folder name (`package dbt_cloud`,
   * `pkg/dbtcloud/`): its `{host}/v2/accounts/…` URLs are built on a dbt Cloud base set elsewhere.
   */
  dbtCloudModule?: boolean;
}

const HTTP_CLIENT = /\b(?:curl|wget|https?|xh|Invoke-RestMethod|Invoke-WebRequest|irm|iwr)\s/i;
/** A name or key that holds a command's help or usage text, just before the text's opening quote. */
export const HELP_TEXT_OWNER =
  /(?:^|[\s{(,.])(?:Long|Short|Example|Examples|Usage|UsageText|usage|usageText|Description|description|help|Help|helpText|HelpText)["']?\s*(?::=|=|:)\s*(?:[\w.]+\s*\(\s*)?$/;

/**
 * Whether an HTTP client sends the URL on `line` (1-based): named on that line, or on the line
 * above when the URL continues its command (a YAML folded block, `curl … \` then the URL).
 */
function requestedOn(lines: readonly string[], line: number): boolean {
  if (HTTP_CLIENT.test(lines[line - 1] ?? '')) return true;
  const above = lines[line - 2] ?? '';
  const indent = (l: string): number => l.length - l.trimStart().length;
  return CONTINUED_CLIENT.test(above) && indent(lines[line - 1] ?? '') >= indent(above) && !/^\s*-\s/.test(lines[line - 1] ?? '');
}

/** A client command whose URL may follow on the next line: a command word, not httpie's `http`, which prose uses too ("over HTTPS at"). */
const CONTINUED_CLIENT = /(?:^|[\s;&|(`"'>-])(?:curl|wget|xh|Invoke-RestMethod|Invoke-WebRequest)\s/;

/** A client builder's base URL setter, just before the URL: `.baseUrl(`, `SetBaseURL(`, `base_uri `, `BaseAddress = new Uri(`. */
export const BUILDER_BASE =
  /(?:\bbaseUrl|\bbaseURL|\bBaseUrl|\bbase_url|\bSetBaseURL|\bSetHostURL|\bbase_uri|\bBaseAddress|\bsetBaseUrl|\bbaseUri|\bprefixUrl)["']?\s*(?:\(|=>?|:)?\s*(?:new\s+(?:Uri|URI|URL)\s*\(\s*)?$/;
/** A path a request gives relative to its client's base: one of dbt Cloud's resources first. */
const RESOURCE_PATH =
  /^\/?(?:accounts|jobs|runs|projects|environments|users|groups|connections|credentials|repositories|service-tokens|webhooks|notifications|invites|whoami|licenses|audit-logs)(?:\/|\?|$)/i;

interface Symbol {
  /** The variable holds this env var. */
  env?: string;
  /** The variable holds this literal. */
  literal?: string;
  span: Span;
}

interface Candidate {
  line: number;
  column: number;
  url: string;
}

interface LineCredential {
  line: number;
  credential: RawCredential;
  /** From an Authorization header (stronger than an env read on the same line). */
  auth: boolean;
  /** A dbt-named token, acceptable even far from the call. */
  dbtNamed: boolean;
}

export function scanLinesForFacts(text: string, opts: LineScanOptions): FileFacts {
  const facts = emptyFacts();
  const { code, strings } = lex(text, opts.syntax);
  if (opts.needs && code !== text && !opts.needs(code)) return facts;
  const index = new LineIndex(text);
  const lines = code.split('\n');
  const lineStart: number[] = [];
  for (let i = 0, off = 0; i < lines.length; i++) {
    lineStart.push(off);
    off += lines[i]!.length + 1;
  }
  const skip = (line: number): boolean => opts.skipLine?.(line) === true || (lines[line - 1]?.length ?? 0) > MAX_LINE;
  const stringsByLine = new Map<number, StringLiteral[]>();
  for (const s of strings) {
    const line = index.at(s.start).line;
    if (skip(line)) continue;
    const list = stringsByLine.get(line) ?? [];
    list.push(s);
    stringsByLine.set(line, list);
  }
  const symbols = readSymbols(text, code, lines, lineStart, strings, index, skip, opts.family);
  const dbtBases = new Map<string, string>();
  /** Where a constant holding the account collection is set (line to value), when the code names it elsewhere. */
  const accountsBaseLines = new Map<number, string>();
  for (const [name, s] of symbols) {
    if (s.literal === undefined) continue;
    if (isDbtCloudBaseUrl(s.literal)) dbtBases.set(name, s.literal);
    // `BASE = "https://cloud.getdbt.com/api/v2/accounts/"` then `BASE + accountId + "/runs/"`: a base, not a listing.
    else if (isDbtCloudAccountPrefix(s.literal) && usedOnAnotherLine(name, s.span.line, lines)) {
      dbtBases.set(name, s.literal);
      accountsBaseLines.set(s.span.line, s.literal.replace(/\/+$/, ''));
    }
  }
  // dbt Cloud base URLs written as strings; most strings are no URL, and only those with a scheme are parsed as one.
  const baseLiterals: string[] = [];
  for (const s of strings) {
    if (s.end - s.start >= 300) continue;
    const raw = text.slice(s.start, s.end);
    if (raw.includes('://') && isDbtCloudBaseUrl(raw)) baseLiterals.push(raw);
  }
  const fileHasDbtBase = dbtBases.size > 0 || baseLiterals.length > 0;
  // In the code's strings, not a comment's: the header a request sends.
  const sendsPartnerHeader = strings.some(
    (s) => s.end - s.start < 40 && /^["'`]?x-dbt-partner-source["'`]?$/i.test(text.slice(s.start, s.end)),
  );
  // The one versioned API base the file gives a client (`BaseAddress = new Uri("https://cloud.getdbt.com/api/v2/")`,
  // Guzzle's `base_uri`): a relative path (`"accounts/1/jobs/"`) is resolved against it.
  const versionedBases = new Set(
    [...baseLiterals, ...dbtBases.values()].map((b) => b.replace(/\/+$/, '')).filter((b) => /\/api\/v[234]$/i.test(b)),
  );
  const relativeBase = versionedBases.size === 1 ? [...versionedBases][0] : undefined;
  // The one dbt Cloud base the file gives a client builder (Spring's `WebClient.builder().baseUrl(…)`,
  // resty's `SetBaseURL(…)`, HTTParty's `base_uri …`): a resource path a request gives (`.uri("/jobs/{id}/run/")`) is under it.
  const builderBases = new Map<number, string>();
  for (const s of strings) {
    if (s.end - s.start >= 300) continue;
    const raw = text.slice(s.start, s.end);
    if (!raw.includes('://') || !(isDbtCloudBaseUrl(raw) || isDbtCloudAccountPrefix(raw))) continue;
    const at = index.at(s.start);
    const col0 = at.column - 1 - s.quote.length;
    if (!skip(at.line) && BUILDER_BASE.test(lines[at.line - 1]!.slice(Math.max(0, col0 - 80), col0)))
      builderBases.set(at.line, raw.replace(/\/+$/, ''));
  }
  const clientBases = new Set(builderBases.values());
  const clientBase = clientBases.size === 1 ? [...clientBases][0] : undefined;
  // The base's own line is no request once a path is appended to it.
  if (clientBase) for (const [line, base] of builderBases) if (isDbtCloudAccountPrefix(base)) accountsBaseLines.set(line, base);

  const candidates: Candidate[] = [];
  const jdbcSites: RawCallSite[] = [];
  const creds: LineCredential[] = [];
  for (const s of strings) {
    const at = index.at(s.start);
    if (skip(at.line)) continue;
    const raw = text.slice(s.start, s.end);
    if (raw.includes('\n')) {
      // A command's help text (cobra's `Long: \`…\``, `const usage = \`…\``) shows examples to a reader; it calls nothing.
      if (HELP_TEXT_OWNER.test(lines[at.line - 1]!.slice(0, Math.max(0, at.column - 1 - s.quote.length)))) continue;
      // A multi-line string (raw string, SQL body): its lines are read as unquoted text.
      raw.split('\n').forEach((l, k) => {
        if (!skip(at.line + k)) unquotedCandidates(l, at.line + k, k === 0 ? at.column : 1, opts.family, candidates);
      });
      continue;
    }
    // Cheap tests first: most strings in a file are neither URLs, nor auth values, nor tokens.
    const urlish = raw.includes('/');
    const authish = AUTH_WORD.test(raw);
    if (raw.length >= 40)
      literalSite(raw, lines[at.line - 1]!, at.column - 1 - s.quote.length, { line: at.line, column: at.column }, facts);
    if (!urlish && !authish) continue;
    const codeLine = lines[at.line - 1]!;
    const col0 = at.column - 1;
    let t = templated(raw, opts.family);
    if (t.placeholders.some((p) => p.positional)) t = fillPositional(t, formatArguments(codeLine, col0 + raw.length + s.quote.length));
    const closeAt = col0 + raw.length + s.quote.length;
    const joined = urlish ? joinedArguments(codeLine, col0 - s.quote.length, closeAt) : undefined;
    const url = urlish
      ? urlOf(
          t,
          joined?.before ?? piecesBefore(codeLine, col0 - s.quote.length),
          joined?.after ?? piecesAfter(codeLine, closeAt),
          dbtBases,
          relativeBase,
          clientBase,
        )
      : undefined;
    const quoteAt = col0 - s.quote.length;
    if (url && (!opts.isRequestArgument || opts.isRequestArgument(codeLine, quoteAt)) && !servedPathKind(codeLine, quoteAt))
      candidates.push({ line: at.line, column: at.column, url });
    if (urlish && JDBC_SCHEME.test(raw)) {
      const site = jdbcSite(t, joined?.after ?? piecesAfter(codeLine, closeAt), symbols, { line: at.line, column: at.column });
      if (site) jdbcSites.push(site);
    }
    const auth = authish
      ? authCredential(t, codeLine, col0 + raw.length + s.quote.length, symbols, { line: at.line, column: at.column })
      : undefined;
    if (auth)
      creds.push({ line: at.line, credential: auth, auth: true, dbtNamed: auth.name !== undefined && isSentDbtTokenName(auth.name) });
  }
  lines.forEach((l, i) => {
    const line = i + 1;
    if (skip(line)) return;
    if (opts.syntax.unquotedUrls) {
      unquotedCandidates(l, line, 1, opts.family, candidates);
      const t = templated(l, opts.family);
      const m = AUTH_UNQUOTED.exec(t.text);
      if (m) {
        const credential = fromReference(m[1]!, t.placeholders, symbols, { line, column: m.index + 1 });
        if (credential)
          creds.push({ line, credential, auth: true, dbtNamed: credential.name !== undefined && isSentDbtTokenName(credential.name) });
      }
    }
    if (!ENV_HINT.test(l)) return;
    for (const r of envReadsIn(l)) {
      if (!isDbtTokenInput(r.name, true)) continue;
      creds.push({
        line,
        credential: { source: 'env', name: r.name, span: { line, column: r.start + 1 } },
        auth: false,
        dbtNamed: isDbtTokenName(r.name),
      });
    }
  });

  const seenLines = new Set<number>();
  // The account collection set as a constant is a listing unless a request elsewhere appends a path to it.
  const appendedTo = (line: number, url: string): boolean => {
    const base = accountsBaseLines.get(line);
    return (
      base !== undefined &&
      isDbtCloudAccountPrefix(url) &&
      candidates.some((o) => o.line !== line && o.url.startsWith(`${base}/`) && o.url.length > base.length + 1)
    );
  };
  for (const c of candidates.sort((a, b) => a.line - b.line || a.column - b.column)) {
    if (seenLines.has(c.line) || appendedTo(c.line, c.url)) continue;
    const endpoint = endpointOf(c.url, fileHasDbtBase, opts.dbtCloudModule === true, sendsPartnerHeader);
    if (!endpoint) continue;
    if (facts.callSites.length >= MAX_SITES) {
      noteCut(cutMessage('dbt Cloud call sites found line by line', MAX_SITES, undefined, `the first kept, none after line ${c.line - 1}`));
      break;
    }
    seenLines.add(c.line);
    const requested = !opts.configFile || requestedOn(lines, c.line);
    // In YAML, a URL continuing the command above (a folded block) is that command's request, reported at the command.
    const clientAbove =
      opts.configFile && requested && !HTTP_CLIENT.test(lines[c.line - 1]!) ? CONTINUED_CLIENT.exec(lines[c.line - 2]!) : null;
    const span = clientAbove
      ? { line: c.line - 1, column: lines[c.line - 2]!.search(/\b(?:curl|wget|xh|Invoke-RestMethod|Invoke-WebRequest)\b/) + 1 }
      : { line: c.line, column: c.column };
    if (clientAbove) seenLines.add(c.line - 1);
    const site: RawCallSite = { kind: requested ? 'http' : 'config', span, endpoint };
    const ids = accountIdsInPath(endpoint.path);
    if (ids.length > 0) site.accountIds = ids;
    facts.callSites.push(site);
  }
  for (const site of jdbcSites) {
    if (seenLines.has(site.span.line) || facts.callSites.length >= MAX_SITES) continue;
    seenLines.add(site.span.line);
    facts.callSites.push(site);
  }
  facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  attachCredentials(facts.callSites, creds, (line) => AUTH_FROM_FILE.test(lines[line - 1] ?? ''));
  return facts;
}

/**
 * A Semantic Layer JDBC URL in a string (`"jdbc:arrow-flight-sql://semantic-layer.cloud.getdbt.com:443?environmentId=1&token=" +
 * System.getenv("DBT_SL_SERVICE_TOKEN")`, a template's `token=${…}`): a connection to the Semantic Layer, its token what
 * follows `token=`.
 */
function jdbcSite(t: Templated, after: Piece[], symbols: ReadonlyMap<string, Symbol>, span: Span): RawCallSite | undefined {
  const text = t.text + render(after);
  const jdbc = semanticLayerJdbcUrl(text);
  if (!jdbc) return undefined;
  const site: RawCallSite = {
    kind: 'sdk',
    span,
    client: 'arrow-flight-sql',
    endpoint: { host: jdbc.host.startsWith('{') ? jdbc.host : jdbc.host.toLowerCase(), url: sanitizeUrl(jdbc.url) },
  };
  if (!jdbc.token) return site;
  const token = jdbc.token.text;
  if (token !== '') site.credential = fromReference(token, t.placeholders, symbols, span) ?? { source: 'unknown', span };
  else {
    // Concatenated after the literal: `…&token=" + System.getenv("X")`.
    const piece = after[0];
    if (piece?.kind === 'reference') site.credential = { source: piece.source, name: piece.name, span };
    else if (piece?.kind === 'unknown') site.credential = resolveName(piece.name, symbols, span);
  }
  return site;
}

/**
 * A request whose headers come from a file or curl's config (`--header @.dbt-headers`, `-K
 * auth.cfg`, `--netrc`): its token is in that file, not any the text shows nearby.
 */
const AUTH_FROM_FILE = /(?:^|\s)(?:-H|--header)[ \t]*=?[ \t]*["']?@|(?:^|\s)--netrc(?:-file|-optional)?\b|(?:^|\s)(?:-K|--config)[ \t=]/;

/** A dbt Cloud API endpoint, not a bare base URL (`https://cloud.getdbt.com/api/v2`) nor a UI link. */
function endpointOf(url: string, fileHasDbtBase: boolean, dbtCloudModule: boolean, partnerHeader: boolean): RawEndpoint | undefined {
  const { host, path } = splitUrl(url);
  const placeholderHost = host === undefined || /^\{[^{}]*\}$/.test(host);
  // A file that names a dbt Cloud base URL builds its calls on it: `{}/v2/accounts/…` counts; so
  // does a dbt Cloud client's API path on a base its package is given elsewhere (`{}/v2/whoami/`,
  // the private API's `{}/private/accounts/…`), and an API path of a file whose requests send dbt
  // Cloud's partner header (`.header("X-dbt-partner-source", …)`), which only dbt Cloud's clients send.
  const hostIsDbt =
    placeholderHost &&
    (((fileHasDbtBase || partnerHeader) && /^\/(?:api\/)?v[234]\/|^\/(?:api\/|beta\/)?graphql\/?$/.test(path)) ||
      (dbtCloudModule && host !== undefined && /^\/(?:api\/)?(?:v[234]|private)\/[a-z]/.test(path)));
  const endpoint = recognizeDbtCloudUrl(url, hostIsDbt ? { hostIsDbt } : {});
  if (!endpoint) return undefined;
  if (!placeholderHost && isDbtCloudBaseUrl(url) && !/(^|\.)(metadata|semantic-layer)\./i.test(host!)) return undefined;
  if (
    placeholderHost &&
    !/^\/(?:api|v[234]|(?:beta\/)?graphql)/.test(path) &&
    !(hostIsDbt && dbtCloudModule && path.startsWith('/private/'))
  )
    return undefined;
  return endpoint;
}

/** The URL a string literal builds with what is concatenated around it. */
function urlOf(
  t: Templated,
  before: Piece[],
  after: Piece[],
  dbtBases: ReadonlyMap<string, string>,
  relativeBase: string | undefined,
  clientBase: string | undefined,
): string | undefined {
  // A leading `{base}` placeholder filled from a variable that holds a dbt Cloud base URL.
  let text = t.text.replace(/^\{([A-Za-z0-9_.-]+)\}/, (m, name: string) => dbtBases.get(name) ?? m);
  // A resource path on the client the file builds on a dbt Cloud base.
  if (clientBase && before.length === 0 && RESOURCE_PATH.test(text)) text = `${clientBase}/${text.replace(/^\//, '')}`;
  // `"api/v2/accounts/…"`, relative to the HTTP client's base address (C#'s HttpClient.BaseAddress).
  if (/^api\/v[234]\/accounts\//i.test(text) && before.length === 0) text = `/${text}`;
  // `"accounts/1/jobs/"` relative to the file's versioned base (`…/api/v2/`): no leading slash, so the base's path stays.
  else if (relativeBase && before.length === 0 && /^accounts\/[^/\s]+\/[a-z]/i.test(text)) text = `${relativeBase}/${text}`;
  // A path after a variable that holds a dbt Cloud base URL (`baseURL + "/accounts/1/jobs/"`, `BASE + accountId + "/runs/"`) is that API's.
  const firstName = before.find((p) => p.kind !== 'literal');
  const afterDbtBase = firstName !== undefined && 'name' in firstName && dbtBases.has(firstName.name);
  if (!/https?:\/\/|\/(?:api|graphql|v[234]|private\/accounts)\b/i.test(text) && !(afterDbtBase && /^\/?[a-z]/i.test(text)))
    return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const base = (p: Piece): Piece => {
      const known = p.kind === 'literal' ? undefined : dbtBases.get(p.name);
      return known === undefined ? p : literal(known);
    };
    text = render(before.map(base)) + text;
  }
  text += render(after);
  const start = text.search(/[a-z][a-z0-9+.-]*:\/\/|\{[^{}/]*\}\/|\//i);
  if (start < 0 || !requestContext(text.slice(0, start))) return undefined;
  // A base kept with its slash, joined to a path written with one (`BASE + "/runs/"`).
  return text.slice(start).replace(/([^:/])\/{2,}/g, '$1/');
}

/** Whether `name` is written on a line of the code other than `line` (1-based). */
function usedOnAnotherLine(name: string, line: number, lines: readonly string[]): boolean {
  const word = new RegExp(`(?<![\\w$])\\$?${name.replace(/[$]/g, '\\$&')}(?![\\w])`);
  return lines.some((l, i) => i + 1 !== line && l.includes(name) && word.test(l));
}

/** What may come before a URL that is called: nothing, a key or assignment, an HTTP client or method. */
const ASSIGNMENT_PREFIX =
  /^\s*(?:(?:export|const|let|var|val|final|local|my|set|String|string)\s+)*(?:-\s+)?(?:[\w.$-]+\s*(?::=|\?=|\+=|=|:)\s*)?["']?$/;
const METHOD_PREFIX = /^\s*(?:GET|POST|PUT|PATCH|DELETE)\s+$/;
const URL_OPTION = /(?:^|\s)(?:-Uri|--url|-URL)\s*["']?$/i;

/** Prose (`"see https://…"`, a description) is not a request; a URL at the start of its value or after a client is. */
function requestContext(before: string): boolean {
  return ASSIGNMENT_PREFIX.test(before) || METHOD_PREFIX.test(before) || URL_OPTION.test(before) || HTTP_CLIENT.test(before);
}

function unquotedCandidates(l: string, line: number, column: number, family: Family, out: Candidate[]): void {
  if (!/\/\/|\/api\/|graphql/i.test(l)) return;
  const t = templated(l, family);
  for (const m of t.text.matchAll(UNQUOTED_URL)) {
    if (!requestContext(t.text.slice(0, m.index))) continue;
    // The column of the text before templating is not tracked exactly; the URL's start in the
    // original line is close enough when no template came before it.
    const original = l.indexOf(m[0].slice(0, 12));
    out.push({ line, column: column + (original >= 0 ? original : m.index), url: m[0] });
  }
}

/** `Token {x}`, `Bearer ` + x, `Token dbtc_…`: the credential an Authorization value names. */
function authCredential(
  t: Templated,
  codeLine: string,
  afterQuote: number,
  symbols: ReadonlyMap<string, Symbol>,
  span: Span,
): RawCredential | undefined {
  const m = AUTH_IN_TEXT.exec(t.text.trim());
  if (!m) return undefined;
  const rest = (m[2] ?? '').trim();
  if (rest !== '') return fromReference(rest, t.placeholders, symbols, span);
  // `"Token " + token`, `"Bearer " . $token`, `AuthenticationHeaderValue("Token", token)`.
  const right = /^\s*(?:\+|\.\.|\.(?=\s)|&|<>|,)\s*(.{1,200})/.exec(codeLine.slice(afterQuote));
  if (!right) return undefined;
  const expr = right[1]!;
  const env = envReadOf(expr);
  if (env) return { source: 'env', name: env, span };
  const id = /^\$?([A-Za-z_][\w]*(?:(?:\.|->|::|\?\.)[A-Za-z_]\w*)*)/.exec(expr);
  if (!id) return undefined;
  const name = id[1]!.split(/\.|->|::|\?\./).pop()!;
  return resolveName(name, symbols, span);
}

/** What `{name}` or a literal after an auth scheme stands for. */
function fromReference(
  ref: string,
  placeholders: readonly Placeholder[],
  symbols: ReadonlyMap<string, Symbol>,
  span: Span,
): RawCredential | undefined {
  const p = /^\{([^{}]*)\}/.exec(ref);
  if (p) {
    const name = p[1]!;
    if (name === '') return undefined;
    // `{dbtc_…}` is a token someone wrapped in braces, not a name to print.
    if (isAnyTokenShaped(name)) return { source: 'literal', value: name, span };
    const ph = placeholders.find((x) => x.name === name);
    if (ph && ph.source !== 'variable') return { source: ph.source, name, span };
    return resolveName(name, symbols, span);
  }
  const value = ref.replace(/["'`;,)]+$/, '');
  if (/\s/.test(value) || value.includes('{') || !tokenShapedLiteral(value)) return undefined;
  return { source: 'literal', value, span };
}

/** What a variable holds; a credential read into it is placed where it is read, as a literal is where it is written. */
function resolveName(name: string, symbols: ReadonlyMap<string, Symbol>, span: Span): RawCredential {
  const s = symbols.get(name);
  if (s?.env) return { source: 'env', name: s.env, span: s.span };
  if (s?.literal !== undefined && !isPlaceholderValue(s.literal) && tokenShapedLiteral(s.literal))
    return { source: 'literal', name, value: s.literal, span: s.span };
  return { source: 'variable', name, span };
}

/** A committed token written in a string: a credential site, named after the variable it is assigned to. */
function literalSite(raw: string, codeLine: string, quoteAt: number, span: Span, facts: FileFacts): void {
  const value = raw.trim();
  const assigned = ASSIGNED_TO.exec(codeLine.slice(Math.max(0, quoteAt - 200), quoteAt))?.[1];
  const named = assigned !== undefined && isDbtTokenName(assigned);
  if (isDbtTokenShaped(value) || (named && isLegacyKeyShaped(value))) {
    facts.credentialSites.push({
      span,
      credential: { source: 'literal', value, span: { ...span }, ...(assigned ? { name: assigned } : {}) },
    });
    return;
  }
  // A token inside a longer string: `"Token dbtc_…"`.
  for (const m of dbtTokensInText(raw)) {
    const at = { line: span.line, column: span.column + m.index };
    facts.credentialSites.push({ span: at, credential: { source: 'literal', value: m.value, span: { ...at } } });
  }
}

/** Variables assigned an env read or a string literal anywhere in the file (one level, by name). */
function readSymbols(
  text: string,
  code: string,
  lines: readonly string[],
  lineStart: readonly number[],
  strings: readonly StringLiteral[],
  index: LineIndex,
  skip: (line: number) => boolean,
  family: Family,
): Map<string, Symbol> {
  const symbols = new Map<string, Symbol>();
  lines.forEach((l, i) => {
    if (skip(i + 1) || !ENV_HINT.test(l)) return;
    for (const r of envReadsIn(l)) {
      const name = ASSIGNED_TO.exec(l.slice(Math.max(0, r.start - 200), r.start))?.[1];
      if (name && !symbols.has(name)) symbols.set(name, { env: r.name, span: { line: i + 1, column: r.start + 1 } });
    }
    // A Go struct field an env loader fills (`DbtToken string \`envconfig:"DBT_CLOUD_PAT"\``, caarlos0's `env:"X"`).
    const tagged = GO_ENV_TAG.exec(l);
    if (tagged && !symbols.has(tagged[1]!)) symbols.set(tagged[1]!, { env: tagged[2]!, span: { line: i + 1, column: tagged.index + 1 } });
  });
  for (const s of strings) {
    // Only what a symbol is used for: a dbt Cloud base URL, a token-shaped literal.
    if (s.end - s.start > 4096 || s.end - s.start < 16) continue;
    const raw = text.slice(s.start, s.end);
    if (!raw.includes('://') && !tokenShapedLiteral(raw)) continue;
    const at = index.at(s.start);
    if (skip(at.line)) continue;
    const before = code.slice(Math.max(lineStart[at.line - 1]!, s.start - s.quote.length - 200), s.start - s.quote.length);
    const name = ASSIGNED_TO.exec(before)?.[1];
    if (name && !symbols.has(name)) symbols.set(name, { literal: raw, span: { line: at.line, column: at.column } });
    const formatted = name ? undefined : FORMAT_ASSIGNED.exec(before)?.[1];
    if (formatted && !symbols.has(formatted)) {
      // The pattern's `%d` filled with the arguments' names: `…/accounts/{accountID}`.
      const closeAt = at.column - 1 + raw.length + s.quote.length;
      const filled = fillPositional(templated(raw, family), formatArguments(lines[at.line - 1]!, closeAt));
      symbols.set(formatted, { literal: filled.text, span: { line: at.line, column: at.column } });
    }
  }
  return symbols;
}

/**
 * Each call takes the nearest credential: an Authorization value within NEAR lines first, then
 * a token env read. A file with one credential in all (a client that sets its header once) gives
 * it to calls that have none nearby.
 */
function attachCredentials(sites: RawCallSite[], creds: readonly LineCredential[], authFromFile: (line: number) => boolean): void {
  if (sites.length === 0 || creds.length === 0) return;
  const identity = (c: RawCredential): string => `${c.source}\u0000${c.name ?? ''}\u0000${c.value ?? ''}`;
  const auths = creds.filter((c) => c.auth);
  const pool = auths.length > 0 ? auths : creds.filter((c) => c.dbtNamed);
  const distinct = new Set(pool.map((c) => identity(c.credential)));
  const only = distinct.size === 1 ? pool[0]!.credential : undefined;
  const byLine = new Map<number, LineCredential[]>();
  for (const c of creds) {
    const list = byLine.get(c.line) ?? [];
    list.push(c);
    byLine.set(c.line, list);
  }
  const siteLines = new Set(sites.map((s) => s.span.line));
  /**
   * The nearest credential of a kind, looking outwards from the call's line (after before, at
   * equal distance). A credential on another call's own line is that call's: taken only when
   * nothing else is near.
   */
  const near = (line: number, auth: boolean, othersToo: boolean): LineCredential | undefined => {
    for (let d = 0; d <= NEAR; d++) {
      for (const l of d === 0 ? [line] : [line + d, line - d]) {
        if (d > 0 && !othersToo && siteLines.has(l)) continue;
        const hit = byLine.get(l)?.find((c) => c.auth === auth);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  for (const site of sites) {
    if (authFromFile(site.span.line)) continue;
    const line = site.span.line;
    const found = near(line, true, false) ?? near(line, false, false) ?? near(line, true, true) ?? near(line, false, true);
    const credential = found?.credential ?? only;
    if (credential) site.credential = { ...credential, ...(credential.span ? { span: { ...credential.span } } : {}) };
  }
}
