import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { emptyFacts, type Definition, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import { LineIndex } from '../../facts/location.js';
import { accountIdsInPath, isDbtHostName, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { stripAuthScheme } from '../../credentials/auth-schemes.js';
import { credentialFromAuthValue } from '../shared/api-client-auth.js';
import { isDbtTokenShaped } from '../../credentials/token-shapes.js';
import { isSecretName } from '../../credentials/names.js';
import { folderOf } from '../repo-path.js';
import { bruBlocks, entryOf, type BruBlock } from './bru-file.js';

// Bruno collections: a folder with `bruno.json`, one request per `.bru` file (`post { url: … }`,
// `headers { Authorization: … }`, `auth:bearer { token: … }`), folders' and the collection's
// settings in `folder.bru` and `collection.bru` (a request's `auth: inherit` takes theirs), and
// environments in `environments/*.bru` (`vars { … }`). A request to the dbt Cloud API is a call
// site of the `postman` workflow (sent by hand from an API client), with the token it sends:
// `{{name}}` a variable of the collection's environments (an environment file's value types it,
// linked as Postman's are), `{{process.env.NAME}}` the environment variable NAME, or a literal.

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'connect', 'trace']);
/** Folders looked at above a request for inherited auth, at most. */
const MAX_DEPTH = 16;

export const adapter: LanguageAdapter = {
  id: 'bruno',
  async extract(file, ctx: AdapterContext): Promise<FileFacts> {
    const facts = emptyFacts();
    const lines = new LineIndex(file.text);
    const blocks = bruBlocks(file.text, lines);
    const request = blocks.find((b) => METHODS.has(b.name));
    if (!request) {
      // An environment: its token-named variables type the requests that send them.
      facts.definitions.push(...environmentDefinitions(blocks));
      return facts;
    }
    const url = request.entries.find((e) => e.key === 'url');
    if (!url) return facts;
    const hostVar = /^\{\{[ \t]*([A-Za-z_][\w.-]*)[ \t]*\}\}/.exec(url.value)?.[1];
    const endpoint = recognizeDbtCloudUrl(substitute(url.value), { hostIsDbt: hostVar !== undefined && isDbtHostName(hostVar) });
    if (!endpoint) return facts;
    endpoint.method = request.name.toUpperCase();
    const site: RawCallSite = { kind: 'http', span: url.span, endpoint, workflow: 'postman', client: 'Bruno' };
    const credential = credentialOf(blocks, request, file.path, ctx);
    if (credential) site.credential = credential;
    const accounts = accountIdsInPath(endpoint.path);
    if (accounts.length > 0) site.accountIds = accounts;
    facts.callSites.push(site);
    facts.role = 'postman';
    return facts;
  },
};

/** A URL with its variables written `{name}` (Bruno's `{{name}}`, `{{process.env.NAME}}`). */
const substitute = (text: string): string =>
  text.replace(/\{\{([^{}]*)\}\}/g, (_m, inner: string) => `{${inner.trim().replace(/^process\.env\./, '')}}`);

/** The token a request sends: its Authorization header, else its auth, else the folders' and the collection's (`auth: inherit`). */
function credentialOf(blocks: readonly BruBlock[], request: BruBlock, path: string, ctx: AdapterContext): RawCredential | undefined {
  const header = authorizationHeader(blocks);
  if (header) return header;
  const auth = request.entries.find((e) => e.key === 'auth');
  const mode = auth?.value ?? 'none';
  if (mode !== 'inherit') return authOf(blocks, mode);
  for (const settings of inheritedSettings(path, ctx)) {
    const inherited = authorizationHeader(settings) ?? authOf(settings, entryOf(settings, 'auth', 'mode')?.value ?? 'none');
    // Where it is written is another file: the request's `auth: inherit` stands for it here.
    if (inherited) return { ...inherited, span: auth!.span };
  }
  return undefined;
}

function authorizationHeader(blocks: readonly BruBlock[]): RawCredential | undefined {
  const header = blocks.find((b) => b.name === 'headers')?.entries.find((e) => e.key.toLowerCase() === 'authorization');
  return header && credentialFromValue(header.value, header.span);
}

/** The token of an auth helper: `auth:bearer { token }`, or an API key sent as the Authorization header. */
function authOf(blocks: readonly BruBlock[], mode: string): RawCredential | undefined {
  if (mode === 'bearer') {
    const token = entryOf(blocks, 'auth:bearer', 'token');
    return token && credentialFromValue(token.value, token.span);
  }
  if (mode === 'apikey' && entryOf(blocks, 'auth:apikey', 'key')?.value.toLowerCase() === 'authorization') {
    const value = entryOf(blocks, 'auth:apikey', 'value');
    if (value && (entryOf(blocks, 'auth:apikey', 'placement')?.value ?? 'header') === 'header')
      return credentialFromValue(value.value, value.span);
  }
  return undefined;
}

/** `folder.bru` of each folder from the request's up to the collection's root, then the root's `collection.bru`. */
function* inheritedSettings(path: string, ctx: AdapterContext): Generator<BruBlock[]> {
  const read = (p: string): BruBlock[] | undefined => {
    const text = ctx.fileExists(p) ? ctx.readRepoFile(p)?.text : undefined;
    return text === undefined ? undefined : bruBlocks(text, new LineIndex(text));
  };
  let dir = folderOf(path);
  for (let i = 0; i < MAX_DEPTH; i++) {
    const at = (name: string): string => (dir ? `${dir}/${name}` : name);
    const folder = read(at('folder.bru'));
    if (folder) yield folder;
    if (ctx.fileExists(at('bruno.json'))) {
      const collection = read(at('collection.bru'));
      if (collection) yield collection;
      return;
    }
    if (dir === '') return;
    dir = folderOf(dir);
  }
}

function credentialFromValue(raw: string, span: Span): RawCredential | undefined {
  return credentialFromAuthValue(raw, span, (name) => {
    const env = /^process\.env\.([A-Za-z_]\w*)$/.exec(name);
    if (env) return { source: 'env', name: env[1]!, span };
    return { source: 'variable', name, span, ref: { kind: 'postman-variable', id: name } };
  });
}

/** An environment's variables that hold a token (by their name, or a value shaped like a dbt token). */
function environmentDefinitions(blocks: readonly BruBlock[]): Definition[] {
  const out: Definition[] = [];
  for (const e of blocks.find((b) => b.name === 'vars')?.entries ?? []) {
    const value = stripAuthScheme(e.value, 'dbt');
    if (value === '' || value.includes('{{')) continue;
    if (!isSecretName(e.key, 'postman-variable') && !isDbtTokenShaped(value)) continue;
    out.push({
      ref: { kind: 'postman-variable', id: e.key },
      credential: { source: 'literal', name: e.key, value, span: e.span },
      span: e.span,
    });
  }
  return out;
}
