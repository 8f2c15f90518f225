import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import { LineIndex } from '../../facts/location.js';
import { accountIdsInPath, isDbtHostName, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { stripAuthScheme } from '../../credentials/auth-schemes.js';
import { credentialFromAuthValue } from '../shared/api-client-auth.js';
import { isDbtTokenShaped } from '../../credentials/token-shapes.js';
import type { InsomniaExport, InsomniaRequest, Located } from './export-model.js';

// Insomnia exports (v4 JSON `resources[]`, v5 YAML `collection:`): each request to the dbt Cloud
// API is a call site of the `postman` workflow (sent by hand from an API client), with the token
// its auth helper or Authorization header sends, else its folders'. `{{ _.token }}` (or
// `{{ token }}`) is an environment variable of the export: a value written there is the token,
// committed in the file.

const VARIABLE = /\{\{\s*(?:_\.)?([A-Za-z_][\w.-]{0,100})\s*\}\}/g;
/** Folders looked at above a request for inherited auth, at most. */
const MAX_DEPTH = 16;

export const adapter: LanguageAdapter = {
  id: 'insomnia',
  async extract(file): Promise<FileFacts> {
    const facts = emptyFacts();
    const lines = new LineIndex(file.text);
    const { readInsomniaExport } = await import('./export-model.js');
    const exported = await readInsomniaExport(file.path, file.text, lines);
    facts.problems.push(...exported.problems);
    const environment = exported.environment;
    const substitute = (text: string): string =>
      text
        .replace(VARIABLE, (_m, name: string) => environment.get(name)?.value ?? `{${name}}`)
        .replace(/\{\{[^{}]*\}\}|\{%[^%]*%\}/g, '{value}');
    for (const request of exported.requests) {
      const site = callSite(request, exported, substitute);
      if (site) facts.callSites.push(site);
    }
    if (facts.callSites.length > 0) {
      facts.role = 'postman';
      // A token written in the export's environment is committed there.
      for (const [name, v] of environment) {
        const value = stripAuthScheme(v.value.trim(), 'dbt');
        if (isDbtTokenShaped(value))
          facts.credentialSites.push({ span: v.span, credential: { source: 'literal', name, value, span: v.span } });
      }
    }
    return facts;
  },
};

function callSite(request: InsomniaRequest, exported: InsomniaExport, substitute: (text: string) => string): RawCallSite | undefined {
  const hostVar = /^\s*\{\{\s*(?:_\.)?([A-Za-z_][\w.-]*)\s*\}\}/.exec(request.url.value)?.[1];
  const endpoint = recognizeDbtCloudUrl(substitute(request.url.value), { hostIsDbt: hostVar !== undefined && isDbtHostName(hostVar) });
  if (!endpoint) return undefined;
  if (request.method) endpoint.method = request.method.toUpperCase();
  const site: RawCallSite = { kind: 'http', span: request.url.span, endpoint, workflow: 'postman', client: 'Insomnia' };
  const credential = credentialOf(request, exported);
  if (credential) site.credential = credential;
  const accounts = accountIdsInPath(endpoint.path);
  if (accounts.length > 0) site.accountIds = accounts;
  return site;
}

/** The request's Authorization header, else its auth helper, else the nearest folder's. */
function credentialOf(request: InsomniaRequest, exported: InsomniaExport): RawCredential | undefined {
  const fromValue = (v: Located): RawCredential | undefined =>
    credentialFromAuthValue(v.value, v.span, (name) => variable(name.replace(/^_\./, ''), v.span, exported));
  if (request.authorization) return fromValue(request.authorization);
  let parent: string | undefined = request.parentId;
  let auth = request.auth;
  for (let i = 0; auth === undefined && parent !== undefined && i < MAX_DEPTH; i++) {
    const folder = exported.folders.get(parent);
    auth = folder?.auth;
    parent = folder?.parentId;
  }
  return auth ? fromValue(auth) : undefined;
}

function variable(name: string, span: Span, exported: InsomniaExport): RawCredential {
  const v = exported.environment.get(name);
  const value = v && stripAuthScheme(v.value.trim(), 'dbt');
  // Written in the export's environment: the token is there.
  if (v && value && !value.includes('{{')) return { source: 'literal', name, value, span: v.span };
  return { source: 'variable', name, span };
}
