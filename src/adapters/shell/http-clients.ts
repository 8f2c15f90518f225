import { accountIdsInPath, isDbtCloudId } from '../../classify/endpoint.js';
import { isAmbiguousDbtTokenName, isSentDbtTokenName } from '../../credentials/names.js';
import { isDbtTokenShaped } from '../../credentials/token-shapes.js';
import { toEndpoint } from '../shared/values/endpoint.js';
import { literalText } from '../shared/values/parts.js';
import type { RawCallSite, RawCredential } from '../../model/raw-facts.js';
import { authorizationToken, basicAuthSecret, credentialOf } from './credentials.js';
import type { CommandContext, Invocation, OptionSpec } from './invocation.js';
import { parseOptions } from './invocation.js';
import type { Word } from './words.js';

// curl, wget and httpie command lines that call a dbt Cloud API.

/** What a command line says about its request, before variables are resolved. */
interface Request {
  client: string;
  urls: Word[];
  method?: string;
  /** Header words (`Authorization: Token $X`). */
  headers: Word[];
  /** `--oauth2-bearer X`, httpie `-A bearer -a X`. */
  bearer?: Word;
  /** `-u user:password` and friends. */
  basic?: Word;
  /** The body holds the `cause` a dbt Cloud job run is triggered with (`-d '{"cause": "nightly"}'`). */
  triggersJobRun?: true;
}

function callSitesOf(req: Request, inv: Invocation, ctx: CommandContext): RawCallSite[] {
  const out: RawCallSite[] = [];
  let credential: RawCredential | undefined;
  let credentialDone = false;
  const credentialOnce = (): RawCredential | undefined => {
    if (credentialDone) return credential;
    credentialDone = true;
    for (const h of req.headers) {
      const token = authorizationToken(ctx.scope.resolve(h, inv.at));
      if (token) return (credential = credentialOf(token, ctx.pos));
    }
    if (req.bearer) return (credential = credentialOf(ctx.scope.resolve(req.bearer, inv.at), ctx.pos));
    if (req.basic) return (credential = credentialOf(basicAuthSecret(ctx.scope.resolve(req.basic, inv.at)), ctx.pos));
    return undefined;
  };
  for (const u of req.urls) {
    const endpoint = toEndpoint(ctx.scope.resolve(u, inv.at));
    if (!endpoint) continue;
    if (req.method) endpoint.method = req.method;
    const site: RawCallSite = { kind: 'http', span: ctx.pos.span(inv.at), endpoint, client: req.client };
    const cred = credentialOnce();
    if (cred) site.credential = cred;
    const ids = accountIdsInPath(endpoint.path);
    if (ids.length > 0) site.accountIds = ids;
    else {
      // `for account in 51798 61234; do curl …/accounts/${account}/jobs/`: each account the loop visits.
      const loopVar = /\/accounts\/\{([A-Za-z_]\w*)\}(?:\/|$)/.exec(endpoint.path ?? '')?.[1];
      const visited = loopVar ? ctx.scope.loopValuesAt(loopVar, inv.at) : undefined;
      if (visited?.every(isDbtCloudId)) site.accountIds = [...visited];
    }
    out.push(site);
  }
  if (out.length === 0 && req.urls.length > 0 && req.urls.every((u) => onlyReadsNamedValues(ctx.scope.resolve(u, inv.at)))) {
    const site = req.basic === undefined || req.headers.length > 0 || req.bearer ? tokenOnlySite(req, credentialOnce()) : undefined;
    if (site) out.push({ ...site, span: ctx.pos.span(inv.at) });
  }
  return out;
}

/**
 * A URL read whole from named variables or secrets: nothing of it is written in the command, and
 * nothing is a function's argument (`"$1"`, `"$@"`: its callers' words, read at each call).
 */
const onlyReadsNamedValues = (url: Word): boolean =>
  url.length > 0 && url.every((p) => (p.kind === 'literal' ? p.text.trim() === '' : p.kind !== 'unknown' || p.name !== undefined));

/**
 * A request to a URL the script only reads (`"$JOB_URL"`, `${{ secrets.DBT_JOB_RUN_URL }}`) whose
 * `Authorization: Token …` header sends a dbt-named token or a dbt token literal: a dbt Cloud call
 * all the same, without an endpoint. A name dbt Core also gives a warehouse token (`DBT_TOKEN`)
 * counts only with a job run's `cause` in the body.
 */
function tokenOnlySite(req: Request, credential: RawCredential | undefined): Omit<RawCallSite, 'span'> | undefined {
  if (!credential) return undefined;
  const dbt =
    credential.source === 'literal'
      ? isDbtTokenShaped(credential.value?.trim() ?? '')
      : credential.name !== undefined &&
        isSentDbtTokenName(credential.name) &&
        (!isAmbiguousDbtTokenName(credential.name) || req.triggersJobRun === true);
  if (!dbt) return undefined;
  return { kind: 'http', credential, client: req.client };
}

