import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import { LineIndex } from '../../facts/location.js';
import { accountIdsInPath, isDbtHostName, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { credentialFromAuthValue } from '../shared/api-client-auth.js';
import { folderOf } from '../repo-path.js';
import { HttpVariables } from './variables.js';

// Requests written as text for an editor's HTTP client: VS Code's REST Client and JetBrains' HTTP
// Client (`.http`, `.rest`). Requests are separated by `###` lines; each is a request line
// (`POST {{host}}/api/v2/accounts/1/jobs/2/run/`, the method optional), then header lines up to
// a blank line, then a body. Each request to the dbt Cloud API is a call site of the `postman`
// workflow (requests sent by hand from an API client), with the token of its Authorization
// header: a literal, a file variable (`@token = …`), the environment (`{{$dotenv NAME}}`,
// `{{$processEnv NAME}}`) or a variable of the client's environment files.

// Each pattern is linear in the line (no two runs that may take the same blanks): what they leave
// around a value is trimmed in code.
const METHOD_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)[ \t]+(\S+)/;
/** A request line without a method (a GET): a URL, written whole or from a variable. */
const URL_LINE = /^(?:https?:\/\/|\{\{)\S*/i;
/** What may follow the URL on its line: the protocol version. */
const AFTER_URL = /^(?:[ \t]+HTTP\/[\d.]+)?[ \t]*$/;
const HEADER = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)[ \t]*:(.*)$/;
const FILE_VARIABLE = /^@([A-Za-z_][\w.-]*)[ \t]*=(.*)$/;
const COMMENT = /^[ \t]*(?:#|\/\/)/;
/** A query string continued on the next lines (`    ?limit=5`, `    &offset=10`). */
const QUERY_CONTINUATION = /^[ \t]+[?&]\S*$/;
/** Requests read per file, at most; a longer file is cut (a generated collection). */
const MAX_REQUESTS = 2000;

interface Request {
  method: string;
  url: string;
  at: number;
  authorization?: { value: string; at: number };
}

export const adapter: LanguageAdapter = {
  id: 'http-file',
  async extract(file, ctx: AdapterContext): Promise<FileFacts> {
    const facts = emptyFacts();
    const text = file.text;
    const lines = new LineIndex(text);
    const vars = new HttpVariables(folderOf(file.path), ctx);
    const requests: Request[] = [];
    let current: Request | undefined;
    let inHeaders = false;
    let offset = 0;
    for (const line of text.split('\n')) {
      const at = offset;
      offset += line.length + 1;
      const l = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (l.startsWith('###')) {
        current = undefined;
        inHeaders = false;
        continue;
      }
      if (current && inHeaders) {
        if (l.trim() === '') inHeaders = false;
        else if (QUERY_CONTINUATION.test(l)) current.url += l.trim();
        else if (!COMMENT.test(l)) {
          const h = HEADER.exec(l);
          if (!h) inHeaders = false;
          else if (h[1]!.toLowerCase() === 'authorization') {
            const value = h[2]!.trim();
            current.authorization = { value, at: at + l.length - h[2]!.length + h[2]!.indexOf(value) };
          }
        }
        continue;
      }
      if (current) continue; // the body, up to the next `###`
      if (l.trim() === '' || COMMENT.test(l)) continue;
      const variable = FILE_VARIABLE.exec(l);
      if (variable) {
        const value = variable[2]!.trim();
        vars.defineInFile(variable[1]!, value, lines.at(at + l.length - variable[2]!.length + variable[2]!.indexOf(value)));
        continue;
      }
      const withMethod = METHOD_LINE.exec(l);
      const url = withMethod ? withMethod[2] : URL_LINE.exec(l)?.[0];
      if (url === undefined || requests.length >= MAX_REQUESTS) continue;
      const rest = l.slice((withMethod?.[0] ?? url).length);
      if (!AFTER_URL.test(rest)) continue;
      current = { method: withMethod?.[1] ?? 'GET', url, at };
      inHeaders = true;
      requests.push(current);
    }
    for (const r of requests) {
      const site = callSiteOf(r, vars, lines);
      if (site) facts.callSites.push(site);
    }
    if (facts.callSites.length > 0) facts.role = 'postman';
    return facts;
  },
};

function callSiteOf(r: Request, vars: HttpVariables, lines: LineIndex): RawCallSite | undefined {
  // A host written as `{{dbt_cloud_host}}` counts as dbt even when its value is not known here.
  const hostVar = /^\{\{[ \t]*([A-Za-z_][\w.-]*)[ \t]*\}\}/.exec(r.url)?.[1];
  const url = vars.substitute(r.url);
  const endpoint = recognizeDbtCloudUrl(url, { hostIsDbt: hostVar !== undefined && isDbtHostName(hostVar) });
  if (!endpoint) return undefined;
  endpoint.method = r.method;
  const site: RawCallSite = { kind: 'http', span: lines.at(r.at), endpoint, workflow: 'postman', client: 'HTTP client file' };
  const credential = r.authorization && credentialOf(r.authorization.value, lines.at(r.authorization.at), vars);
  if (credential) site.credential = credential;
  const accounts = accountIdsInPath(endpoint.path);
  if (accounts.length > 0) site.accountIds = accounts;
  return site;
}

/** The token an Authorization header value sends, as written. */
function credentialOf(header: string, span: Span, vars: HttpVariables): RawCredential | undefined {
  return credentialFromAuthValue(header, span, (name) => vars.credential(name, span));
}