const JOB_RUN_CAUSE = /["']?cause["']?\s*[:=]/;
const bodyTriggersJobRun = (v: Word | undefined): boolean =>
  v !== undefined && JOB_RUN_CAUSE.test(literalText(v) ?? v.map((p) => (p.kind === 'literal' ? p.text : ' ')).join(''));

const upper = (w: Word | undefined): string | undefined => (w ? literalText(w)?.toUpperCase() : undefined);

const CURL: OptionSpec = {
  shortWithValue: new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'),
  longWithValue: new Set([
    '--header',
    '--user',
    '--request',
    '--url',
    '--data',
    '--data-raw',
    '--data-binary',
    '--data-urlencode',
    '--data-ascii',
    '--json',
    '--form',
    '--form-string',
    '--output',
    '--output-dir',
    '--write-out',
    '--user-agent',
    '--referer',
    '--cookie',
    '--cookie-jar',
    '--connect-timeout',
    '--max-time',
    '--retry',
    '--retry-delay',
    '--retry-max-time',
    '--config',
    '--cacert',
    '--capath',
    '--cert',
    '--cert-type',
    '--key',
    '--key-type',
    '--upload-file',
    '--proxy',
    '--proxy-user',
    '--range',
    '--resolve',
    '--connect-to',
    '--oauth2-bearer',
    '--dump-header',
    '--limit-rate',
    '--max-filesize',
    '--interface',
    '--dns-servers',
    '--continue-at',
    '--time-cond',
    '--expect100-timeout',
    '--keepalive-time',
    '--local-port',
    '--max-redirs',
    '--netrc-file',
    '--pass',
    '--pinnedpubkey',
    '--preproxy',
    '--proxy-header',
    '--speed-limit',
    '--speed-time',
    '--trace',
    '--trace-ascii',
    '--variable',
    '--aws-sigv4',
    '--ciphers',
    '--tls-max',
    '--unix-socket',
    '--stderr',
    '--url-query',
    '--request-target',
    '--parallel-max',
    '--retry-connrefused-delay',
    '--noproxy',
    '--proto',
    '--proto-redir',
    '--login-options',
    '--sasl-authzid',
    '--happy-eyeballs-timeout-ms',
    '--create-file-mode',
  ]),
};
const CURL_DATA = /^(-d|-F|--data.*|--form.*|--json)$/;

function curlRequest(inv: Invocation): Request {
  const { options, positionals } = parseOptions(inv.args, CURL);
  const req: Request = { client: 'curl', urls: [...positionals], headers: [] };
  let explicit: string | undefined;
  let data = false;
  let get = false;
  let head = false;
  let upload = false;
  for (const o of options) {
    const v = o.value;
    if (o.name === '-H' || o.name === '--header') {
      if (v) req.headers.push(v);
    } else if (o.name === '--url') {
      if (v) req.urls.push(v);
    } else if (o.name === '-X' || o.name === '--request') explicit = upper(v) ?? explicit;
    else if (o.name === '-u' || o.name === '--user') req.basic = v;
    else if (o.name === '--oauth2-bearer') req.bearer = v;
    else if (o.name === '-G' || o.name === '--get') get = true;
    else if (o.name === '-I' || o.name === '--head') head = true;
    else if (o.name === '-T' || o.name === '--upload-file') upload = true;
    else if (CURL_DATA.test(o.name)) {
      data = true;
      if (bodyTriggersJobRun(v)) req.triggersJobRun = true;
    }
  }
  req.method = explicit ?? (head ? 'HEAD' : get ? 'GET' : upload ? 'PUT' : data ? 'POST' : 'GET');
  return req;
}

const WGET: OptionSpec = {
  shortWithValue: new Set('OoaeUtTwPiBlARDXIQ'),
  longWithValue: new Set([
    '--header',
    '--output-document',
    '--output-file',
    '--append-output',
    '--user-agent',
    '--tries',
    '--timeout',
    '--wait',
    '--directory-prefix',
    '--input-file',
    '--base',
    '--post-data',
    '--post-file',
    '--body-data',
    '--body-file',
    '--method',
    '--user',
    '--password',
    '--http-user',
    '--http-password',
    '--load-cookies',
    '--save-cookies',
    '--referer',
    '--ca-certificate',
    '--certificate',
    '--private-key',
    '--execute',
    '--level',
    '--accept',
    '--reject',
    '--domains',
    '--bind-address',
    '--limit-rate',
    '--dns-timeout',
    '--connect-timeout',
    '--read-timeout',
    '--waitretry',
    '--quota',
    '--proxy-user',
    '--proxy-password',
    '--restrict-file-names',
    '--local-encoding',
    '--remote-encoding',
    '--ca-directory',
    '--certificate-type',
    '--private-key-type',
  ]),
};

function wgetRequest(inv: Invocation): Request {
  const { options, positionals } = parseOptions(inv.args, WGET);
  const req: Request = { client: 'wget', urls: positionals, headers: [] };
  let method: string | undefined;
  let post = false;
  for (const o of options) {
    const v = o.value;
    if (o.name === '--header') {
      if (v) req.headers.push(v);
    } else if (o.name === '--method') method = upper(v) ?? method;
    else if (o.name === '--post-data' || o.name === '--post-file') post = true;
    if ((o.name === '--post-data' || o.name === '--body-data') && bodyTriggersJobRun(v)) req.triggersJobRun = true;
    else if (['--password', '--http-password'].includes(o.name))
      req.basic = v && [{ kind: 'literal', text: ':', at: v[0]?.at ?? inv.at }, ...v];
  }
  req.method = method ?? (post ? 'POST' : 'GET');
  return req;
}

const HTTPIE: OptionSpec = {
  shortWithValue: new Set('aAopPs'),
  longWithValue: new Set([
    '--auth',
    '--auth-type',
    '--session',
    '--session-read-only',
    '--output',
    '--verify',
    '--cert',
    '--cert-key',
    '--cert-key-pass',
    '--timeout',
    '--print',
    '--history-print',
    '--pretty',
    '--style',
    '--proxy',
    '--format-options',
    '--max-redirects',
    '--ssl',
    '--ciphers',
    '--default-scheme',
    '--boundary',
    '--raw',
    '--response-charset',
    '--response-mime',
    '--bearer',
  ]),
};
const HTTP_METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i;
/** httpie request items: `Header:value`, `param==value`, `field=value`, `field:=json`, `@file`. */
const DATA_ITEM = /^[^:=@]*(:=|=(?!=))/;

function httpieRequest(inv: Invocation): Request {
  const { options, positionals } = parseOptions(inv.args, HTTPIE);
  const req: Request = { client: inv.name === 'xh' || inv.name === 'xhs' ? 'xh' : 'httpie', urls: [], headers: [] };
  let authType: string | undefined;
  let auth: Word | undefined;
  for (const o of options) {
    if (o.name === '-A' || o.name === '--auth-type') authType = literalText(o.value ?? [])?.toLowerCase();
    else if (o.name === '-a' || o.name === '--auth') auth = o.value;
    else if (o.name === '--bearer') req.bearer = o.value;
  }
  if (auth) {
    if (authType === 'bearer') req.bearer = auth;
    else req.basic = auth;
  }
  let i = 0;
  const m = positionals[0] && positionals.length > 1 ? literalText(positionals[0]) : undefined;
  let method = m && HTTP_METHOD.test(m) ? m.toUpperCase() : undefined;
  if (method) i = 1;
  const url = positionals[i];
  if (url) {
    const lit = url[0]?.kind === 'literal' ? url[0].text : '';
    const scheme = inv.name === 'https' || inv.name === 'xhs' ? 'https://' : 'http://';
    // httpie accepts `cloud.getdbt.com/api/...` without a scheme.
    req.urls.push(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(lit) || lit.startsWith('{') || url[0]?.kind !== 'literal'
        ? url
        : [{ kind: 'literal', text: scheme, at: url[0]!.at }, ...url],
    );
  }
  let data = false;
  for (const item of positionals.slice(i + 1)) {
    const head = item[0]?.kind === 'literal' ? item[0].text : '';
    if (/^authorization:/i.test(head)) req.headers.push(item);
    else if (DATA_ITEM.test(head)) data = true;
  }
  method ??= data ? 'POST' : 'GET';
  req.method = method;
  return req;
}

export const HTTP_CLIENTS = ['curl', 'wget', 'http', 'https', 'xh', 'xhs'] as const;

/** Call sites of an HTTP client command line; empty for other programs and non-dbt URLs. */
export function httpClientCallSites(inv: Invocation, ctx: CommandContext): RawCallSite[] {
  switch (inv.name) {
    case 'curl':
      return callSitesOf(curlRequest(inv), inv, ctx);
    case 'wget':
      return callSitesOf(wgetRequest(inv), inv, ctx);
    case 'http':
    case 'https':
    case 'xh':
    case 'xhs':
      return callSitesOf(httpieRequest(inv), inv, ctx);
    default:
      return [];
  }
}
